#!/usr/bin/env bash
# Try MCP Guard's OAuth 2.1 resource server in one command, with nothing installed but Java and Node: starts the
# demo authorization server (src/authserver, Spring Authorization Server) and the sample with the oauth profile on
# free ports, then runs the official MCP TypeScript SDK client through discovery -> token -> calls
# (src/e2e/oauth/check.mjs). Usage: src/e2e/oauth-check.sh   (from the repository root, after ./mvnw package)
set -euo pipefail
cd "$(dirname "$0")/../.."

. src/e2e/lib.sh

SAMPLE_JAR=sample-ecommerce-server/target/sample-ecommerce-server-0.1.0-SNAPSHOT.jar
AS_JAR=src/authserver/target/mcp-guard-demo-authserver.jar
[ -f "$SAMPLE_JAR" ] || fail "$SAMPLE_JAR is missing: run ./mvnw package first"
if [ ! -f "$AS_JAR" ]; then
  echo "==> Building the demo authorization server (src/authserver)"
  ./mvnw -B -q -f src/authserver/pom.xml package -DskipTests
fi
CHECK_DIR=src/e2e/oauth
if [ ! -d "$CHECK_DIR/node_modules/@modelcontextprotocol/sdk" ]; then
  echo "==> Installing the MCP TypeScript SDK into $CHECK_DIR"
  src/e2e/npm-install.sh "$CHECK_DIR" || fail "npm install failed"
fi

AS_PORT=$(free_port)
PORT=$(free_port)
export AS_ISSUER="http://localhost:$AS_PORT" MCP_URL="http://localhost:$PORT/mcp"
WORK=$(mktemp -d)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT

echo "==> Authorization server on $AS_ISSUER"
AS_PORT=$AS_PORT MCP_RESOURCE="$MCP_URL" java -jar "$AS_JAR" >"$WORK/as.log" 2>&1 &
PIDS+=($!)
wait_started "$WORK/as.log" "${PIDS[0]}" "the authorization server"

echo "==> Sample MCP server on $MCP_URL (profiles demo,oauth)"
java -jar "$SAMPLE_JAR" --spring.profiles.active=demo,oauth --server.port="$PORT" \
  --spring.security.oauth2.resourceserver.jwt.issuer-uri="$AS_ISSUER" --mcp.guard.auth.oauth2.resource="$MCP_URL" \
  >"$WORK/sample.log" 2>&1 &
PIDS+=($!)
wait_started "$WORK/sample.log" "${PIDS[1]}" "the sample server"

echo "==> MCP TypeScript SDK client: discovery, token, calls"
node "$CHECK_DIR/check.mjs" || { tail -30 "$WORK/sample.log"; fail "the OAuth check failed"; }
