#!/usr/bin/env bash
# Cost of an audit row (issue 22): PostgreSQL CPU per appended row (the backend's own CPU time, from /proc, while
# MCP Guard's store appends batches of 500 with COPY) with every index of mcp_guard_audit and with only the primary
# key and the unique seq, and the time of mcpaudit's filters (the SQL AuditChainReader sends, median of 3 EXPLAIN
# ANALYZE execution times) on a grown trail, with and without each secondary index.
#
#   src/bench/audit-cost.sh            # ROWS=1000000 by default (a scaled-down trail: the soak uses 10 million)
#
# Needs the sample's jar (./mvnw -pl autoconfigure,sample-ecommerce-server package -DskipTests) and a local
# PostgreSQL reachable as mcpguard/mcpguard; creates and drops the database mcpguard_audit_cost.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${ROWS:-1000000}
PROBE_ROWS=${PROBE_ROWS:-200000}
DB=mcpguard_audit_cost
URL=jdbc:postgresql://127.0.0.1:5432/$DB
export PGPASSWORD=mcpguard
PSQL=(psql -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -U mcpguard -d "$DB")
JAR=$(ls sample-ecommerce-server/target/sample-ecommerce-server-*.jar | grep -v original | head -1)
rm -rf target/cost-app && java -Djarmode=tools -jar "$JAR" extract --destination target/cost-app > /dev/null
javac -cp "target/cost-app/lib/*" -d target/bench-classes src/bench/AuditFill.java

(cd / && su postgres -c "psql -q -c 'DROP DATABASE IF EXISTS $DB WITH (FORCE)' -c 'CREATE DATABASE $DB OWNER mcpguard'")
MIGRATIONS=autoconfigure/src/main/resources/mcp-guard/db/migration
# the table as V3 created it, with the four secondary indexes whose worth this measures (V5 dropped the outcome one)
"${PSQL[@]}" -f "$MIGRATIONS/V3__audit.sql"

# fill LABEL ROWS: appends ROWS rows and prints the backend's CPU per row
fill() {
  local label=$1 rows=$2
  java -cp "target/bench-classes:target/cost-app/lib/*" AuditFill --url "$URL" --user mcpguard --password mcpguard \
    --rows "$rows" --days 30 > target/cost-fill.out &
  local java_pid=$! backend="" first="" last=""
  while kill -0 "$java_pid" 2>/dev/null; do
    if [ -z "$backend" ]; then
      backend=$("${PSQL[@]}" -At -c "SELECT pid FROM pg_stat_activity WHERE datname = '$DB' AND pid <> pg_backend_pid() AND backend_type = 'client backend' LIMIT 1")
    fi
    if [ -n "$backend" ] && [ -r "/proc/$backend/stat" ]; then
      ticks=$(awk '{print $14 + $15}' "/proc/$backend/stat" 2>/dev/null || true)
      [ -n "$ticks" ] && { [ -z "$first" ] && first=$ticks; last=$ticks; }
    fi
    sleep 0.1
  done
  wait "$java_pid"
  local hz; hz=$(getconf CLK_TCK)
  echo "$label: $(cat target/cost-fill.out) backend_cpu_us_per_row=$(awk -v t=$((last - first)) -v hz="$hz" -v n="$rows" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')"
}

# query LABEL WHERE: median of 3 execution times of mcpaudit's search with this filter, newest 100
query() {
  local label=$1 where=$2 times=()
  for _ in 1 2 3; do
    times+=("$("${PSQL[@]}" -At -c "EXPLAIN (ANALYZE, FORMAT JSON) SELECT id, seq, event_time, principal, auth_method, session_id, client_ip, tool, arguments, outcome, message, duration_ms, approval_id, trace_id, prev_hash, row_hash FROM mcp_guard_audit WHERE 1 = 1 $where ORDER BY event_time DESC, seq DESC LIMIT 100" \
      | grep -o '"Execution Time": [0-9.]*' | grep -o '[0-9.]*$')")
  done
  printf '  %-44s %8s ms\n' "$label" "$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)"
}

queries() {
  query "newest 100" ""
  query "busy principal" "AND principal = 'demo-viewer'"
  query "rare principal" "AND principal = 'rare-agent'"
  query "tool" "AND tool = 'delete_order'"
  query "tool never called" "AND tool = 'reset_all'"
  query "outcome DISABLED" "AND outcome = 'DISABLED'"
  query "rare principal, outcome DENIED" "AND principal = 'rare-agent' AND outcome = 'DENIED'"
  query "since 15 days, tool and outcome" "AND tool = 'create_order' AND outcome = 'OK' AND event_time >= now() - interval '15 days'"
  query "one hour 15 days ago" "AND event_time >= now() - interval '15 days' AND event_time < now() - interval '15 days' + interval '1 hour'"
}

echo "==> every index"
fill "fill $ROWS rows, every index" "$ROWS"
"${PSQL[@]}" -c "VACUUM ANALYZE mcp_guard_audit"
"${PSQL[@]}" -At -c "SELECT 'table and indexes: ' || pg_size_pretty(pg_total_relation_size('mcp_guard_audit')) || ', indexes ' || pg_size_pretty(pg_indexes_size('mcp_guard_audit'))"
fill "append $PROBE_ROWS more, every index" "$PROBE_ROWS"
queries
for index in ix_mcp_guard_audit_time ix_mcp_guard_audit_principal ix_mcp_guard_audit_tool ix_mcp_guard_audit_outcome; do
  echo "==> without $index"
  "${PSQL[@]}" -c "DROP INDEX $index"
  queries
  "${PSQL[@]}" -c "$(grep "CREATE INDEX $index " "$MIGRATIONS/V3__audit.sql")"
done
echo "==> what the outcome index costs a write, twice in turn"
for round in 1 2; do
  fill "round $round: append $PROBE_ROWS, every index" "$PROBE_ROWS"
  "${PSQL[@]}" -c "DROP INDEX ix_mcp_guard_audit_outcome"
  fill "round $round: append $PROBE_ROWS, without ix_mcp_guard_audit_outcome" "$PROBE_ROWS"
  "${PSQL[@]}" -c "$(grep "CREATE INDEX ix_mcp_guard_audit_outcome " "$MIGRATIONS/V3__audit.sql")"
done
echo "==> only the primary key and the unique seq"
for index in ix_mcp_guard_audit_time ix_mcp_guard_audit_principal ix_mcp_guard_audit_tool ix_mcp_guard_audit_outcome; do
  "${PSQL[@]}" -c "DROP INDEX $index"
done
fill "append $PROBE_ROWS more, no secondary index" "$PROBE_ROWS"
(cd / && su postgres -c "psql -q -c 'DROP DATABASE IF EXISTS $DB WITH (FORCE)'")
