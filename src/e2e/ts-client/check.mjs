// The official MCP TypeScript SDK client against a server guarded by MCP Guard, with a static bearer token:
//   1. with the token: connects, lists the expected tools and calls list_products (a result that is not an error);
//   2. without a token: the connection is refused with 401.
// Env: MCP_URL (the MCP endpoint), MCP_TOKEN, MCP_EXPECTED_TOOLS (comma-separated, optional).
// Exits non-zero on any mismatch or error, with one FAIL line saying why.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const url = new URL(process.env.MCP_URL ?? 'http://localhost:8080/mcp');
const token = process.env.MCP_TOKEN ?? '';
const expected = (process.env.MCP_EXPECTED_TOOLS
  ?? 'list_products,get_product,get_order,get_customer,create_order,update_order,delete_order,add_note').split(',');

class CheckFailed extends Error {}

function check(condition, message) {
  if (!condition) {
    throw new CheckFailed(message);
  }
  console.log('    ok: ' + message);
}

async function connect(headers) {
  const client = new Client({ name: 'mcp-guard-typescript-check', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers } });
  await client.connect(transport);
  return client;
}

async function main() {
  check(token !== '', 'MCP_TOKEN is set');

  console.log(`==> TypeScript SDK client with a token at ${url.href}`);
  const client = await connect({ Authorization: `Bearer ${token}` });
  const tools = (await client.listTools()).tools.map((tool) => tool.name);
  const missing = expected.filter((name) => !tools.includes(name));
  check(missing.length === 0,
    `tools/list lists ${expected.length} expected tools (missing: ${missing.join(', ') || 'none'}; listed: ${tools.join(', ')})`);
  const result = await client.callTool({ name: 'list_products', arguments: {} });
  check(result.isError !== true && Array.isArray(result.content) && result.content.length > 0,
    `tools/call list_products answered: ${JSON.stringify(result.content).slice(0, 160)}`);
  await client.close();

  console.log('==> TypeScript SDK client without a token must be refused');
  let refusal;
  try {
    await (await connect({})).close();
  } catch (error) {
    refusal = error;
  }
  check(refusal !== undefined, 'the connection without a token is refused');
  const status = refusal instanceof StreamableHTTPError ? refusal.code : undefined;
  check(status === 401, `refused with 401 (${String(refusal?.message).slice(0, 200)})`);
  console.log('PASS: TypeScript SDK client');
}

main().catch((error) => {
  const status = error instanceof StreamableHTTPError ? ` (HTTP ${error.code})` : '';
  console.error(`FAIL: ${String(error?.message ?? error).slice(0, 400)}${status}`);
  process.exit(1);
});
