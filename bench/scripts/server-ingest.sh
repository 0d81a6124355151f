#!/usr/bin/env bash
# Times ingestion through the API: a fresh server on H2 (no demo knowledge base), then
# `./quarry ingest --url` of a folder, from the first upload until the client reports every file
# READY. Prints the wall time, the server's CPU while it ran (the process's, and by thread group,
# sampled each second so that threads which end meanwhile count and the JIT compiler shows) and
# the client's CPU.
#
#   bench/scripts/server-ingest.sh FOLDER [WARM_FOLDER]
#
# WARM_FOLDER, when given, is ingested into another knowledge base first (untimed), so that the
# timed run meets a server whose JIT has warmed up. JVM flags for the server: SERVER_JAVA_OPTS
# (e.g. -XX:TieredStopAtLevel=1). Ports: 18080 and 19000 on 127.0.0.1. The server's data goes to
# a new temporary directory, removed at the end. docs/benchmarks.md ("The server's JIT") has the
# figures; bench/scripts/scifact-files.sh writes SciFact's abstracts as files to feed it.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
FOLDER="$(cd "${1:?usage: server-ingest.sh FOLDER [WARM_FOLDER]}" && pwd)"
WARM="${2:-}"
PORT=18080
DATA="$(mktemp -d)"
LOG="$DATA.server.log"

# CPU seconds of a process (utime + stime of /proc/<pid>/stat, which keeps ended threads).
process_cpu() {
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13) / hz }' "/proc/$1/stat"
}

# Every thread's CPU once a second ("round|tid|name|seconds" lines) until the process ends or the
# file named by $3 exists, so that threads which end during the run (Lucene's merge threads, pool
# threads) are counted too. One awk a second: its own cost stays out of the server.
sample_threads() {
  local hz round=0
  hz="$(getconf CLK_TCK)"
  while kill -0 "$1" 2>/dev/null && [[ ! -e "$3" ]]; do
    awk -v hz="$hz" -v round="$round" '{
        op = index($0, "("); cl = match($0, /\) [A-Za-z] /)
        split(substr($0, cl + 2), f, " ")
        print round "|" $1 "|" substr($0, op + 1, cl - op - 1) "|" (f[12] + f[13]) / hz
      }' /proc/"$1"/task/*/stat 2>/dev/null || true # a thread that ends meanwhile
    round=$((round + 1))
    sleep 1
  done >"$2"
}

# CPU seconds by thread group from sample_threads' file: each thread's last sample less its first
# (less nothing for a thread born after the first round), threads grouped by name with digits as N
# (except the JIT's "C1/C2 CompilerThread").
thread_groups() {
  awk -F'|' '{
      if (!($2 in first)) { first[$2] = ($1 == 0 ? $4 : 0) }
      last[$2] = $4; name[$2] = $3
    } END {
      for (t in last) {
        g = name[t]
        if (g !~ /^C[12] /) gsub(/[0-9]+/, "N", g)
        cpu[g] += last[t] - first[t]
      }
      for (g in cpu) if (cpu[g] >= 0.3) printf "%.1f\t%s\n", cpu[g], g
    }' "$1" | sort -rn | awk -F'\t' '{ printf "  %-24s %7.1f\n", $2, $1 }'
}

cd "$ROOT"
mvn -B -q -o -DskipTests package -pl api -am >/dev/null 2>&1 || mvn -B -q -DskipTests package -pl api -am
# The launcher rebuilds a module whose sources changed on first use: let it do so now, untimed.
./quarry ingest --url=http://127.0.0.1:$PORT --help >/dev/null
QUARRY_DATA_DIR="$DATA" QUARRY_DEMO_ENABLED=false QUARKUS_MANAGEMENT_PORT=19000 \
  JAVA_OPTS="${SERVER_JAVA_OPTS:-}" ./quarry serve --port "$PORT" >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$DATA" "$LOG" "$DATA.threads" "$DATA.done"' EXIT
for _ in $(seq 1 180); do
  curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break
  kill -0 $SERVER 2>/dev/null || { cat "$LOG" >&2; exit 1; }
  sleep 1
done
export QUARRY_API_KEY="$(cat "$DATA/admin-key")"
if [[ -n "$WARM" ]]; then
  ./quarry ingest --url "http://127.0.0.1:$PORT" --kb warm-up "$WARM" | tail -1
fi

before_cpu="$(process_cpu $SERVER)"
sample_threads $SERVER "$DATA.threads" "$DATA.done" &
SAMPLER=$!
start=$(date +%s.%N)
/usr/bin/time -f "client CPU: %U s user, %S s system" \
  ./quarry ingest --url "http://127.0.0.1:$PORT" --kb timed "$FOLDER" 2>&1 | grep -v '^  READY' | tail -2
end=$(date +%s.%N)
after_cpu="$(process_cpu $SERVER)"
touch "$DATA.done"
wait $SAMPLER || true

echo "all READY after $(echo "$end - $start" | bc) s (load $(cut -d' ' -f1-3 /proc/loadavg))"
echo "server CPU: $(echo "$after_cpu - $before_cpu" | bc) s; by thread group (threads that ended included):"
thread_groups "$DATA.threads"
curl -s "http://127.0.0.1:19000/q/metrics" | grep '^quarry_ingest_stage_seconds_sum' |
  sed -E 's/quarry_ingest_stage_seconds_sum\{stage="([a-z]+)"\} /  stage \1: /'
