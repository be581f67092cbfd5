// A local HTTP proxy that adds one header to every request: "Authorization: Bearer $CONFORMANCE_TOKEN".
// The conformance suite has no option to send a header, so it reaches the guarded server through this proxy.
// Everything else passes unchanged in both directions, Host and Origin included (the DNS rebinding scenario sends
// forged ones that the guard must see), and responses stream (SSE).
// Usage: CONFORMANCE_TOKEN=... node token-proxy.mjs <listen port> <target port>    (both on 127.0.0.1)
import http from 'node:http';

const [listenPort, targetPort] = process.argv.slice(2).map(Number);
const token = process.env.CONFORMANCE_TOKEN;
if (!listenPort || !targetPort || !token) {
  console.error('usage: CONFORMANCE_TOKEN=... node token-proxy.mjs <listen port> <target port>');
  process.exit(2);
}

const server = http.createServer((request, response) => {
  const headers = { ...request.headers, authorization: `Bearer ${token}` };
  const upstream = http.request({ host: '127.0.0.1', port: targetPort, method: request.method, path: request.url, headers },
    (answer) => {
      response.writeHead(answer.statusCode, answer.rawHeaders);
      answer.pipe(response);
    });
  upstream.on('error', (error) => {
    if (!response.headersSent) {
      response.writeHead(502, { 'Content-Type': 'text/plain' });
    }
    response.end(`proxy: ${error.message}`);
  });
  // the client went away (a closed SSE stream): close the upstream request too
  response.on('close', () => upstream.destroy());
  request.pipe(upstream);
});
server.listen(listenPort, '127.0.0.1', () => console.log(`token proxy on 127.0.0.1:${listenPort} -> 127.0.0.1:${targetPort}`));
