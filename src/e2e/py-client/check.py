"""The official MCP Python SDK client against a server guarded by MCP Guard, with a static bearer token.

1. with the token: connects, lists the expected tools and calls list_products (a result that is not an error);
2. without a token: the connection is refused with 401.

Env: MCP_URL (the MCP endpoint), MCP_TOKEN, MCP_EXPECTED_TOOLS (comma-separated, optional).
Exits non-zero on any mismatch or error, with one FAIL line saying why.
"""

import asyncio
import os
import sys

from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

URL = os.environ.get("MCP_URL", "http://localhost:8080/mcp")
TOKEN = os.environ.get("MCP_TOKEN", "")
EXPECTED = os.environ.get(
    "MCP_EXPECTED_TOOLS",
    "list_products,get_product,get_order,get_customer,create_order,update_order,delete_order,add_note",
).split(",")


class CheckFailed(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)
    print(f"    ok: {message}")


async def with_token() -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    async with create_mcp_http_client(headers=headers) as http, streamable_http_client(URL, http_client=http) as (
        read,
        write,
    ), ClientSession(read, write) as session:
        await session.initialize()
        tools = [tool.name for tool in (await session.list_tools()).tools]
        missing = [name for name in EXPECTED if name not in tools]
        check(not missing, f"tools/list lists {len(EXPECTED)} expected tools (missing: {', '.join(missing) or 'none'}; "
              f"listed: {', '.join(tools)})")
        result = await session.call_tool("list_products", {})
        check(not result.is_error and len(result.content) > 0,
              f"tools/call list_products answered: {str(result.content[0])[:160] if result.content else ''}")


async def without_token(statuses: list[int]) -> None:
    """Connects without a token; the HTTP status of each answer goes to statuses (the SDK reports a refused request
    as a JSON-RPC error without its status)."""

    async def record(response) -> None:
        statuses.append(response.status_code)

    async with create_mcp_http_client() as http:
        http.event_hooks = {"request": [], "response": [record]}
        async with streamable_http_client(URL, http_client=http) as (read, write), ClientSession(read, write) as session:
            await session.initialize()


def causes(error: BaseException) -> list[BaseException]:
    """The error and all it holds: the members of exception groups (the SDK's task groups), causes and contexts."""
    found, pending = [], [error]
    while pending:
        current = pending.pop()
        if any(current is seen for seen in found):
            continue
        found.append(current)
        pending.extend(getattr(current, "exceptions", ()))
        pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)
    return found


def leaves(error: BaseException) -> str:
    """What went wrong, without the exception groups around it."""
    found = [e for e in causes(error) if not isinstance(e, BaseExceptionGroup)]
    return "; ".join(f"{type(e).__name__}: {e}" for e in found) or str(error)


def failed_check(error: BaseException) -> CheckFailed | None:
    return next((e for e in causes(error) if isinstance(e, CheckFailed)), None)


async def main() -> None:
    check(TOKEN != "", "MCP_TOKEN is set")
    print(f"==> Python SDK client with a token at {URL}")
    await with_token()
    print("==> Python SDK client without a token must be refused")
    statuses: list[int] = []
    try:
        await asyncio.wait_for(without_token(statuses), timeout=30)
    except BaseException as error:  # the SDK raises exception groups from its task group
        if failed_check(error) is not None:
            raise
        check(statuses[:1] == [401], f"refused with 401 (HTTP statuses: {statuses}; {leaves(error)[:200]})")
    else:
        raise CheckFailed("the server answered WITHOUT a token: authentication is not enforced")
    print("PASS: Python SDK client")


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except BaseException as error:
        failure = failed_check(error)
        if failure is not None:
            print(f"FAIL: {failure}", file=sys.stderr)
            sys.exit(1)
        print(f"FAIL: {leaves(error)[:400]}", file=sys.stderr)
        sys.exit(1)
