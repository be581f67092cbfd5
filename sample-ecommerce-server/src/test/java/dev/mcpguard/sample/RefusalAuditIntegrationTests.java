package dev.mcpguard.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.mcpguard.sample.support.SampleServerTest;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.INITIALIZE;
import static dev.mcpguard.sample.support.McpTestClients.VIEWER;
import static dev.mcpguard.sample.support.McpTestClients.call;
import static dev.mcpguard.sample.support.McpTestClients.client;
import static dev.mcpguard.sample.support.McpTestClients.http;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Requests refused before they reach a tool are audited in the same hash chain, and a flood of them is folded:
 * per client address and kind, the first refusal of a window is a row, the rest one summary row that counts them.
 */
@SampleServerTest
@TestPropertySource(properties = "mcp.guard.audit.refusal-window=3s")
class RefusalAuditIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aFloodOfRefusedOriginsBecomesOneRowAndOneSummaryPerWindow() throws Exception {
		for (int i = 0; i < 20; i++) {
			assertThat(mcp(VIEWER, "Origin", "http://evil.example").statusCode()).isEqualTo(403);
		}
		Thread.sleep(Duration.ofSeconds(4).toMillis());
		assertThat(mcp(VIEWER, "Origin", "http://evil.example").statusCode()).isEqualTo(403);
		await().untilAsserted(() -> {
			List<Map<String, Object>> rows = refusals("origin");
			assertThat(rows).hasSize(3);
			assertThat(rows).extracting((row) -> count(row)).containsExactly(1, 19, 1);
			assertThat(rows.get(1).get("message").toString()).startsWith("19 more origin refusal(s) from 127.0.0.1");
			assertThat(rows).allSatisfy((row) -> assertThat(row.get("outcome")).isEqualTo("DENIED"));
		});
	}

	@Test
	void anotherCredentialsSessionIdAndANonJsonBodyAreAuditedWithTheCaller() {
		HttpResponse<String> opened = mcp(VIEWER);
		String session = opened.headers().firstValue("Mcp-Session-Id").orElseThrow();
		http("POST", url(), INITIALIZE, "Authorization", "Bearer " + ADMIN, "Content-Type", "application/json", "Accept",
				"application/json, text/event-stream", "Mcp-Session-Id", session);
		assertThat(http("POST", url(), INITIALIZE, "Authorization", "Bearer " + VIEWER, "Content-Type", "text/plain",
				"Accept", "application/json, text/event-stream").statusCode()).isEqualTo(415);
		await().untilAsserted(() -> {
			assertThat(refusals("session-binding")).singleElement().satisfies((row) -> {
				assertThat(row.get("principal")).isEqualTo("demo-admin");
				assertThat(row.get("session_id")).isEqualTo(session);
			});
			assertThat(refusals("content-type")).singleElement()
				.satisfies((row) -> assertThat(row.get("principal")).isEqualTo("demo-viewer"));
		});
		HttpResponse<String> verified = http("GET", "http://localhost:" + this.port + "/actuator/mcpaudit/verify", null,
				"Authorization", "Bearer " + ADMIN);
		assertThat(json.readTree(verified.body()).get("status").asString()).isEqualTo("OK");
	}

	@Test
	void aCallOfAnUnknownToolIsAnsweredByTheServerAndAuditedWithTheCallerAndTheNameMadeSafe() {
		try (McpSyncClient client = client(this.port, VIEWER)) {
			assertThatThrownBy(() -> client.callTool(new CallToolRequest("no_such_tool\nFORGED line", Map.of())))
				.hasMessageContaining("Unknown tool");
			assertThat(call(client, "list_products", Map.of()).isError()).as("the session goes on").isFalse();
		}
		await().untilAsserted(() -> assertThat(refusals("unknown-tool")).singleElement().satisfies((row) -> {
			assertThat(row.get("principal")).isEqualTo("demo-viewer");
			assertThat(row.get("outcome")).isEqualTo("DENIED");
			assertThat(row.get("message").toString()).startsWith("Unknown tool 'no_such_tool").doesNotContain("\n");
		}));
	}

	private List<Map<String, Object>> refusals(String kind) {
		return this.jdbc.queryForList("SELECT principal, session_id, outcome, message, arguments FROM mcp_guard_audit "
				+ "WHERE arguments LIKE ? ORDER BY seq", "%\"refusal\":\"" + kind + "\"%");
	}

	private static int count(Map<String, Object> row) {
		return json.readTree(row.get("arguments").toString()).get("count").asInt();
	}

	private HttpResponse<String> mcp(String token, String... headers) {
		String[] all = new String[headers.length + 6];
		all[0] = "Authorization";
		all[1] = "Bearer " + token;
		all[2] = "Content-Type";
		all[3] = "application/json";
		all[4] = "Accept";
		all[5] = "application/json, text/event-stream";
		System.arraycopy(headers, 0, all, 6, headers.length);
		return http("POST", url(), INITIALIZE, all);
	}

	private String url() {
		return "http://localhost:" + this.port + "/mcp";
	}

}
