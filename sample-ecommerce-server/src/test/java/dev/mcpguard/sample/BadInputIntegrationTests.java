package dev.mcpguard.sample;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.mcpguard.sample.support.SampleServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.http;
import static dev.mcpguard.sample.support.McpTestClients.httpBytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corpus of bad input against the MCP endpoint: every request gets a clear 4xx or JSON-RPC error, never a 500,
 * never a stack trace or an empty answer, and the server stays up with its data intact.
 */
@SampleServerTest
class BadInputIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	String session;

	@BeforeEach
	void initialize() {
		HttpResponse<String> response = post("""
				{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"fuzz","version":"1"}}}""",
				null);
		this.session = response.headers().firstValue("Mcp-Session-Id").orElseThrow();
	}

	@Test
	void everyBadRequestGetsAClearErrorAndTheServerStaysUp() {
		int notesBefore = notes();
		Map<String, String> corpus = new LinkedHashMap<>();
		corpus.put("malformed JSON", "{\"jsonrpc\":");
		corpus.put("not an object", "\"hello\"");
		corpus.put("wrong JSON-RPC version", "{\"jsonrpc\":\"1.0\",\"id\":3,\"method\":\"tools/list\"}");
		corpus.put("missing JSON-RPC version", "{\"id\":3,\"method\":\"tools/list\"}");
		corpus.put("batch array", "[{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}]");
		corpus.put("method not a string", "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":42}");
		corpus.put("params not an object", "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":[1]}");
		corpus.put("tool name missing", "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"arguments\":{}}}");
		corpus.put("arguments not an object",
				"{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"get_product\",\"arguments\":\"str\"}}");
		corpus.put("deep nesting", "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"add_note\",\"arguments\":{\"text\":"
				+ "[".repeat(5000) + "]".repeat(5000) + "}}}");
		corpus.put("trailing garbage", "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"} {}");
		for (Map.Entry<String, String> bad : corpus.entrySet()) {
			HttpResponse<String> response = post(bad.getValue(), this.session);
			assertThat(response.statusCode()).as(bad.getKey()).isEqualTo(400);
			assertThat(response.body()).as(bad.getKey()).contains("\"jsonrpc\":\"2.0\"").contains("\"error\"")
				.doesNotContain("stackTrace").doesNotContain("Exception");
		}
		assertThat(notes()).isEqualTo(notesBefore);
		assertThat(health()).isEqualTo(200);
	}

	@Test
	void invalidUtf8IsRefused() {
		byte[] body = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"add_note\",\"arguments\":{\"orderId\":1,\"text\":\"XX\"}}}"
			.getBytes(StandardCharsets.UTF_8);
		int at = new String(body, StandardCharsets.UTF_8).indexOf("XX");
		body[at] = (byte) 0xff;
		body[at + 1] = (byte) 0xfe;
		HttpResponse<String> response = httpBytes("POST", url(), body, headers(this.session));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("not well-formed UTF-8");
	}

	@Test
	void hugeBodiesAreRefusedBeforeTheyAreRead() {
		String huge = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"add_note\",\"arguments\":{\"orderId\":1,\"text\":\""
				+ "x".repeat(2 * 1024 * 1024) + "\"}}}";
		HttpResponse<String> response = post(huge, this.session);
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body()).contains("larger than");
		assertThat(health()).isEqualTo(200);
	}

	@Test
	void unknownToolsMethodsAndSessionsGetErrors() {
		HttpResponse<String> unknownTool = post(
				"{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"no_such_tool\",\"arguments\":{}}}", this.session);
		assertThat(unknownTool.body()).contains("\"error\"").contains("Unknown tool");
		HttpResponse<String> unknownMethod = post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"foo/bar\"}", this.session);
		assertThat(unknownMethod.body()).contains("Method not found");
		HttpResponse<String> forged = post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}", "forged-session-id");
		assertThat(forged.statusCode()).isEqualTo(404);
		assertThat(forged.body()).doesNotContain("stackTrace");
		HttpResponse<String> missing = post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}", null);
		assertThat(missing.statusCode()).isEqualTo(400);
		assertThat(missing.body()).contains("Session ID missing").doesNotContain("stackTrace");
	}

	@Test
	void wrongArgumentTypesAreToolErrors() {
		HttpResponse<String> response = post(
				"{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"get_product\",\"arguments\":{\"productId\":\"one\"}}}",
				this.session);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"isError\":true").contains("Invalid arguments for 'get_product'");
	}

	@Test
	void oversizedHeadersAreRefused() {
		HttpResponse<String> response = http("POST", url(), "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}",
				"Authorization", "Bearer " + ADMIN, "Content-Type", "application/json", "Accept",
				"application/json, text/event-stream", "X-Padding", "a".repeat(20_000));
		assertThat(response.statusCode()).isBetween(400, 499);
		assertThat(health()).isEqualTo(200);
	}

	private HttpResponse<String> post(String body, String sessionId) {
		return http("POST", url(), body, headers(sessionId));
	}

	private static String[] headers(String sessionId) {
		return (sessionId != null)
				? new String[] { "Authorization", "Bearer " + ADMIN, "Content-Type", "application/json", "Accept",
						"application/json, text/event-stream", "Mcp-Session-Id", sessionId }
				: new String[] { "Authorization", "Bearer " + ADMIN, "Content-Type", "application/json", "Accept",
						"application/json, text/event-stream" };
	}

	private String url() {
		return "http://localhost:" + this.port + "/mcp";
	}

	private int health() {
		return http("GET", "http://localhost:" + this.port + "/actuator/health", null).statusCode();
	}

	private int notes() {
		return this.jdbc.queryForObject("SELECT count(*) FROM order_notes", Integer.class);
	}

}
