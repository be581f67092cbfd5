#!/usr/bin/env bash
# End-to-end check of a running MCP server with the official MCP TypeScript SDK client
# (@modelcontextprotocol/sdk, StreamableHTTPClientTransport, token in the Authorization header): tools/list lists the
# sample's 8 tools, tools/call list_products answers, a connection without the token is refused (401).
# Usage: MCP_TOKEN=<token> src/e2e/ts-client-check.sh [URL]      (URL defaults to http://localhost:8080/mcp)
# Optional env: MCP_EXPECTED_TOOLS (comma-separated tool names the list must hold).
set -euo pipefail

URL="${1:-${MCP_URL:-http://localhost:8080/mcp}}"
DIR="$(cd "$(dirname "$0")" && pwd)/ts-client"

. "$(dirname "$0")/lib.sh"

command -v node >/dev/null && command -v npm >/dev/null || fail "node and npm are needed (Node 20 or newer)"
[ -n "${MCP_TOKEN:-}" ] || fail "MCP_TOKEN is not set"
if [ ! -d "$DIR/node_modules/@modelcontextprotocol/sdk" ]; then
  echo "==> Installing the MCP TypeScript SDK into $DIR"
  "$(dirname "$0")/npm-install.sh" "$DIR" || fail "npm install failed in $DIR"
fi
MCP_URL="$URL" node "$DIR/check.mjs"
