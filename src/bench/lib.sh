# Settings and helpers shared by the benchmark scripts (run.sh, soak.sh); sourced from the repository root.
# shellcheck shell=bash

# Heap sized to the sample's live set (about 45 MB after a young collection under load), as in src/k8s/deployment.yaml; fewer malloc arenas
# and periodic trimming of the C heap keep the JIT's transient memory from staying resident.
JAVA_OPTS=${JAVA_OPTS:-"-Xmx128m -Xss512k -XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=2000"}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
# The load generator's own collections stop it (and any call it is timing): the serial collector's young pauses
# take one core for about 1 ms here, where G1's took both cores for 3-15 ms once per latency slice.
LOADGEN_OPTS=${LOADGEN_OPTS:-"-XX:+UseSerialGC -Xms1g -Xmx1g -Xmn128m"}
# CLIENTS per server; each phase measured over BENCH_SECONDS, in ROUNDS alternating slices per server
CLIENTS=${CLIENTS:-16}
SECONDS_MEASURED=${BENCH_SECONDS:-30}
ROUNDS=${ROUNDS:-30}
TOOL=${TOOL:-get_product}
ARGS=${ARGS:-'{"productId":1}'}
TOKEN=demo-viewer-token-0000000000000000
ADMIN_TOKEN=demo-admin-token-0000000000000000
mkdir -p target
JAR=sample-ecommerce-server/target/sample-ecommerce-server-0.1.0-SNAPSHOT.jar
SERVER_JAVA=${SERVER_JAVA_HOME:+$SERVER_JAVA_HOME/bin/}java
JAVA_FEATURE=$("$SERVER_JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')
# The guarded server: the demo's tokens and roles, audit to PostgreSQL, rate limits too high to refuse a call
HIGH=100000000
GUARD_ARGS=(--mcp.guard.rate-limit.default.limit-for-period=$HIGH --mcp.guard.rate-limit.session.limit-for-period=$HIGH
  --mcp.guard.rate-limit.principal.limit-for-period=$HIGH "--mcp.guard.rate-limit.tools.$TOOL.limit-for-period=$HIGH")

# build JAVA_SOURCES...: the sample's jar, and the given benchmark programs compiled into target/bench-classes.
# The jar is made anew each time: otherwise, when only MCP Guard's own module changed, the jar plugin keeps the
# sample's jar (its classes did not change) and the repackaged jar keeps the old MCP Guard inside.
build() {
  echo "==> Building the sample and the load generator"
  # The sample's build AOT-processes it, which starts the application once: its log goes to target/bench-build.log.
  ./mvnw -q -B -pl sample-ecommerce-server -am package -DskipTests -Dmaven.jar.forceCreation=true > target/bench-build.log 2>&1 \
    || { tail -40 target/bench-build.log; echo "the build failed (target/bench-build.log)" >&2; exit 1; }
  rm -rf target/bench-classes && javac -d target/bench-classes "$@"
}

# fresh_database NAME: (re)creates the database NAME, owned by the role mcpguard, on the local cluster (as in .ci/run)
fresh_database() {
  (cd / && su postgres -c 'psql -q -v ON_ERROR_STOP=1') <<SQL
SET client_min_messages = warning;
SELECT 'CREATE ROLE mcpguard LOGIN PASSWORD ''mcpguard''' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname='mcpguard')\gexec
DROP DATABASE IF EXISTS $1 WITH (FORCE);
CREATE DATABASE $1 OWNER mcpguard;
SQL
}

# database_args URL USER PASSWORD: sets DB_ARGS (the server's options for that database) and PSQL_URL (psql's)
database_args() {
  DB_ARGS=(--spring.profiles.active=demo,postgres "--spring.datasource.url=$1" "--spring.datasource.username=$2"
    "--spring.datasource.password=$3")
  PSQL_URL=$(echo "$1" | sed -E 's#^jdbc:postgresql://([^/]+)/([^?]+).*#postgresql://'"$2:$3"'@\1/\2#')
}

# archive_opt LABEL: the JVM option that uses the server's class archive, if any (run.sh records them)
archive_opt() { :; }

# start LABEL PORT ARGS... : starts a server in the background (PID), waits for health, sets STARTUP and BOOT
start() {
  local label=$1 port=$2; shift 2
  local t0; t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  "$SERVER_JAVA" $JAVA_OPTS "-Xlog:gc:file=target/bench-gc-$label.log:time" $(archive_opt "$label") -jar "$JAR" --server.port="$port" "$@" > "target/bench-$label.log" 2>&1 &
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

# field LINE KEY: the value of KEY in one of McpLoad's key=value lines
field() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1==k {print $2}'; }

# loadgen ARGS...: McpLoad on this machine's clock ticks, CLIENTS clients per server, the tool and its arguments
loadgen() {
  # shellcheck disable=SC2086
  java $LOADGEN_OPTS -cp target/bench-classes McpLoad --hz "$(getconf CLK_TCK)" --clients "$CLIENTS" --tool "$TOOL" \
    --arguments "$ARGS" "$@"
}

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

# audit_rows PSQL_URL EXPECTED [SINCE]: the audit rows of TOOL (written since SINCE, an ISO-8601 instant), waiting up to
# 60 s for the writer to catch up with EXPECTED
audit_rows() {
  local rows=0
  for _ in $(seq 120); do
    rows=$(psql -tA "$1" -c "SELECT count(*) FROM mcp_guard_audit WHERE tool = '$TOOL' AND event_time >= '${3:--infinity}'" \
      2>/dev/null || echo 0)
    [ "$rows" -ge "$2" ] && break
    sleep 0.5
  done
  echo "$rows"
}
