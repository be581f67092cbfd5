#!/usr/bin/env bash
# Soak benchmark: does the guarded server hold up when its audit trail has grown? Two guarded servers on the same
# machine, one on an empty database and one whose audit table holds SOAK_ROWS rows (default 10 million: 30 days of a
# server doing about 4 calls/s on average), take the same load in alternating slices; the ratio of their throughput
# and PostgreSQL's CPU per call tell whether a big table makes each audit row dearer. Then, on the grown table: the
# operator's queries of the mcpaudit endpoint (timed), the whole chain's verification, and the retention purge of two
# thirds of the rows while the server keeps taking calls: one third chunk after chunk without rest, one third with
# the guard's own purge, which rests between chunks (the server's p99 during each against before).
#
#   src/bench/soak.sh                      # defaults: 10 million rows, 16 clients, 60 s warm-up, 30 s measured
#   SOAK_ROWS=2000000 src/bench/soak.sh    # a smaller table (quicker)
#
# The rows are written by MCP Guard's own store (src/bench/AuditFill.java): the same hash chain and batches as the
# audit writer's, so the chain verifies. About 0.7 KB per row with its indexes: 10 million rows take about 7 GB.
# PostgreSQL: the databases mcpguard_soak_empty and mcpguard_soak_grown are (re)created on the local cluster.
set -euo pipefail
cd "$(dirname "$0")/../.."

SOAK_ROWS=${SOAK_ROWS:-10000000}
SOAK_DAYS=30
WARMUP=${WARMUP:-60}
# shellcheck source=src/bench/lib.sh
. src/bench/lib.sh

build src/bench/McpLoad.java
rm -rf target/soak-app
java -Djarmode=tools -jar "$JAR" extract --destination target/soak-app > /dev/null
javac -cp "target/soak-app/lib/*" -d target/bench-classes src/bench/AuditFill.java
fill() { java -cp "target/bench-classes:target/soak-app/lib/*" AuditFill "$@"; }

DB=jdbc:postgresql://127.0.0.1:5432
echo "==> PostgreSQL: fresh databases mcpguard_soak_empty and mcpguard_soak_grown on the local cluster"
fresh_database mcpguard_soak_empty
fresh_database mcpguard_soak_grown
database_args "$DB/mcpguard_soak_empty" mcpguard mcpguard
EMPTY_DB=("${DB_ARGS[@]}") EMPTY_PSQL=$PSQL_URL
database_args "$DB/mcpguard_soak_grown" mcpguard mcpguard
GROWN_DB=("${DB_ARGS[@]}") GROWN_PSQL=$PSQL_URL

EMPTY_PID= GROWN_PID= PURGE_PID=
cleanup() { for pid in $EMPTY_PID $GROWN_PID $PURGE_PID; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

# The servers create the schema (Flyway) on their first start; the grown one is filled while it runs, idle.
start empty 18192 "${EMPTY_DB[@]}" "${GUARD_ARGS[@]}"
EMPTY_PID=$PID
start grown 18193 "${GROWN_DB[@]}" "${GUARD_ARGS[@]}"
GROWN_PID=$PID
echo "==> Growing the audit trail of mcpguard_soak_grown to $SOAK_ROWS rows over $SOAK_DAYS days"
FILLED=$(fill --url "$DB/mcpguard_soak_grown" --user mcpguard --password mcpguard --rows "$SOAK_ROWS" --days "$SOAK_DAYS")
echo "    $FILLED"
psql -q "$GROWN_PSQL" -c "VACUUM ANALYZE mcp_guard_audit"
# The fill leaves gigabytes of dirty pages: written out now (a checkpoint, then the kernel's) rather than during the
# first slices of the load
(cd / && su postgres -c 'psql -q -c CHECKPOINT') && sync
SIZE=$(psql -tA "$GROWN_PSQL" -c "SELECT pg_size_pretty(pg_total_relation_size('mcp_guard_audit'))")
echo "    table and indexes: $SIZE"
LOAD_FROM=$(date -u +%Y-%m-%dT%H:%M:%SZ)

# load ARGS...: both servers, alternating slices (McpLoad --rounds), one line per server
load() {
  loadgen --url "http://localhost:18192/mcp,http://localhost:18193/mcp" --label empty,grown --token "$TOKEN,$TOKEN" \
    --pid "$EMPTY_PID,$GROWN_PID" "$@"
}
echo "==> Warm-up: $WARMUP s per server, alternating (not counted)"
load --warmup "$WARMUP" --seconds 0 --rounds 0 --label empty-warmup,grown-warmup > target/soak-warmup.txt
echo "==> Capacity: $SECONDS_MEASURED s per server in $ROUNDS alternating slices"
CAPACITY=$(load --warmup 40 --seconds "$SECONDS_MEASURED" --rounds "$ROUNDS")
echo "$CAPACITY"
E=$(echo "$CAPACITY" | grep '^label=empty') G=$(echo "$CAPACITY" | grep '^label=grown')
RATE=${RATE:-$(awk -v c="$(field "$E" calls_per_s)" 'BEGIN {printf "%d", c / 2}')}
echo "==> Latency at $RATE calls/s (half the empty server's capacity), $SECONDS_MEASURED s each in $ROUNDS alternating slices"
LATENCY=$(load --warmup 20 --seconds "$SECONDS_MEASURED" --rounds "$ROUNDS" --rate "$RATE")
echo "$LATENCY"
EL=$(echo "$LATENCY" | grep '^label=empty') GL=$(echo "$LATENCY" | grep '^label=grown')

# query NAME PARAMS: the mcpaudit endpoint of the grown server, three times; the median time and the events found
QUERIES=
query() {
  local times="" count
  for _ in 1 2 3; do
    times="$times $(curl -s -o target/soak-query.json -w '%{time_total}' -H "Authorization: Bearer $ADMIN_TOKEN" \
      "http://localhost:18193/actuator/mcpaudit?$2")"
  done
  count=$(jq -r '.count // .error' target/soak-query.json)
  QUERIES="$QUERIES$(printf '    %-44s %8.1f ms  %s events\n' "$1" "$(echo "$times" | tr ' ' '\n' | grep . | median | awk '{print $1 * 1000}')" "$count")
"
}
echo "==> The operator's queries on the grown trail (median of 3)"
DAY=$(date -u -d '15 days ago' +%Y-%m-%dT%H:00:00Z) NEXT=$(date -u -d '15 days ago 1 hour' +%Y-%m-%dT%H:00:00Z)
query "newest 100" "limit=100"
query "newest 1000" "limit=1000"
query "busy principal, newest 100" "principal=demo-viewer"
query "rare principal (1 call in 10 000)" "principal=rare-agent"
query "outcome DISABLED (3 in 1000)" "outcome=DISABLED"
query "rare principal and outcome DENIED" "principal=rare-agent&outcome=DENIED"
query "tool and outcome, since 15 days" "tool=delete_order&outcome=FAILED&since=$DAY"
query "one hour 15 days ago" "since=$DAY&until=$NEXT&limit=1000"
query "unknown principal" "principal=nobody"
echo -n "$QUERIES"
verify() {
  curl -s -w ' %{time_total}' -H "Authorization: Bearer $ADMIN_TOKEN" http://localhost:18193/actuator/mcpaudit/verify |
    awk '{t = $NF; $NF = ""; printf "%s in %.1f s", $0, t}'
}
echo "==> Verifying the whole chain of the grown trail"
VERIFY=$(verify)
echo "    $VERIFY"

# purge LABEL DAYS ARGS...: deletes the grown trail's rows older than DAYS days (AuditFill ARGS) while the grown server
# takes RATE calls/s for SECONDS_MEASURED s, then waits for the purge to end and vacuums the table (as autovacuum would
# later), so that the next phase starts from the same state; sets PURGED (the purge's figures) and DURING (the load's)
purge() {
  local label=$1 days=$2; shift 2
  fill --url "$DB/mcpguard_soak_grown" --user mcpguard --password mcpguard --purge-days "$days" "$@" > "target/soak-$label.txt" &
  PURGE_PID=$!
  DURING=$(loadgen --url http://localhost:18193/mcp --label "$label" --token "$TOKEN" --pid "$GROWN_PID" \
    --warmup 2 --seconds "$SECONDS_MEASURED" --rounds "$ROUNDS" --rate "$RATE")
  wait "$PURGE_PID"; PURGE_PID=
  PURGED=$(grep purged= "target/soak-$label.txt")
  psql -q "$GROWN_PSQL" -c "VACUUM mcp_guard_audit"
  echo "    $PURGED"
  echo "$DURING"
}
# Each purge deletes a third of the rows, sized to outlast the load phase: first chunk after chunk without rest, then
# with the guard's own retention purge, which rests between chunks (three times as long as each chunk took).
echo "==> Retention purge under load ($RATE calls/s): the rows older than $((SOAK_DAYS * 2 / 3)) days chunk after chunk without rest"
purge purge-flat-out $((SOAK_DAYS * 2 / 3)) --flat-out true
FLAT_OUT=$PURGED FLAT_OUT_DURING=$DURING
echo "==> Retention purge under load ($RATE calls/s): the rows older than $((SOAK_DAYS / 3)) days with the guard's own purge"
purge purge-resting $((SOAK_DAYS / 3))
RESTING=$PURGED RESTING_DURING=$DURING
VERIFY_AFTER=$(verify)
echo "    after the purge: $VERIFY_AFTER"

# every call made (warm-up, capacity, latency, during the purges) must have its audit row; the grown trail's rows of
# the load are those written after the fill
EMPTY_TOTAL=$(( $(field "$(grep '^label=empty' target/soak-warmup.txt)" total_calls) + $(field "$E" total_calls) + $(field "$EL" total_calls) ))
GROWN_TOTAL=$(( $(field "$(grep '^label=grown' target/soak-warmup.txt)" total_calls) + $(field "$G" total_calls) + $(field "$GL" total_calls) \
  + $(field "$FLAT_OUT_DURING" total_calls) + $(field "$RESTING_DURING" total_calls) ))
EMPTY_ROWS=$(audit_rows "$EMPTY_PSQL" "$EMPTY_TOTAL")
GROWN_ROWS=$(audit_rows "$GROWN_PSQL" "$GROWN_TOTAL" "$LOAD_FROM")
cleanup

echo
echo "==> Results ($CLIENTS clients, tool $TOOL, $(nproc) cores, servers on Java $JAVA_FEATURE; grown trail: $SOAK_ROWS rows, $SIZE)"
printf '%-7s %9s %8s %8s %7s | %9s %8s %8s | %16s %16s\n' "" "calls/s" "p50 ms" "p99 ms" "errors" "rate" "p50 ms" "p99 ms" \
  "server us/call" "PostgreSQL us/call"
row() {
  printf '%-7s %9s %8s %8s %7s | %9s %8s %8s | %16s %16s\n' "$1" "$(field "$2" calls_per_s)" "$(field "$2" p50_ms)" \
    "$(field "$2" p99_ms)" "$(( $(field "$2" errors) + $(field "$3" errors) ))" "$(field "$3" calls_per_s)" "$(field "$3" p50_ms)" \
    "$(field "$3" p99_ms)" "$(field "$2" cpu_us_per_call)" "$(field "$2" postgres_us_per_call)"
}
row empty "$E" "$EL"
row grown "$G" "$GL"
echo "throughput ratio grown/empty: $(awk -v g="$(field "$G" calls_per_s)" -v e="$(field "$E" calls_per_s)" 'BEGIN {printf "%.3f", g / e}')"
echo "median of the latency slices' p99: empty $(per_slice "$EL" rounds_p99_ms | median) ms, grown $(per_slice "$GL" rounds_p99_ms | median) ms;"
echo "    of the quiet slices (load generator never 20 ms late): empty $(quiet_p99 "$EL"), grown $(quiet_p99 "$GL")"
echo "fill: $FILLED"
echo "mcpaudit queries on the grown trail (median of 3):"
echo -n "$QUERIES"
echo "verify: $VERIFY"
# during LINE: the load's figures during a purge
during() {
  echo "p50 $(field "$1" p50_ms) ms, p99 $(field "$1" p99_ms) ms, calls/s $(field "$1" calls_per_s), errors $(field "$1" errors);" \
    "median slice p99 $(per_slice "$1" rounds_p99_ms | median) ms; PostgreSQL $(field "$1" postgres_us_per_call) us/call"
}
echo "purge under load at $RATE calls/s (before, without purge: median slice p99 $(per_slice "$GL" rounds_p99_ms | median) ms):"
echo "    chunk after chunk: $FLAT_OUT"
echo "        during it: $(during "$FLAT_OUT_DURING")"
echo "    the guard's purge, resting between chunks: $RESTING"
echo "        during it: $(during "$RESTING_DURING")"
echo "verify after the purge: $VERIFY_AFTER"
echo "audit rows: empty $EMPTY_ROWS of $EMPTY_TOTAL calls (lost: $((EMPTY_TOTAL - EMPTY_ROWS))), grown $GROWN_ROWS of $GROWN_TOTAL calls (lost: $((GROWN_TOTAL - GROWN_ROWS)))"
