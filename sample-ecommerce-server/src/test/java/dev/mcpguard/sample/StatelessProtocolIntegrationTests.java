package dev.mcpguard.sample;

import java.util.Map;

import dev.mcpguard.sample.support.SampleServerTest;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import static dev.mcpguard.sample.support.McpTestClients.INITIALIZE;
import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.VIEWER;
import static dev.mcpguard.sample.support.McpTestClients.call;
import static dev.mcpguard.sample.support.McpTestClients.client;
import static dev.mcpguard.sample.support.McpTestClients.http;
import static dev.mcpguard.sample.support.McpTestClients.text;
import static dev.mcpguard.sample.support.McpTestClients.toolNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample served with Spring AI's stateless protocol: the same pipeline guards every call (roles, kill switch,
 * audit), with the caller taken from the credential of each request.
 */
@SampleServerTest
@TestPropertySource(properties = "spring.ai.mcp.server.protocol=STATELESS")
class StatelessProtocolIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void withoutATokenTheEndpointAnswers401() {
		assertThat(http("POST", "http://localhost:" + this.port + "/mcp", INITIALIZE, "Content-Type", "application/json",
				"Accept", "application/json, text/event-stream").statusCode()).isEqualTo(401);
	}

	@Test
	void rolesAreEnforcedAndEveryCallIsAuditedWithTheCallersIdentity() {
		try (McpSyncClient viewer = client(this.port, VIEWER)) {
			assertThat(toolNames(viewer)).contains("get_product");
			McpSchema.CallToolResult refused = call(viewer, "add_note", Map.of("orderId", 1, "text", "stateless"));
			assertThat(refused.isError()).isTrue();
			assertThat(text(refused)).startsWith("Permission denied");
			assertThat(call(viewer, "get_product", Map.of("productId", 1)).isError()).isFalse();
		}
		await().untilAsserted(() -> assertThat(this.jdbc.queryForList(
				"SELECT outcome FROM mcp_guard_audit WHERE principal = 'demo-viewer' AND tool IN ('add_note', 'get_product')",
				String.class)).contains("DENIED", "OK"));
	}

	@Test
	void theKillSwitchDisablesAToolOfTheStatelessServer() {
		assertThat(http("POST", "http://localhost:" + this.port + "/actuator/mcptools/get_customer", """
				{"enabled":false,"reason":"stateless test"}""", "Content-Type", "application/json", "Authorization",
				"Bearer " + ADMIN).statusCode()).isEqualTo(200);
		try (McpSyncClient admin = client(this.port, ADMIN)) {
			McpSchema.CallToolResult disabled = call(admin, "get_customer", Map.of("customerId", 1));
			assertThat(disabled.isError()).isTrue();
			assertThat(text(disabled)).contains("disabled");
		}
		finally {
			http("POST", "http://localhost:" + this.port + "/actuator/mcptools/get_customer", """
					{"enabled":true}""", "Content-Type", "application/json", "Authorization", "Bearer " + ADMIN);
		}
	}

}
