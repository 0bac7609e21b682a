#!/usr/bin/env bash
# Adds every public symbol the build reports as undeclared (RS0016) to the project's PublicAPI.Unshipped.txt,
# so an API change is a reviewed diff. Usage: eng/update-public-api.sh src/<Project>
set -euo pipefail
proj=${1:?usage: eng/update-public-api.sh src/<Project>}
out=$(dotnet build "$proj" --no-incremental 2>&1 || true)
file="$proj/PublicAPI.Unshipped.txt"
printf '%s\n' "$out" | grep -oP "error RS0016: Symbol '\K.*(?=' is not part of the declared public API)" | sort -u > /tmp/rs0016.$$ || true
if [ -s /tmp/rs0016.$$ ]; then
  { grep -v '^#nullable' "$file" || true; cat /tmp/rs0016.$$; } | sort -u > /tmp/api.$$
  { echo '#nullable enable'; cat /tmp/api.$$; } > "$file"
  echo "added $(wc -l < /tmp/rs0016.$$) symbols to $file"
fi
rm -f /tmp/rs0016.$$ /tmp/api.$$
