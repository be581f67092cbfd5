#!/usr/bin/env bash
# End-to-end check of a running MCP server with the official MCP Inspector CLI (a real, independent client):
#   1. tools/list (with the bearer token) lists the sample's 8 tools;
#   2. tools/call list_products (with the token) returns a result that is not an error;
#   3. when MCP_TOKEN is set, the same tools/call without a token is refused (401/403).
# Usage: MCP_TOKEN=<token> src/e2e/inspector-check.sh [URL]      (URL defaults to http://localhost:8080/mcp)
# Optional env: MCP_TOOL_ARGS_JSON (arguments of the list_products call, a JSON object),
#               MCP_INSPECTOR_CACHE (where the Inspector is installed once; default ~/.cache/mcp-guard/...).
set -euo pipefail

URL="${1:-${MCP_URL:-http://localhost:8080/mcp}}"
TOKEN="${MCP_TOKEN:-}"
INSPECTOR_VERSION=2.12.0 # inspector-cli@1.0.3 is broken; 2.12.0 is the version verified with this project
EXPECTED_TOOLS=(list_products get_product get_order get_customer create_order update_order delete_order add_note)
CACHE_DIR="${MCP_INSPECTOR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mcp-guard/inspector-$INSPECTOR_VERSION}"
INSPECTOR="$CACHE_DIR/node_modules/.bin/mcp-inspector"

. "$(dirname "$0")/lib.sh"

command -v node >/dev/null && command -v npm >/dev/null || fail "node and npm are needed (Node 20 or newer)"

if [ ! -x "$INSPECTOR" ]; then
  echo "==> Installing @modelcontextprotocol/inspector@$INSPECTOR_VERSION into $CACHE_DIR"
  mkdir -p "$CACHE_DIR"
  "$(dirname "$0")/npm-install.sh" "$CACHE_DIR" "@modelcontextprotocol/inspector@$INSPECTOR_VERSION" \
    || fail "could not install @modelcontextprotocol/inspector@$INSPECTOR_VERSION with npm"
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/home"

# Runs the Inspector CLI against $URL; leaves stdout in $WORK/out, stderr in $WORK/err, exit code in RC.
# --stored-auth-only: never start an interactive OAuth login; HOME: no OAuth token or catalog stored by an
# earlier Inspector session can stand in for the header under test.
RC=0
inspector() {
  set +e
  HOME="$WORK/home" "$INSPECTOR" --cli "$URL" --transport http --stored-auth-only --format json "$@" \
    >"$WORK/out" 2>"$WORK/err"
  RC=$?
  set -e
}

# Explains an Inspector CLI failure by its documented exit code, then the CLI's own error line.
explain() {
  local hint
  case "$RC" in
    3) hint="the server refused the request (401/403): check MCP_TOKEN" ;;
    4) hint="nothing answered at $URL: is the server running?" ;;
    5) hint="the tool answered with isError: true, or does not exist" ;;
    *) hint="the Inspector CLI exited with $RC" ;;
  esac
  echo "$hint; Inspector said: $(tr '\n' ' ' <"$WORK/err" | cut -c1-600)"
}

auth=()
[ -n "$TOKEN" ] && auth=(--header "Authorization: Bearer $TOKEN")
[ -n "$TOKEN" ] || echo "NOTE: MCP_TOKEN is not set: calling without a token, skipping the refusal check"

echo "==> tools/list at $URL"
inspector ${auth[@]+"${auth[@]}"} --method tools/list
[ "$RC" -eq 0 ] || fail "tools/list failed: $(explain)"
listed=$(node -e '
  const reply = JSON.parse(require("fs").readFileSync(0, "utf8"));
  for (const tool of reply.result.tools) console.log(tool.name);' <"$WORK/out") \
  || fail "tools/list answered something that is not a tool list: $(cut -c1-600 "$WORK/out")"
missing=()
for tool in "${EXPECTED_TOOLS[@]}"; do
  grep -qxF "$tool" <<<"$listed" || missing+=("$tool")
done
[ "${#missing[@]}" -eq 0 ] \
  || fail "tools/list lacks ${missing[*]}; it listed: $(tr '\n' ' ' <<<"$listed")"
echo "    OK: all ${#EXPECTED_TOOLS[@]} tools listed"

echo "==> tools/call list_products"
call_args=()
[ -n "${MCP_TOOL_ARGS_JSON:-}" ] && call_args=(--tool-args-json "$MCP_TOOL_ARGS_JSON")
inspector ${auth[@]+"${auth[@]}"} --method tools/call --tool-name list_products ${call_args[@]+"${call_args[@]}"}
[ "$RC" -eq 0 ] || fail "tools/call list_products failed: $(explain); result: $(cut -c1-600 "$WORK/out")"
node -e '
  const reply = JSON.parse(require("fs").readFileSync(0, "utf8"));
  process.exit(reply.result && reply.result.isError !== true ? 0 : 1);' <"$WORK/out" \
  || fail "tools/call list_products returned an error result: $(cut -c1-600 "$WORK/out")"
echo "    OK: list_products answered: $(cut -c1-200 "$WORK/out")"

if [ -n "$TOKEN" ]; then
  echo "==> tools/call list_products without a token must be refused"
  inspector --method tools/call --tool-name list_products ${call_args[@]+"${call_args[@]}"}
  case "$RC" in
    3) echo "    OK: refused without a token" ;;
    0) fail "the server answered list_products WITHOUT a token: authentication is not enforced at $URL" ;;
    *) fail "list_products without a token failed, but not as a refusal (401/403): $(explain)" ;;
  esac
fi

echo "PASS: $URL"
