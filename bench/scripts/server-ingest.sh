#!/usr/bin/env bash
# Times ingestion through the API: a fresh server on H2 (no demo knowledge base), then
# `./quarry ingest --url` of a folder, from the first upload until the client reports every file
# READY. Prints the wall time, the server's CPU while it ran (the process's, ended threads
# included, and by live thread group, so the JIT compiler shows) and the client's CPU.
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

# CPU seconds by thread group ("name value" lines): digits in thread names become N, except in
# the JIT's "C1/C2 CompilerThread".
thread_cpu() {
  for t in /proc/"$1"/task/*; do
    { name="$(cat "$t/comm")"; stat="$(cat "$t/stat")"; } 2>/dev/null || continue
    echo "$name|${stat##*) }"
  done | awk -F'|' -v hz="$(getconf CLK_TCK)" '{
      split($2, f, " "); g = $1
      if (g !~ /^C[12] /) gsub(/[0-9]+/, "N", g)
      cpu[g] += (f[12] + f[13]) / hz
    } END { for (g in cpu) printf "%s\t%.1f\n", g, cpu[g] }'
}

cd "$ROOT"
mvn -B -q -o -DskipTests package -pl api -am >/dev/null 2>&1 || mvn -B -q -DskipTests package -pl api -am
# The launcher rebuilds a module whose sources changed on first use: let it do so now, untimed.
./quarry ingest --url=http://127.0.0.1:$PORT --help >/dev/null
QUARRY_DATA_DIR="$DATA" QUARRY_DEMO_ENABLED=false QUARKUS_MANAGEMENT_PORT=19000 \
  JAVA_OPTS="${SERVER_JAVA_OPTS:-}" ./quarry serve --port "$PORT" >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$DATA" "$LOG"' EXIT
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
before_threads="$(thread_cpu $SERVER)"
start=$(date +%s.%N)
/usr/bin/time -f "client CPU: %U s user, %S s system" \
  ./quarry ingest --url "http://127.0.0.1:$PORT" --kb timed "$FOLDER" 2>&1 | grep -v '^  READY' | tail -2
end=$(date +%s.%N)
after_cpu="$(process_cpu $SERVER)"

echo "all READY after $(echo "$end - $start" | bc) s (load $(cut -d' ' -f1-3 /proc/loadavg))"
echo "server CPU: $(echo "$after_cpu - $before_cpu" | bc) s; by thread group (threads alive at the end):"
join -t $'\t' -a 2 -e 0 -o 0,1.2,2.2 <(echo "$before_threads" | sort) <(thread_cpu $SERVER | sort) |
  awk -F'\t' '{ d = $3 - $2; if (d >= 0.3) printf "%.1f\t%s\n", d, $1 }' | sort -rn |
  awk -F'\t' '{ printf "  %-24s %7.1f\n", $2, $1 }'
curl -s "http://127.0.0.1:19000/q/metrics" | grep '^quarry_ingest_stage_seconds_sum' |
  sed -E 's/quarry_ingest_stage_seconds_sum\{stage="([a-z]+)"\} /  stage \1: /'
