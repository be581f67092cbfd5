#!/usr/bin/env bash
# Consumer test matrix: builds the consumer applications of src/consumers against the MCP Guard starters installed
# in ~/.m2 (one Maven run), starts each for real on a free port and checks it with a real MCP client (the checker
# module). Prints PASS/FAIL per application and ends with "N passed, N failed"; exits 1 if any application failed.
#
#   src/consumers/run.sh                          # the whole matrix
#   CONSUMERS="no-database h2" src/consumers/run.sh   # a subset
#
# Environment: CONSUMERS (apps to run, default all), CONSUMER_DB_URL / CONSUMER_DB_USER / CONSUMER_DB_PASSWORD
# (PostgreSQL of postgres-jpa; when CONSUMER_DB_URL is unset the script creates the database mcpguard_consumer on
# 127.0.0.1:5432, which needs root and a local PostgreSQL cluster), CONSUMER_JAVA_OPTS (JVM options of the apps).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
ALL_APPS="no-database h2 postgres-jpa own-security stateless webflux boot41"
APPS="${CONSUMERS:-$ALL_APPS}"
START_TIMEOUT=120     # seconds an application may take to start (or, for webflux, to refuse)
CHECK_TIMEOUT=180     # seconds the checker may take against one application
LOGS="$HERE/target/logs"
M2="${HOME}/.m2/repository/dev/mcpguard"

for app in $APPS; do
  case " $ALL_APPS " in
    *" $app "*) ;;
    *) echo "error: unknown application '$app' in CONSUMERS (known: $ALL_APPS)" >&2; exit 2 ;;
  esac
done

needs() { case " $APPS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

# --- the starters under test come from the local repository -------------------------------------------------------
if [ ! -d "$M2/mcp-guard-spring-boot-starter/0.1.0-SNAPSHOT" ]; then
  echo "error: $M2/mcp-guard-spring-boot-starter/0.1.0-SNAPSHOT is missing." >&2
  echo "       The matrix consumes the installed MCP Guard starters: run './mvnw -B install -DskipTests' in $ROOT first." >&2
  exit 2
fi
if { needs h2 || needs postgres-jpa; } && [ ! -d "$M2/mcp-guard-spring-boot-starter-jdbc/0.1.0-SNAPSHOT" ]; then
  echo "error: $M2/mcp-guard-spring-boot-starter-jdbc/0.1.0-SNAPSHOT is missing (needed by h2 and postgres-jpa)." >&2
  echo "       Run './mvnw -B install -DskipTests' in $ROOT first." >&2
  exit 2
fi

# --- PostgreSQL for postgres-jpa ----------------------------------------------------------------------------------
if needs postgres-jpa && [ -z "${CONSUMER_DB_URL:-}" ]; then
  echo "==> PostgreSQL: fresh database mcpguard_consumer on 127.0.0.1:5432"
  if ! ls /etc/postgresql/*/main/postgresql.conf >/dev/null 2>&1; then
    echo "error: no local PostgreSQL cluster; install PostgreSQL or set CONSUMER_DB_URL" >&2
    exit 2
  fi
  PGV=$(ls /etc/postgresql | sort -V | tail -1)
  pg_lsclusters -h | grep -qE "^$PGV +main .*online" || pg_ctlcluster "$PGV" main start
  for _ in $(seq 60); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
  pg_isready -q -h 127.0.0.1 -p 5432 || { echo "error: PostgreSQL on 127.0.0.1:5432 is not ready" >&2; exit 2; }
  (cd / && su postgres -c 'psql -q -v ON_ERROR_STOP=1') <<'SQL'
SET client_min_messages = warning;
SELECT 'CREATE ROLE mcpguard LOGIN PASSWORD ''mcpguard''' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname='mcpguard')\gexec
DROP DATABASE IF EXISTS mcpguard_consumer WITH (FORCE);
CREATE DATABASE mcpguard_consumer OWNER mcpguard;
SQL
fi

# --- build: one Maven run for the selected apps and the checker ---------------------------------------------------
MODULES=":checker"
for app in $APPS; do MODULES="$MODULES,:$app"; done
echo "==> Build: $MODULES"
BUILD_START=$SECONDS
"$ROOT/mvnw" -f "$HERE/pom.xml" -B -q clean package -DskipTests -pl "$MODULES"
echo "    built in $((SECONDS - BUILD_START)) s"
mkdir -p "$LOGS"
CHECKER_JAR="$HERE/checker/target/checker.jar"

# --- run and check each app ---------------------------------------------------------------------------------------
APP_PID=""
stop_app() {
  [ -n "$APP_PID" ] || return 0
  if kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID" 2>/dev/null || true
    for _ in $(seq 40); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$APP_PID" 2>/dev/null || true
  fi
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
}
trap stop_app EXIT
trap 'exit 130' INT TERM

PASSED=0
FAILED=0
RESULTS=()

report() { # app verdict log [reason]
  local app=$1 verdict=$2 log=$3 reason=${4:-}
  if [ "$verdict" = PASS ]; then
    PASSED=$((PASSED + 1))
    echo "PASS $app"
  else
    FAILED=$((FAILED + 1))
    echo "FAIL $app${reason:+: $reason}"
    echo "---- last 40 lines of $log"
    tail -n 40 "$log" | sed 's/^/    /'
    echo "----"
  fi
  RESULTS+=("$verdict $app")
}

# Starts the app's jar in the background and waits for its port, or for it to exit, within START_TIMEOUT.
# Sets APP_PID, PORT (empty if it did not start) and EXIT_CODE (empty if still running).
start_app() { # app log
  local app=$1 log=$2
  # shellcheck disable=SC2086 # CONSUMER_JAVA_OPTS is a list of options
  (cd "$HERE/$app/target" && exec java ${CONSUMER_JAVA_OPTS:-} -jar "$app.jar" --server.port=0) >"$log" 2>&1 &
  APP_PID=$!
  PORT=""
  EXIT_CODE=""
  local deadline=$((SECONDS + START_TIMEOUT))
  while [ "$SECONDS" -lt "$deadline" ]; do
    PORT=$(grep -oE '(Tomcat|Netty) started on port [0-9]+' "$log" | head -1 | grep -oE '[0-9]+$' || true)
    [ -n "$PORT" ] && return 0
    if ! kill -0 "$APP_PID" 2>/dev/null; then
      EXIT_CODE=0
      wait "$APP_PID" || EXIT_CODE=$?
      APP_PID=""
      return 0
    fi
    sleep 0.5
  done
  return 0
}

for app in $APPS; do
  log="$LOGS/$app.log"
  echo "==> $app"
  APP_START=$SECONDS
  start_app "$app" "$log"

  if [ "$app" = webflux ]; then
    # MCP Guard cannot guard a WebFlux server yet: the expected outcome is a refusal to start, in its own words.
    if [ -n "$PORT" ]; then
      report "$app" FAIL "$log" "started on port $PORT instead of refusing to start"
    elif [ -z "$EXIT_CODE" ]; then
      report "$app" FAIL "$log" "neither started nor exited within $START_TIMEOUT s"
    elif [ "$EXIT_CODE" -eq 0 ]; then
      report "$app" FAIL "$log" "exited with 0 instead of refusing to start"
    elif ! grep -q 'MCP Guard cannot guard' "$log"; then
      report "$app" FAIL "$log" "exited with $EXIT_CODE, but without MCP Guard's message 'MCP Guard cannot guard'"
    else
      echo "    refused to start (exit $EXIT_CODE) with MCP Guard's message after $((SECONDS - APP_START)) s"
      report "$app" PASS "$log"
    fi
    stop_app
    continue
  fi

  if [ -z "$PORT" ]; then
    if [ -n "$EXIT_CODE" ]; then
      report "$app" FAIL "$log" "exited with $EXIT_CODE before it started"
    else
      report "$app" FAIL "$log" "did not start within $START_TIMEOUT s"
    fi
    stop_app
    continue
  fi
  echo "    started on port $PORT after $((SECONDS - APP_START)) s"

  flags=()
  [ "$app" = own-security ] && flags+=(--own-security)
  case "$app" in h2 | postgres-jpa) flags+=(--notes) ;; esac
  [ "$app" = postgres-jpa ] && flags+=(--audit)
  CHECK_RC=0
  timeout "$CHECK_TIMEOUT" java -jar "$CHECKER_JAR" "http://127.0.0.1:$PORT" ${flags[@]+"${flags[@]}"} \
    >"$LOGS/$app.checks" 2>&1 || CHECK_RC=$?
  sed 's/^/    /' "$LOGS/$app.checks"
  stop_app
  if [ "$CHECK_RC" -eq 0 ]; then
    report "$app" PASS "$log"
  elif [ "$CHECK_RC" -eq 124 ]; then
    report "$app" FAIL "$log" "the checker did not finish within $CHECK_TIMEOUT s"
  else
    report "$app" FAIL "$log" "$(grep -c '^FAIL ' "$LOGS/$app.checks" || true) check(s) failed"
  fi
done

echo "==> Summary (logs in $LOGS)"
for result in "${RESULTS[@]}"; do echo "    $result"; done
echo "$PASSED passed, $FAILED failed"
if [ "$FAILED" -gt 0 ]; then exit 1; fi
