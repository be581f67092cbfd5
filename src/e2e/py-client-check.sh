#!/usr/bin/env bash
# End-to-end check of a running MCP server with the official MCP Python SDK client (mcp 2.3.0 from the package
# index pip is configured with; streamable_http_client with the token in the Authorization header): tools/list lists
# the sample's 8 tools, tools/call list_products answers, a connection without the token is refused (401).
# Usage: MCP_TOKEN=<token> src/e2e/py-client-check.sh [URL]      (URL defaults to http://localhost:8080/mcp)
# Optional env: MCP_EXPECTED_TOOLS (comma-separated tool names), MCP_PY_CLIENT_VENV (the virtual environment;
# default ~/.cache/mcp-guard/py-client-mcp-2.3.0).
set -euo pipefail

URL="${1:-${MCP_URL:-http://localhost:8080/mcp}}"
DIR="$(cd "$(dirname "$0")" && pwd)/py-client"
VENV="${MCP_PY_CLIENT_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/mcp-guard/py-client-mcp-2.3.0}"

. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || fail "python3 is needed (3.10 or newer)"
[ -n "${MCP_TOKEN:-}" ] || fail "MCP_TOKEN is not set"
if ! "$VENV/bin/python" -c 'import importlib.metadata as m, sys; sys.exit(m.version("mcp") != "2.3.0")' 2>/dev/null; then
  echo "==> Installing the MCP Python SDK (mcp 2.3.0) into $VENV"
  rm -rf "$VENV"
  python3 -m venv "$VENV" || fail "could not create a virtual environment in $VENV (python3-venv missing?)"
  # --retries 0: an index that cannot be reached fails at once instead of after minutes of retries
  "$VENV/bin/pip" install -q --disable-pip-version-check --retries 0 --timeout 20 -r "$DIR/requirements.txt" \
    || fail "pip could not install mcp 2.3.0 (is a Python package index reachable?)"
fi
MCP_URL="$URL" "$VENV/bin/python" "$DIR/check.py"
