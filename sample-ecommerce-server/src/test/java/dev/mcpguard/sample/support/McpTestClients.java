package dev.mcpguard.sample.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.jspecify.annotations.Nullable;

/**
 * Real MCP clients (MCP Java SDK, Streamable HTTP) and raw HTTP requests against the server under test.
 */
public final class McpTestClients {

	/** Demo token of principal demo-viewer (roles viewer). */
	public static final String VIEWER = "demo-viewer-token-0000000000000000";

	/** Demo token of principal demo-operator (roles viewer, operator). */
	public static final String OPERATOR = "demo-operator-token-000000000000000";

	/** Demo token of principal demo-admin (roles viewer, operator, admin, mcp-admin). */
	public static final String ADMIN = "demo-admin-token-0000000000000000";

	/** A raw {@code initialize} request body, for tests that speak HTTP without the MCP client. */
	public static final String INITIALIZE = """
			{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private McpTestClients() {
	}

	/**
	 * An initialized MCP client that sends the token on every request.
	 * @param port the server port
	 * @param token the bearer token
	 * @return the client; close it after use
	 */
	public static McpSyncClient client(int port, String token) {
		return client(port, token, (spec) -> {
		});
	}

	/**
	 * An initialized MCP client that sends the token on every request, customized before it is built.
	 * @param port the server port
	 * @param token the bearer token
	 * @param customizer customizes the client, for example with a tools-changed consumer
	 * @return the client; close it after use
	 */
	public static McpSyncClient client(int port, String token, java.util.function.Consumer<McpClient.SyncSpec> customizer) {
		HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder("http://localhost:" + port)
			.endpoint("/mcp")
			.requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
			.build();
		McpClient.SyncSpec spec = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30));
		customizer.accept(spec);
		McpSyncClient client = spec.build();
		client.initialize();
		return client;
	}

	/**
	 * Call a tool.
	 * @param client the client
	 * @param tool the tool name
	 * @param arguments the arguments
	 * @return the result
	 */
	public static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
		return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
	}

	/**
	 * The text of a result's first content.
	 * @param result the result
	 * @return the text
	 */
	public static String text(McpSchema.CallToolResult result) {
		return ((McpSchema.TextContent) result.content().get(0)).text();
	}

	/**
	 * The names of the tools a client sees.
	 * @param client the client
	 * @return the tool names
	 */
	public static List<String> toolNames(McpSyncClient client) {
		return client.listTools().tools().stream().map(McpSchema.Tool::name).sorted().toList();
	}

	/**
	 * Send a raw HTTP request.
	 * @param method GET, POST or DELETE
	 * @param url the URL
	 * @param body the JSON body, for POST
	 * @param headers header name/value pairs
	 * @return the response
	 */
	public static HttpResponse<String> http(String method, String url, @Nullable String body, String... headers) {
		return httpBytes(method, url, (body != null) ? body.getBytes(java.nio.charset.StandardCharsets.UTF_8) : null, headers);
	}

	/**
	 * Send a raw HTTP request with a body of bytes (for example invalid UTF-8).
	 * @param method GET, POST or DELETE
	 * @param url the URL
	 * @param body the body, for POST
	 * @param headers header name/value pairs
	 * @return the response
	 */
	public static HttpResponse<String> httpBytes(String method, String url, byte @Nullable [] body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		request.method(method, (body != null) ? HttpRequest.BodyPublishers.ofByteArray(body) : HttpRequest.BodyPublishers.noBody());
		try {
			return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
