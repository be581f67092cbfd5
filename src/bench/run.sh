#!/usr/bin/env bash
# Benchmark: the same MCP workload against the plain Spring AI server (mcp.guard.enabled=false, security off) and
# the fully guarded server (token auth, authz, rate limits set high, audit to PostgreSQL) on this machine, then the
# ratio. Also reports start-up time, resident memory and whether audit kept every call.
#
#   src/bench/run.sh                      # defaults: 16 clients, 120 s warm-up, 30 s measured, tool get_product
#   CLIENTS=32 BENCH_SECONDS=60 src/bench/run.sh
#   STARTS=5 src/bench/run.sh              # more start-up samples (median)
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

CLIENTS=${CLIENTS:-16}
SECONDS_MEASURED=${BENCH_SECONDS:-30}
WARMUP=${WARMUP:-120}
ROUNDS=${ROUNDS:-30}
LATENCY_SECONDS=${LATENCY_SECONDS:-30}
TOOL=${TOOL:-get_product}
ARGS=${ARGS:-'{"productId":1}'}
# Heap sized to the sample's live set (about 45 MB after a young collection under load), as in src/k8s/deployment.yaml; fewer malloc arenas
# and periodic trimming of the C heap keep the JIT's transient memory from staying resident.
JAVA_OPTS=${JAVA_OPTS:-"-Xmx128m -Xss512k -XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=2000"}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
# The load generator's own collections stop it (and any call it is timing): the serial collector's young pauses
# take one core for about 1 ms here, where G1's took both cores for 3-15 ms once per latency slice.
LOADGEN_OPTS=${LOADGEN_OPTS:-"-XX:+UseSerialGC -Xms1g -Xmx1g -Xmn128m"}
TOKEN=demo-viewer-token-0000000000000000
mkdir -p target
JAR=sample-ecommerce-server/target/sample-ecommerce-server-0.1.0-SNAPSHOT.jar

echo "==> Building the sample and the load generator"
./mvnw -q -B -pl sample-ecommerce-server -am package -DskipTests
rm -rf target/bench-classes && javac -d target/bench-classes src/bench/McpLoad.java

if [ -z "${BENCH_DB_URL:-}" ]; then
  echo "==> PostgreSQL: fresh database mcpguard_bench on the local cluster"
  (cd / && su postgres -c 'psql -q -v ON_ERROR_STOP=1') <<'SQL'
SET client_min_messages = warning;
SELECT 'CREATE ROLE mcpguard LOGIN PASSWORD ''mcpguard''' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname='mcpguard')\gexec
DROP DATABASE IF EXISTS mcpguard_bench WITH (FORCE);
CREATE DATABASE mcpguard_bench OWNER mcpguard;
SQL
  BENCH_DB_URL=jdbc:postgresql://127.0.0.1:5432/mcpguard_bench BENCH_DB_USER=mcpguard BENCH_DB_PASSWORD=mcpguard
fi
DB_ARGS=(--spring.profiles.active=demo,postgres "--spring.datasource.url=$BENCH_DB_URL"
  "--spring.datasource.username=$BENCH_DB_USER" "--spring.datasource.password=$BENCH_DB_PASSWORD")
PSQL_URL=$(echo "$BENCH_DB_URL" | sed -E 's#^jdbc:postgresql://([^/]+)/([^?]+).*#postgresql://'"$BENCH_DB_USER:$BENCH_DB_PASSWORD"'@\1/\2#')

SERVER_JAVA=${SERVER_JAVA_HOME:+$SERVER_JAVA_HOME/bin/}java
JAVA_FEATURE=$("$SERVER_JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')

SECURITY_OFF="--spring.autoconfigure.exclude=org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,\
org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,\
org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,\
org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration,\
org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration"
HIGH=100000000
GUARD_ARGS=(--mcp.guard.rate-limit.default.limit-for-period=$HIGH --mcp.guard.rate-limit.session.limit-for-period=$HIGH
  --mcp.guard.rate-limit.principal.limit-for-period=$HIGH "--mcp.guard.rate-limit.tools.$TOOL.limit-for-period=$HIGH")

BASE_ARGS=(--mcp.guard.enabled=false "$SECURITY_OFF")

# archive_opt LABEL: the JVM option that uses the server's class archive, if any
archive_opt() { :; }
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
  for label in baseline guarded; do
    if [ "$label" = baseline ]; then set -- "${BASE_ARGS[@]}"; else set -- "${GUARD_ARGS[@]}"; fi
    # shellcheck disable=SC2086
    "$SERVER_JAVA" $JAVA_OPTS "$(record_opt "$label")" -Dspring.context.exit=onRefresh -jar "$JAR" \
      "${DB_ARGS[@]}" --server.port=0 "$@" > "target/bench-archive-$label.log" 2>&1 || true
  done
  set --
fi

BASE_PID= GUARD_PID=
cleanup() { for pid in $BASE_PID $GUARD_PID; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

# start LABEL PORT ARGS... : starts a server in the background (PID), waits for health, sets STARTUP and BOOT
start() {
  local label=$1 port=$2; shift 2
  local t0; t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  "$SERVER_JAVA" $JAVA_OPTS "-Xlog:gc:file=target/bench-gc-$label.log:time" $(archive_opt "$label") -jar "$JAR" --server.port="$port" "${DB_ARGS[@]}" "$@" > "target/bench-$label.log" 2>&1 &
  PID=$!
  for _ in $(seq 1200); do
    curl -sf "http://localhost:$port/actuator/health" >/dev/null 2>&1 && break
    sleep 0.05
  done
  local t1; t1=$(date +%s.%N)
  STARTUP=$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')
  BOOT=$(grep -oE 'Started EcommerceServerApplication in [0-9.]+' "target/bench-$label.log" | grep -oE '[0-9.]+$' || echo "?")
}

# gc_pauses LABEL: the server's collections since its last start (young: count and longest; full: count, longest and
# when), from its GC log, to tell a collection from other stalls in the per-slice p99
gc_pauses() {
  awk '/Pause Young/ {v = $NF; sub("ms", "", v); y++; if (v + 0 > ym) ym = v + 0}
       /Pause Full/ {v = $NF; sub("ms", "", v); f++; if (v + 0 > fm) fm = v + 0; t = t " " substr($1, 13, 8)}
       END {printf "young %d (longest %.1f ms), full %d (longest %.1f ms;%s)", y, ym, f, fm, (t == "" ? " none" : " at" t)}' \
    "target/bench-gc-$1.log"
}

rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

field() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1==k {print $2}'; }

# load ARGS...: both servers, alternating slices (McpLoad --rounds), one line per server
load() {
  # shellcheck disable=SC2086
  java $LOADGEN_OPTS -cp target/bench-classes McpLoad --url "http://localhost:18190/mcp,http://localhost:18191/mcp" \
    --label baseline,guarded --token ",$TOKEN" --pid "$BASE_PID,$GUARD_PID" --hz "$(getconf CLK_TCK)" \
    --clients "$CLIENTS" --tool "$TOOL" --arguments "$ARGS" "$@"
}

# Start-up and memory when ready, from process start to health UP: STARTS starts of each server, alternating, each
# alone on the machine (the one before stopped, and 3 s for the machine to settle: a JVM that has just started keeps
# its JIT compilers busy for a few seconds more); the median, and the resident memory of the last start.
STARTS=${STARTS:-3}
median() { sort -n | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else if (NR) print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
# per_slice LINE KEY: one server's per-slice figures of KEY, one per line
per_slice() { field "$1" "$2" | tr / '\n'; }
# quiet_p99 LINE: the median p99 of the slices in which the load generator's own longest stall stayed under 20 ms, and
# how many there were: a slice whose p99 the load generator's own stall made says nothing about the server
quiet_p99() {
  local quiet
  quiet=$(paste -d' ' <(per_slice "$1" rounds_p99_ms) <(per_slice "$1" rounds_client_stall_ms) | awk '$2 < 20 {print $1}')
  if [ -z "$quiet" ]; then echo "no such slice"; else echo "$(echo "$quiet" | median) ms ($(echo "$quiet" | grep -c .) slices)"; fi
}
echo "==> Start-up: $STARTS starts of each server alone, alternating"
BASE_STARTS= GUARD_STARTS= BASE_BOOTS= GUARD_BOOTS=
for _ in $(seq "$STARTS"); do
  start baseline 18190 "${BASE_ARGS[@]}"
  BASE_PID=$PID BASE_STARTS="$BASE_STARTS $STARTUP" BASE_BOOTS="$BASE_BOOTS $BOOT" BASE_RSS_READY=$(rss_mb "$PID")
  kill "$PID"; wait "$PID" 2>/dev/null || true; BASE_PID=; sleep 3
  start guarded 18191 "${GUARD_ARGS[@]}"
  GUARD_PID=$PID GUARD_STARTS="$GUARD_STARTS $STARTUP" GUARD_BOOTS="$GUARD_BOOTS $BOOT" GUARD_RSS_READY=$(rss_mb "$PID")
  kill "$PID"; wait "$PID" 2>/dev/null || true; GUARD_PID=; sleep 3
done
BASE_START=$(echo "$BASE_STARTS" | tr ' ' '\n' | grep . | median) BASE_BOOT=$(echo "$BASE_BOOTS" | tr ' ' '\n' | grep . | median)
GUARD_START=$(echo "$GUARD_STARTS" | tr ' ' '\n' | grep . | median) GUARD_BOOT=$(echo "$GUARD_BOOTS" | tr ' ' '\n' | grep . | median)
echo "    ready (s): baseline$BASE_STARTS, guarded$GUARD_STARTS; Started in (s): baseline$BASE_BOOTS, guarded$GUARD_BOOTS"

echo "==> Starting both servers for the load: the baseline (plain Spring AI: mcp.guard.enabled=false, no Spring"
echo "    Security) and the guarded one (tokens, authorization, rate limits set high, audit to PostgreSQL)"
start baseline 18190 "${BASE_ARGS[@]}"
BASE_PID=$PID
start guarded 18191 "${GUARD_ARGS[@]}"
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
ROWS=0
for _ in $(seq 120); do
  ROWS=$(psql -tA "$PSQL_URL" -c "SELECT count(*) FROM mcp_guard_audit WHERE tool = '$TOOL'" 2>/dev/null || echo 0)
  [ "$ROWS" -ge "$TOTAL" ] && break
  sleep 0.5
done
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
echo "start-up, median of $STARTS (ready = process start to health UP): guarded $(printf '%.1f' "$GUARD_START") s, baseline $(printf '%.1f' "$BASE_START") s (target < 5 s)"
echo "audit rows: $ROWS of $TOTAL calls (lost: $((TOTAL - ROWS)))"
