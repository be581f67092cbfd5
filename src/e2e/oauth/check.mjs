// The whole OAuth 2.1 flow of an MCP client against MCP Guard, with the official TypeScript SDK:
// 401 with resource_metadata -> protected resource metadata (RFC 9728) -> authorization server metadata ->
// client credentials token for this resource (RFC 8707) -> tools/list and tools/call as the token's roles allow.
// Env: MCP_URL (the MCP endpoint), AS_ISSUER (the authorization server's issuer). Exits non-zero on any mismatch.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ClientCredentialsProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';

const url = new URL(process.env.MCP_URL);
const issuer = process.env.AS_ISSUER;

function check(condition, message) {
  if (!condition) {
    throw new Error('FAIL: ' + message);
  }
  console.log('ok: ' + message);
}

async function connect(clientId, clientSecret) {
  const client = new Client({ name: 'mcp-guard-oauth-check', version: '1.0.0' });
  const provider = new ClientCredentialsProvider({ clientId, clientSecret, expectedIssuer: issuer });
  const transport = new StreamableHTTPClientTransport(url, { authProvider: provider });
  await client.connect(transport);
  return { client, transport, provider };
}

// 1. No token: 401 naming the metadata document, which names this resource and the authorization server.
const anonymous = await fetch(url, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
  body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } }),
});
check(anonymous.status === 401, `no token: 401 (was ${anonymous.status})`);
const challenge = anonymous.headers.get('www-authenticate') ?? '';
const metadataUrl = /resource_metadata="([^"]+)"/.exec(challenge)?.[1];
check(metadataUrl !== undefined, `WWW-Authenticate names resource_metadata (${challenge})`);
const metadata = await (await fetch(metadataUrl)).json();
check(metadata.resource === url.href, `metadata names this resource (${metadata.resource})`);
check((metadata.authorization_servers ?? []).some((s) => s.replace(/\/$/, '') === issuer.replace(/\/$/, '')),
  `metadata names the authorization server (${metadata.authorization_servers})`);

// 2. The operator client: discovery and token by the SDK, then what its roles allow.
const operator = await connect('demo-operator-client', 'demo-operator-secret');
const operatorTools = (await operator.client.listTools()).tools.map((t) => t.name).sort();
check(operatorTools.includes('create_order') && operatorTools.includes('list_products'),
  `operator lists its tools (${operatorTools.join(', ')})`);
check(!operatorTools.includes('delete_order'), 'operator does not see the admin tool delete_order');
const listed = await operator.client.callTool({ name: 'list_products', arguments: {} });
check(!listed.isError, 'operator calls list_products');
const token = operator.provider.tokens()?.access_token ?? '';
const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString() || '{}');
check([].concat(claims.aud ?? []).includes(url.href), `the token's audience is this resource (${claims.aud})`);
await operator.transport.close();

// 3. The viewer client: fewer tools, and a call beyond its roles refused.
const viewer = await connect('demo-viewer-client', 'demo-viewer-secret');
const viewerTools = (await viewer.client.listTools()).tools.map((t) => t.name).sort();
check(viewerTools.includes('list_products') && !viewerTools.includes('create_order'),
  `viewer lists only what its role allows (${viewerTools.join(', ')})`);
const refused = await viewer.client.callTool({ name: 'create_order', arguments: { customerId: 1, items: [{ productId: 1, quantity: 1 }] } });
check(refused.isError && JSON.stringify(refused.content).includes('Permission denied'), 'viewer is refused create_order');
await viewer.transport.close();
console.log('OAuth check passed');
