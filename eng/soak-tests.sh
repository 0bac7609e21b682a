#!/usr/bin/env bash
# Repeats the tests that time or share the machine the most while the whole suite runs beside them, so a test that
# fails once in twenty runs on a loaded machine shows here rather than in CI.
#
#   eng/soak-tests.sh [ROUNDS]        (default 20)
#
# Builds once, then runs two loops at the same time:
#   - the load: `dotnet test` of the whole solution, again and again, until the soak loop ends;
#   - the soak: ROUNDS rounds of the `Timing` category (every project), the SQLite project and the PostgreSQL project.
# Every run's result goes to artifacts/soak/; the script ends with one line per kind and exits non-zero on any failure.
# Run it from a clone with the host tools installed (.ci/run installs them); it takes about an hour on 2 cores.
set -uo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-20}
out=artifacts/soak
rm -rf "$out"; mkdir -p "$out"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 CI=true

dotnet build Dataphin.UpgradeKit.sln -v q -nologo > "$out/build.log" 2>&1 || { tail -30 "$out/build.log"; exit 1; }

start=$(date +%s)
touch "$out/soak.running"
(
  n=0
  while [ -e "$out/soak.running" ]; do
    n=$((n + 1))
    dotnet test Dataphin.UpgradeKit.sln --no-build > "$out/load-$n.log" 2>&1
    echo "$n $?" >> "$out/load.results"
  done
) &
load_pid=$!

run() { # kind round args...
  local kind=$1 round=$2; shift 2
  local t0; t0=$(date +%s)
  dotnet test "$@" --no-build > "$out/$kind-$round.log" 2>&1
  local rc=$?
  echo "$round $rc $(( $(date +%s) - t0 ))" >> "$out/$kind.results"
  [ "$rc" -eq 0 ] || echo "FAILED: $kind round $round (see $out/$kind-$round.log)"
}

for round in $(seq 1 "$rounds"); do
  run timing "$round" Dataphin.UpgradeKit.sln --filter "Category=Timing"
  run sqlite "$round" tests/Dataphin.UpgradeKit.Sqlite.Tests
  run postgresql "$round" tests/Dataphin.UpgradeKit.PostgreSql.Tests
done

rm -f "$out/soak.running"
wait "$load_pid"
elapsed=$(( $(date +%s) - start ))

failed=0
for kind in timing sqlite postgresql load; do
  total=$(wc -l < "$out/$kind.results")
  bad=$(awk '$2 != 0' "$out/$kind.results" | wc -l)
  failed=$((failed + bad))
  echo "$kind: $((total - bad)) of $total runs passed"
done
echo "soak: $rounds rounds in $((elapsed / 60)) min $((elapsed % 60)) s, $failed failed runs"
[ "$failed" -eq 0 ]
