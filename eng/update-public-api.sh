#!/usr/bin/env bash
# Adds every public symbol the build reports as undeclared (RS0016) to the project's PublicAPI.Unshipped.txt,
# and removes the ones it reports as gone (RS0017), so an API change is a reviewed diff. Usage: eng/update-public-api.sh src/<Project>
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
# RS0017: declared symbols that no longer exist (a signature changed or a member went away).
printf '%s\n' "$out" | grep -oP "error RS0017: Symbol '\K.*(?=' is part of the declared API)" | sort -u > /tmp/rs0017.$$ || true
if [ -s /tmp/rs0017.$$ ]; then
  grep -vxFf /tmp/rs0017.$$ "$file" > /tmp/api.$$ || true
  cp /tmp/api.$$ "$file"
  echo "removed $(wc -l < /tmp/rs0017.$$) symbols from $file"
fi
rm -f /tmp/rs0016.$$ /tmp/rs0017.$$ /tmp/api.$$
