package dev.mcpguard.sample;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.mcpguard.sample.support.SampleServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.mcpguard.sample.support.McpTestClients.INITIALIZE;
import static dev.mcpguard.sample.support.McpTestClients.OPERATOR;
import static dev.mcpguard.sample.support.McpTestClients.http;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The MCP 2026-07-28 request headers over real HTTP: a tool call whose {@code Mcp-Name} names another tool than its
 * body (what a rate limiter or gateway keyed on the header would be fooled by) is refused with 400 and JSON-RPC error
 * -32020 before any tool runs, and audited with the caller; matching headers, and no headers at all, are served.
 */
@SampleServerTest
class StandardHeadersIntegrationTests {

	private static final String ADD_NOTE = """
			{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"add_note","arguments":{"orderId":1,"text":"%s"}}}""";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	private String session;

	@BeforeEach
	void initialize() {
		HttpResponse<String> initialized = post(INITIALIZE);
		assertThat(initialized.statusCode()).isEqualTo(200);
		this.session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
	}

	@Test
	void whenMcpNameNamesAnotherToolThenTheCallIsRefusedWithHeaderMismatchAndAudited() {
		int notesBefore = notes();
		HttpResponse<String> response = post(ADD_NOTE.formatted("mismatched"), "Mcp-Session-Id", this.session,
				"Mcp-Method", "tools/call", "Mcp-Name", "list_products");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32020,")
			.contains("Header mismatch");
		HttpResponse<String> wrongMethod = post(ADD_NOTE.formatted("mismatched"), "Mcp-Session-Id", this.session,
				"Mcp-Method", "tools/list");
		assertThat(wrongMethod.statusCode()).isEqualTo(400);
		assertThat(wrongMethod.body()).contains("\"code\":-32020");
		assertThat(notes()).as("no note was written").isEqualTo(notesBefore);
		// the first refusal of a folding window is a row of its own
		await().untilAsserted(() -> assertThat(refusals()).first().satisfies((row) -> {
			assertThat(row.get("principal")).isEqualTo("demo-operator");
			assertThat(row.get("outcome")).isEqualTo("DENIED");
			assertThat(row.get("message").toString()).startsWith("Header mismatch: ");
		}));
	}

	@Test
	void whenTheHeadersMatchOrAreAbsentThenTheCallIsServed() {
		int notesBefore = notes();
		HttpResponse<String> mirrored = post(ADD_NOTE.formatted("mirrored"), "Mcp-Session-Id", this.session,
				"Mcp-Method", "tools/call", "Mcp-Name", "add_note");
		assertThat(mirrored.statusCode()).isEqualTo(200);
		assertThat(mirrored.body()).contains("\"isError\":false");
		HttpResponse<String> plain = post(ADD_NOTE.formatted("plain"), "Mcp-Session-Id", this.session);
		assertThat(plain.statusCode()).isEqualTo(200);
		assertThat(notes()).isEqualTo(notesBefore + 2);
	}

	private HttpResponse<String> post(String body, String... headers) {
		List<String> all = new ArrayList<>(List.of("Authorization", "Bearer " + OPERATOR, "Content-Type",
				"application/json", "Accept", "application/json, text/event-stream"));
		all.addAll(List.of(headers));
		return http("POST", "http://localhost:" + this.port + "/mcp", body, all.toArray(String[]::new));
	}

	private int notes() {
		return this.jdbc.queryForObject("SELECT count(*) FROM order_notes", Integer.class);
	}

	private List<Map<String, Object>> refusals() {
		return this.jdbc.queryForList("SELECT principal, outcome, message FROM mcp_guard_audit WHERE arguments LIKE ? "
				+ "AND session_id = ? ORDER BY seq", "%\"refusal\":\"header-mismatch\"%", this.session);
	}

}
