#!/usr/bin/env bash
# Benchmark: the same MCP workload against the plain Spring AI server (mcp.guard.enabled=false, security off) and
# the fully guarded server (token auth, authz, rate limits set high, audit to PostgreSQL) on this machine, then the
# ratio. Also reports start-up time (the guarded server also in Spring's AOT mode), resident memory and whether
# audit kept every call.
#
#   src/bench/run.sh                      # defaults: 16 clients, 120 s warm-up, 30 s measured, tool get_product
#   CLIENTS=32 BENCH_SECONDS=60 src/bench/run.sh
#   STARTS=5 src/bench/run.sh              # more start-up samples (median)
#   LOAD=0 src/bench/run.sh                # start-up and memory only, a few minutes
#   CDS=0 src/bench/run.sh                 # plain `java -jar` instead of the extracted jar with a class archive
#   SERVER_JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 src/bench/run.sh   # both servers on another JDK
#
# The servers run on SERVER_JAVA_HOME (default: the java on the PATH), as extracted jars with the class archive
# of a training start: the AOT cache on Java 25 and later (JEP 483/514), AppCDS before.
#
# Each server is started alone, STARTS times (default 3) in turns (median start-up, memory when ready); then both
# stay up and take the load in turns, in ROUNDS slices each (baseline then guarded, guarded then baseline, ...), from one load generator: a shared host
# whose speed drifts during the run (seen here: the same single-thread loop took 0.8 to 1.2 s from one minute to the
# next) slows both alike, and the ratio stays put. The slices are short (1 s with the defaults): the host's stalls
# last 0.5 to 4 s here, and with 5-s slices one of them could fall in one server's slice and make its p99 alone.
# Per server: a warm-up (not counted: under this load on 2 cores
# the JIT compilers compete with the server for about 100 s, more for the guarded server, which has more code to
# compile), capacity (every client calls again as soon as it has an answer: calls/s, and the server's, PostgreSQL's
# and the whole machine's CPU per call over that server's slices), then latency at a fixed offered rate, the same for
# both servers (RATE, by default half of the baseline's capacity), so that p50/p99 compare the servers' own work
# rather than queueing at saturation.
#
# PostgreSQL: BENCH_DB_URL/BENCH_DB_USER/BENCH_DB_PASSWORD if set; else a database mcpguard_bench is (re)created on
# the local cluster (as in .ci/run).
set -euo pipefail
cd "$(dirname "$0")/../.."

WARMUP=${WARMUP:-120}
LATENCY_SECONDS=${LATENCY_SECONDS:-30}
# shellcheck source=src/bench/lib.sh
. src/bench/lib.sh

build src/bench/McpLoad.java

if [ -z "${BENCH_DB_URL:-}" ]; then
  echo "==> PostgreSQL: fresh database mcpguard_bench on the local cluster"
  fresh_database mcpguard_bench
  BENCH_DB_URL=jdbc:postgresql://127.0.0.1:5432/mcpguard_bench BENCH_DB_USER=mcpguard BENCH_DB_PASSWORD=mcpguard
fi
database_args "$BENCH_DB_URL" "$BENCH_DB_USER" "$BENCH_DB_PASSWORD"

SECURITY_OFF="--spring.autoconfigure.exclude=org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,\
org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,\
org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,\
org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration,\
org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration"

BASE_ARGS=(--mcp.guard.enabled=false "$SECURITY_OFF")
# The guarded server also starts in Spring's AOT mode (the bean definitions the build generated with
# spring-boot:process-aot), for its start-up only; the baseline's configuration differs from the processed one.
AOT_MODE=-Dspring.aot.enabled=true

if [ "${CDS:-1}" != 0 ]; then
  rm -rf target/bench-app
  "$SERVER_JAVA" -Djarmode=tools -jar "$JAR" extract --destination target/bench-app > /dev/null
  JAR=target/bench-app/$(basename "$JAR")
  if [ "$JAVA_FEATURE" -ge 25 ]; then
    echo "==> AOT cache (Java $JAVA_FEATURE): extracted jar, one cache per server recorded in a training start"
    archive_opt() { echo "-XX:AOTCache=target/bench-app/$1.aot"; }
    record_opt() { echo "-XX:AOTCacheOutput=target/bench-app/$1.aot"; }
  else
    echo "==> AppCDS (Java $JAVA_FEATURE): extracted jar, one class archive per server recorded in a training start"
    archive_opt() { echo "-XX:SharedArchiveFile=target/bench-app/$1.jsa"; }
    record_opt() { echo "-XX:ArchiveClassesAtExit=target/bench-app/$1.jsa"; }
  fi
  # Each server's own options, configuration and database, exiting after the context refresh.
  for label in baseline guarded guarded-aot; do
    if [ "$label" = baseline ]; then set -- "${BASE_ARGS[@]}"; else set -- "${GUARD_ARGS[@]}"; fi
    mode=; [ "$label" = guarded-aot ] && mode=$AOT_MODE
    # shellcheck disable=SC2086
    "$SERVER_JAVA" $JAVA_OPTS $mode "$(record_opt "$label")" -Dspring.context.exit=onRefresh -jar "$JAR" \
      "${DB_ARGS[@]}" --server.port=0 "$@" > "target/bench-archive-$label.log" 2>&1 || true
  done
  set --
fi

BASE_PID= GUARD_PID= PID=
cleanup() { for pid in $BASE_PID $GUARD_PID $PID; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

# load ARGS...: both servers, alternating slices (McpLoad --rounds), one line per server
load() {
  loadgen --url "http://localhost:18190/mcp,http://localhost:18191/mcp" --label baseline,guarded --token ",$TOKEN" \
    --pid "$BASE_PID,$GUARD_PID" "$@"
}

# Start-up and memory when ready, from process start to health UP: STARTS starts of each server, alternating, each
# alone on the machine (the one before stopped, and 3 s for the machine to settle: a JVM that has just started keeps
# its JIT compilers busy for a few seconds more); the median, and the resident memory of the last start.
STARTS=${STARTS:-3}
echo "==> Start-up: $STARTS starts of each server alone, alternating"
BASE_STARTS= GUARD_STARTS= BASE_BOOTS= GUARD_BOOTS= AOT_STARTS= AOT_BOOTS=
# time_start LABEL PORT ARGS...: one start alone (STARTUP, BOOT, and RSS_READY when ready), then stopped
time_start() {
  start "$@"; RSS_READY=$(rss_mb "$PID")
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=; sleep 3
}
for _ in $(seq "$STARTS"); do
  time_start baseline 18190 "${DB_ARGS[@]}" "${BASE_ARGS[@]}"
  BASE_STARTS="$BASE_STARTS $STARTUP" BASE_BOOTS="$BASE_BOOTS $BOOT" BASE_RSS_READY=$RSS_READY
  time_start guarded 18191 "${DB_ARGS[@]}" "${GUARD_ARGS[@]}"
  GUARD_STARTS="$GUARD_STARTS $STARTUP" GUARD_BOOTS="$GUARD_BOOTS $BOOT" GUARD_RSS_READY=$RSS_READY
  JAVA_OPTS="$JAVA_OPTS $AOT_MODE" time_start guarded-aot 18191 "${DB_ARGS[@]}" "${GUARD_ARGS[@]}"
  AOT_STARTS="$AOT_STARTS $STARTUP" AOT_BOOTS="$AOT_BOOTS $BOOT" AOT_RSS_READY=$RSS_READY
done
median_of() { echo "$1" | tr ' ' '\n' | grep . | median; }
BASE_START=$(median_of "$BASE_STARTS") BASE_BOOT=$(median_of "$BASE_BOOTS")
GUARD_START=$(median_of "$GUARD_STARTS") GUARD_BOOT=$(median_of "$GUARD_BOOTS")
AOT_START=$(median_of "$AOT_STARTS") AOT_BOOT=$(median_of "$AOT_BOOTS")
echo "    ready (s): baseline$BASE_STARTS, guarded$GUARD_STARTS, guarded in AOT mode$AOT_STARTS;"
echo "    Started in (s): baseline$BASE_BOOTS, guarded$GUARD_BOOTS, guarded in AOT mode$AOT_BOOTS"
startup_report() {
  echo "start-up, median of $STARTS (ready = process start to health UP): guarded $(printf '%.1f' "$GUARD_START") s, baseline $(printf '%.1f' "$BASE_START") s (target < 5 s)"
  echo "    guarded in Spring's AOT mode: ready $(printf '%.1f' "$AOT_START") s (Started in $AOT_BOOT s), RSS when ready $AOT_RSS_READY MB"
}
if [ "${LOAD:-1}" = 0 ]; then
  echo "==> Start-up only (LOAD=0), servers on Java $JAVA_FEATURE: RSS when ready baseline $BASE_RSS_READY MB, guarded $GUARD_RSS_READY MB"
  startup_report
  exit 0
fi

echo "==> Starting both servers for the load: the baseline (plain Spring AI: mcp.guard.enabled=false, no Spring"
echo "    Security) and the guarded one (tokens, authorization, rate limits set high, audit to PostgreSQL)"
start baseline 18190 "${DB_ARGS[@]}" "${BASE_ARGS[@]}"
BASE_PID=$PID
start guarded 18191 "${DB_ARGS[@]}" "${GUARD_ARGS[@]}"
GUARD_PID=$PID

# Both servers stay up and take the load in turns, in slices of the same length, baseline first then guarded,
# then the other way round, and so on: a change of the machine's speed during the run (a shared host) falls on both.
echo "==> Warm-up: $WARMUP s per server, alternating (not counted)"
load --warmup "$WARMUP" --seconds 0 --rounds 0 --label baseline-warmup,guarded-warmup > target/bench-warmup.txt
# Each phase is a new load generator JVM: it warms up first, 40 s (capacity) or 20 s (latency) per server; with 10 s,
# its own JIT made the first slice, the baseline's, up to three times slower than the next ones.
echo "==> Capacity: $SECONDS_MEASURED s per server in $ROUNDS alternating slices"
CAPACITY=$(load --warmup 40 --seconds "$SECONDS_MEASURED" --rounds "$ROUNDS")
echo "$CAPACITY"
B=$(echo "$CAPACITY" | grep '^label=baseline') G=$(echo "$CAPACITY" | grep '^label=guarded')
BASE_RSS=$(rss_mb "$BASE_PID") GUARD_RSS=$(rss_mb "$GUARD_PID")
RATE=${RATE:-$(awk -v c="$(field "$B" calls_per_s)" 'BEGIN {printf "%d", c / 2}')}
echo "==> Latency at $RATE calls/s (default: half the baseline's capacity), the same for both, $LATENCY_SECONDS s each in $ROUNDS alternating slices"
LATENCY=$(load --warmup 20 --seconds "$LATENCY_SECONDS" --rounds "$ROUNDS" --rate "$RATE")
echo "$LATENCY"
BL=$(echo "$LATENCY" | grep '^label=baseline') GL=$(echo "$LATENCY" | grep '^label=guarded')
# every call made to the guarded server (warm-up, capacity, latency) must have its audit row
TOTAL=$(( $(field "$(grep '^label=guarded' target/bench-warmup.txt)" total_calls) + $(field "$G" total_calls) + $(field "$GL" total_calls) ))
ROWS=$(audit_rows "$PSQL_URL" "$TOTAL")
cleanup

BASE_US=$(field "$B" cpu_us_per_call) GUARD_US=$(field "$G" cpu_us_per_call)
RATIO=$(awk -v g="$(field "$G" calls_per_s)" -v b="$(field "$B" calls_per_s)" 'BEGIN {printf "%.3f", g / b}')
P99_ADDED=$(awk -v g="$(field "$GL" p99_ms)" -v b="$(field "$BL" p99_ms)" 'BEGIN {printf "%.3f", g - b}')
P50_ADDED=$(awk -v g="$(field "$GL" p50_ms)" -v b="$(field "$BL" p50_ms)" 'BEGIN {printf "%.3f", g - b}')
echo
echo "==> Results ($CLIENTS clients, tool $TOOL, $(nproc) cores, servers on Java $JAVA_FEATURE, JAVA_OPTS: $JAVA_OPTS $(archive_opt '<server>'))"
echo "    per server: $WARMUP s warm-up, capacity $SECONDS_MEASURED s, latency $LATENCY_SECONDS s at $RATE calls/s, each in $ROUNDS alternating slices"
printf '%-9s %9s %8s %8s %7s | %9s %8s %8s | %12s %16s %9s\n' "" "calls/s" "p50 ms" "p99 ms" "errors" "rate" "p50 ms" "p99 ms" \
  "CPU us/call" "ready s (boot)" "RSS MB"
row() {
  printf '%-9s %9s %8s %8s %7s | %9s %8s %8s | %12s %16s %9s\n' "$1" "$(field "$2" calls_per_s)" "$(field "$2" p50_ms)" \
    "$(field "$2" p99_ms)" "$(( $(field "$2" errors) + $(field "$3" errors) ))" "$(field "$3" calls_per_s)" "$(field "$3" p50_ms)" \
    "$(field "$3" p99_ms)" "$4" "$(printf '%.1f' "$5") ($6)" "$7/$8"
}
row baseline "$B" "$BL" "$BASE_US" "$BASE_START" "$BASE_BOOT" "$BASE_RSS_READY" "$BASE_RSS"
row guarded "$G" "$GL" "$GUARD_US" "$GUARD_START" "$GUARD_BOOT" "$GUARD_RSS_READY" "$GUARD_RSS"
echo "(RSS MB: when ready / after the capacity run)"
echo "throughput ratio guarded/baseline: $RATIO (target >= 0.90)"
echo "latency added at $RATE calls/s: p50 +$P50_ADDED ms, p99 +$P99_ADDED ms (target <= 2 ms)"
echo "server CPU per call: guarded $GUARD_US us, baseline $BASE_US us, guard cost $((GUARD_US - BASE_US)) us"
echo "PostgreSQL CPU per call: guarded $(field "$G" postgres_us_per_call) us, baseline $(field "$B" postgres_us_per_call) us"
echo "machine CPU per call (server, load generator, PostgreSQL): guarded $(field "$G" machine_us_per_call) us, baseline $(field "$B" machine_us_per_call) us"
echo "calls/s per slice: baseline $(field "$B" rounds), guarded $(field "$G" rounds)"
echo "p99 ms per latency slice: baseline $(field "$BL" rounds_p99_ms), guarded $(field "$GL" rounds_p99_ms)"
echo "    (median of the slices' p99: baseline $(per_slice "$BL" rounds_p99_ms | median) ms, guarded $(per_slice "$GL" rounds_p99_ms | median) ms;"
echo "    of the slices in which the load generator itself was never 20 ms late: baseline $(quiet_p99 "$BL"), guarded $(quiet_p99 "$GL"))"
echo "    (slices started at: baseline $(field "$BL" rounds_started), guarded $(field "$GL" rounds_started);"
echo "    the load generator's own longest stall per slice, ms: baseline $(field "$BL" rounds_client_stall_ms), guarded $(field "$GL" rounds_client_stall_ms))"
echo "collections over the load (warm-up, capacity, latency): baseline $(gc_pauses baseline); guarded $(gc_pauses guarded)"
startup_report
echo "audit rows: $ROWS of $TOTAL calls (lost: $((TOTAL - ROWS)))"
