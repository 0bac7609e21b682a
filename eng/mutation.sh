#!/usr/bin/env bash
# Mutation testing of the core's rules code with Stryker.NET (not run by CI: it is long).
#
#   eng/mutation.sh                      # Lifecycle, Actions, Times and Timeline, one folder after another
#   eng/mutation.sh Lifecycle Times      # only these folders
#
# Each folder is its own Stryker run (one test process, coverage-based test selection), so a two-core
# machine stays usable; reports land in artifacts/mutation/<Folder>/ (HTML and JSON), and the last line
# of each run prints the folder's score.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
dotnet tool restore >/dev/null

folders=("$@")
if [ ${#folders[@]} -eq 0 ]; then
  folders=(Lifecycle Actions Times Timeline)
fi

for folder in "${folders[@]}"; do
  out="$root/artifacts/mutation/$folder"
  mkdir -p "$out"
  echo "== $folder"
  (cd tests/Dataphin.UpgradeKit.Tests &&
    dotnet stryker --config-file stryker-config.json \
      --mutate "**/$folder/**/*.cs" \
      --output "$out")
done
