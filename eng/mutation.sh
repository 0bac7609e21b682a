#!/usr/bin/env bash
# Mutation testing of the core's rules code with Stryker.NET (not run by CI: it is long).
#
#   eng/mutation.sh                          # Lifecycle, Actions, Times and Timeline, one Stryker run per folder
#   eng/mutation.sh Lifecycle Times          # only these folders, one run each
#   eng/mutation.sh --together Lifecycle Actions   # these folders in ONE run (one build, one initial test run,
#                                                  # one coverage run: about 15 min less per folder on a busy
#                                                  # machine); the report gives each file's figures
#
# Reports land in artifacts/mutation/<Folder>/ (or <A+B>/ with --together), HTML and JSON; the last line of each
# run prints the score. eng/mutation-summary.py <report.json> prints each folder's figures and its survivors.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
dotnet tool restore >/dev/null

together=false
if [ "${1:-}" = "--together" ]; then
  together=true
  shift
fi

folders=("$@")
if [ ${#folders[@]} -eq 0 ]; then
  folders=(Lifecycle Actions Times Timeline)
fi

run() { # <report folder name> <folder>...
  local out="$root/artifacts/mutation/$1"
  shift
  local mutate=()
  for folder in "$@"; do
    mutate+=(--mutate "**/$folder/**/*.cs")
  done
  mkdir -p "$out"
  echo "== $*"
  (cd tests/Dataphin.UpgradeKit.Tests &&
    dotnet stryker --config-file stryker-config.json "${mutate[@]}" --output "$out")
}

if $together; then
  run "$(IFS=+; echo "${folders[*]}")" "${folders[@]}"
else
  for folder in "${folders[@]}"; do
    run "$folder" "$folder"
  done
fi
