package dev.mcpguard.sample;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import dev.mcpguard.sample.support.Approvals;
import dev.mcpguard.sample.support.SampleServerTest;
import io.modelcontextprotocol.client.McpSyncClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.mcpguard.sample.support.Approvals.APPROVER;
import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.call;
import static dev.mcpguard.sample.support.McpTestClients.client;
import static dev.mcpguard.sample.support.McpTestClients.http;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every change an operator makes through the runbook endpoints is a row of the audit trail, in the same hash
 * chain as the tool calls: who did it, from where, what, to what, and the reason given; never a token's value.
 */
@SampleServerTest
class AdminActionAuditIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void tokenToolAndApprovalChangesAreAuditedWithTheOperatorAndTheReason() {
		JsonNode issued = json.readTree(post("/actuator/mcptokens", """
				{"principal":"audited-bot","roles":"viewer","ttl":"1d"}""", ADMIN).body());
		String id = issued.get("id").asString();
		String secret = issued.get("token").asString();
		assertThat(http("DELETE", url("/actuator/mcptokens/" + id), null, "Authorization", "Bearer " + ADMIN).statusCode())
			.isEqualTo(200);
		assertThat(post("/actuator/mcptools/get_customer", """
				{"enabled":false,"reason":"incident 42: customer data leak suspected"}""", ADMIN).statusCode()).isEqualTo(200);
		assertThat(post("/actuator/mcptools/get_customer", """
				{"enabled":true,"reason":"incident 42 closed"}""", ADMIN).statusCode()).isEqualTo(200);
		String approval;
		try (McpSyncClient admin = client(this.port, ADMIN)) {
			approval = Approvals.approvalId(call(admin, "delete_order", Map.of("orderId", Approvals.newOrder(this.port))));
		}
		assertThat(Approvals.decide(this.port, APPROVER, approval, "deny", "not today").statusCode()).isEqualTo(200);

		await().untilAsserted(() -> assertThat(this.jdbc.queryForList(
				"SELECT principal || ' ' || tool || ' ' || message FROM mcp_guard_audit WHERE outcome = 'ADMIN' ORDER BY seq",
				String.class))
			.containsSubsequence("demo-admin mcptokens mcptokens issue " + id, "demo-admin mcptokens mcptokens revoke " + id,
					"demo-admin mcptools mcptools disable get_customer: incident 42: customer data leak suspected",
					"demo-admin mcptools mcptools enable get_customer: incident 42 closed",
					"demo-approver mcpapprovals mcpapprovals deny " + approval + ": not today"));
		List<Map<String, Object>> rows = this.jdbc.queryForList(
				"SELECT arguments, client_ip, auth_method FROM mcp_guard_audit WHERE outcome = 'ADMIN' AND tool = 'mcptokens'");
		assertThat(rows).allSatisfy((row) -> {
			assertThat(row.get("client_ip")).isEqualTo("127.0.0.1");
			assertThat(row.get("auth_method")).isEqualTo("operator");
			assertThat(String.valueOf(row.get("arguments"))).doesNotContain(secret);
		});
		assertThat(String.valueOf(rows.get(0).get("arguments"))).contains("\"principal\":\"audited-bot\"")
			.contains("\"roles\":\"viewer\"");
		HttpResponse<String> verified = http("GET", url("/actuator/mcpaudit/verify"), null, "Authorization", "Bearer " + ADMIN);
		assertThat(json.readTree(verified.body()).get("status").asString()).isEqualTo("OK");
	}

	private HttpResponse<String> post(String path, String body, String token) {
		return http("POST", url(path), body, "Authorization", "Bearer " + token, "Content-Type", "application/json");
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}
