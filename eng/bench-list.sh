#!/usr/bin/env bash
# List endpoint throughput, before and after, in one command (issue 21's target):
#   eng/bench-list.sh <rev-before> <rev-after> [rounds]
# For each revision: its tree exported (git archive) into a temporary folder, the throughput host (benchmarks/ListEndpointHost:
# the Upgrade Records endpoints over the SQLite store with Data Protection, seeded with RECORDS records, every request
# signed in) built in Release, started on a free loopback port. Then ROUNDS alternating rounds (before, after, before,
# ...) of wrk (32 connections, DURATION each after a WARMUP) against
#   GET /api/upgrades?pageSize=20   the list endpoint's first 20-row page
#   GET /floor                      the same page's bytes serialised once at start: the framework's floor
# and the medians of each, with the ratio after/before and each list figure's share of its floor.
# A revision that has no benchmarks/ListEndpointHost (older than the commit that added it) is measured with the host as
# that commit wrote it, which compiles against the API of its time.
# Environment: RECORDS (1000), ROUNDS (5, or the third argument), DURATION (10s), WARMUP (3s), CONNECTIONS (32),
# THREADS (2), HOST_REV (the revision whose host older revisions use), KEEP=1 keeps the temporary folder.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 <rev-before> <rev-after> [rounds]" >&2
  exit 2
fi
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
before=$(git -C "$repo" rev-parse --short "$1^{commit}")
after=$(git -C "$repo" rev-parse --short "$2^{commit}")
rounds=${3:-${ROUNDS:-5}}
records=${RECORDS:-1000}
duration=${DURATION:-10s}
warmup=${WARMUP:-3s}
connections=${CONNECTIONS:-32}
threads=${THREADS:-2}
host_dir=benchmarks/ListEndpointHost
host_project=Dataphin.UpgradeKit.Benchmarks.ListEndpointHost

if ! command -v wrk >/dev/null; then
  echo "installing wrk (apt-get install wrk)" >&2
  if [[ $(id -u) -eq 0 ]]; then apt-get install -y -qq wrk >/dev/null; else sudo apt-get install -y -qq wrk >/dev/null; fi
fi

work=$(mktemp -d -t bench-list.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ ${KEEP:-0} != 1 ]]; then
    rm -rf "$work"
  else
    echo "kept $work" >&2
  fi
}
trap cleanup EXIT

# The commit that added the host: its version of the host is the one written against the older API.
# HOST_REV names another (e.g. aca7968, the host's first commit, if a squash merge rewrote it for a newer API).
host_origin=${HOST_REV:-$(git -C "$repo" log --diff-filter=A --format=%H -1 -- "$host_dir/Program.cs" || true)}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# build <rev> <label>: the revision's tree, host source, Release build; prints the path of the built host's dll.
build() {
  local rev=$1 label=$2 dir="$work/src-$2"
  mkdir -p "$dir"
  git -C "$repo" archive "$rev" | tar -x -C "$dir"
  if [[ ! -f $dir/$host_dir/Program.cs ]]; then
    if [[ -z $host_origin ]]; then
      echo "$rev has no $host_dir and this repository has no commit that added it" >&2
      exit 1
    fi
    mkdir -p "$dir/$host_dir"
    git -C "$repo" archive "$host_origin" "$host_dir" | tar -x -C "$dir"
  fi
  echo "building $label ($rev)" >&2
  dotnet build "$dir/$host_dir/$host_project.csproj" -c Release -o "$work/bin-$label" -nologo -v quiet >"$work/build-$label.log" 2>&1 \
    || { tail -30 "$work/build-$label.log" >&2; exit 1; }
  echo "$work/bin-$label/$host_project.dll"
}

# start <dll> <label>: starts the host, waits until it has seeded and prints "ready"; sets url_<label> to its base
# address. Not called in a command substitution: the host's pid must reach the cleanup's list in this shell.
start() {
  local dll=$1 label=$2 port
  port=$(free_port)
  rm -f "$work/db-$label"*
  DOTNET_gcServer=1 ASPNETCORE_ENVIRONMENT=Production dotnet "$dll" --urls "http://127.0.0.1:$port" \
    --records "$records" --database "$work/db-$label.sqlite" >"$work/host-$label.log" 2>&1 &
  pids+=($!)
  local pid=$!
  for _ in $(seq 1 600); do
    if grep -q '^ready ' "$work/host-$label.log"; then
      echo "$label: $(grep '^ready ' "$work/host-$label.log")" >&2
      printf -v "url_$label" '%s' "http://127.0.0.1:$port"
      return
    fi
    kill -0 "$pid" 2>/dev/null || { cat "$work/host-$label.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "$label did not become ready" >&2
  exit 1
}

# rps <url>: requests per second of one wrk run after a warm-up; fails on any non-2xx answer or socket error.
rps() {
  local url=$1 out
  wrk -t"$threads" -c"$connections" -d"$warmup" "$url" >/dev/null
  out=$(wrk -t"$threads" -c"$connections" -d"$duration" "$url")
  if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then
    echo "$out" >&2
    echo "errors measuring $url" >&2
    exit 1
  fi
  awk '/^Requests\/sec:/ { print $2 }' <<<"$out"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

dll_before=$(build "$before" before)
dll_after=$(build "$after" after)
start "$dll_before" before
start "$dll_after" after

declare -A samples
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq 1 "$rounds"); do
  for label in before after; do
    base=url_$label
    list=$(rps "${!base}/api/upgrades?pageSize=20")
    floor=$(rps "${!base}/floor")
    samples[$label-list]+="$list "
    samples[$label-floor]+="$floor "
    echo "round $round $label: list $list req/s, floor $floor req/s" >&2
  done
done

load_end=$(cut -d' ' -f1-3 /proc/loadavg)
m() { tr ' ' '\n' <<<"${samples[$1]}" | grep . | median; }
lb=$(m before-list); fb=$(m before-floor); la=$(m after-list); fa=$(m after-floor)
echo
echo "List endpoint throughput, medians of $rounds alternating rounds (wrk -t$threads -c$connections -d$duration, $records records, pageSize=20)"
printf '%-8s %-10s %14s %14s %12s\n' "" revision "list req/s" "floor req/s" "list/floor"
printf '%-8s %-10s %14.0f %14.0f %12.3f\n' before "$before" "$lb" "$fb" "$(awk -v a="$lb" -v b="$fb" 'BEGIN { print a / b }')"
printf '%-8s %-10s %14.0f %14.0f %12.3f\n' after "$after" "$la" "$fa" "$(awk -v a="$la" -v b="$fa" 'BEGIN { print a / b }')"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $load_start at the start of the rounds, $load_end at the end"
printf 'after/before (list): %.3f\n' "$(awk -v a="$la" -v b="$lb" 'BEGIN { print a / b }')"
