#!/usr/bin/env bash
# Repeats the tests that time or share the machine the most while the whole suite runs beside them, so a test that
# fails once in twenty runs on a loaded machine shows here rather than in CI.
#
#   eng/soak-tests.sh [ROUNDS]        (default 20)
#
# Builds once, then runs four loops at the same time:
#   - the load: `dotnet test` of the whole solution, again and again, until the three soak loops end;
#   - the soak: ROUNDS runs each of the `Timing` category (every project), of the SQLite project and of the PostgreSQL
#     project (their Timing tests run in the first loop, not twice), each kind in its own loop, so every soaked test
#     also runs beside the others' and the load's.
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

soak() { # kind args...
  local kind=$1; shift
  for round in $(seq 1 "$rounds"); do run "$kind" "$round" "$@"; done
}
soak timing Dataphin.UpgradeKit.sln --filter "Category=Timing" &
timing_pid=$!
soak sqlite tests/Dataphin.UpgradeKit.Sqlite.Tests --filter "Category!=Timing" &
sqlite_pid=$!
soak postgresql tests/Dataphin.UpgradeKit.PostgreSql.Tests --filter "Category!=Timing" &
postgresql_pid=$!
wait "$timing_pid" "$sqlite_pid" "$postgresql_pid"

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
