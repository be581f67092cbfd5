package dev.mcpguard.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.mcpguard.sample.support.SampleServerTest;
import dev.mcpguard.sample.support.TestDatabaseConfiguration.TestSchema;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.OPERATOR;
import static dev.mcpguard.sample.support.McpTestClients.call;
import static dev.mcpguard.sample.support.McpTestClients.client;
import static dev.mcpguard.sample.support.McpTestClients.http;
import static dev.mcpguard.sample.support.McpTestClients.text;
import static dev.mcpguard.sample.support.McpTestClients.toolNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The runtime kill switch through the {@code mcptools} actuator endpoint: a disabled tool vanishes from
 * tools/list and is refused at once, connected clients are told, a second instance on the same database follows
 * within 5 s, and enabling restores it.
 */
@SampleServerTest
class KillSwitchIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TestSchema schema;

	@Autowired
	JdbcTemplate jdbc;

	@AfterEach
	void enableEveryTool() {
		this.jdbc.update("UPDATE mcp_guard_tool_state SET enabled = TRUE");
	}

	@Test
	void disablingAToolReachesThisInstanceItsClientsAndASecondInstance() {
		try (ConfigurableApplicationContext second = startSecondInstance()) {
			int secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
			AtomicInteger listChanges = new AtomicInteger();
			try (McpSyncClient client = client(this.port, OPERATOR,
					(spec) -> spec.toolsChangeConsumer((tools) -> listChanges.incrementAndGet()));
					McpSyncClient secondClient = client(secondPort, OPERATOR)) {
				assertThat(toolNames(secondClient)).contains("add_note");
				int notesBefore = notes();

				HttpResponse<String> disabled = http("POST", actuator(this.port, "/mcptools/add_note"),
						"{\"enabled\":false,\"reason\":\"notes leak customer data, see INC-42\"}",
						"Authorization", "Bearer " + ADMIN, "Content-Type", "application/json");
				assertThat(disabled.statusCode()).isEqualTo(200);
				assertThat(disabled.body()).contains("\"enabled\":false").contains("INC-42");

				assertThat(toolNames(client)).doesNotContain("add_note").contains("create_order");
				CallToolResult refused = call(client, "add_note", Map.of("orderId", 1, "text", "x"));
				assertThat(refused.isError()).isTrue();
				assertThat(text(refused)).isEqualTo("Tool 'add_note' is disabled by an operator: notes leak customer data, see INC-42");
				assertThat(notes()).isEqualTo(notesBefore);
				await().atMost(Duration.ofSeconds(5)).until(() -> listChanges.get() > 0);

				await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(toolNames(secondClient)).doesNotContain("add_note"));
				assertThat(text(call(secondClient, "add_note", Map.of("orderId", 1, "text", "x")))).contains("disabled by an operator");

				HttpResponse<String> enabled = http("POST", actuator(secondPort, "/mcptools/add_note"), "{\"enabled\":true}",
						"Authorization", "Bearer " + ADMIN, "Content-Type", "application/json");
				assertThat(enabled.statusCode()).isEqualTo(200);
				assertThat(toolNames(secondClient)).contains("add_note");
				await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(toolNames(client)).contains("add_note"));
				assertThat(call(client, "add_note", Map.of("orderId", 1, "text", "back")).isError()).isFalse();
				assertThat(notes()).isEqualTo(notesBefore + 1);
			}
		}
	}

	@Test
	void aTokenRevokedOnOneInstanceIsRefusedByTheOtherWithinFiveSeconds() throws Exception {
		try (ConfigurableApplicationContext second = startSecondInstance()) {
			int secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
			HttpResponse<String> issued = http("POST", actuator(this.port, "/mcptokens"),
					"{\"principal\":\"cluster-bot\",\"roles\":\"viewer\"}", "Authorization", "Bearer " + ADMIN,
					"Content-Type", "application/json");
			assertThat(issued.statusCode()).isEqualTo(201);
			Map<?, ?> body = tools.jackson.databind.json.JsonMapper.builder().build().readValue(issued.body(), Map.class);
			String token = (String) body.get("token");
			try (McpSyncClient onSecond = client(secondPort, token)) {
				assertThat(toolNames(onSecond)).contains("get_product");
			}
			assertThat(http("DELETE", actuator(this.port, "/mcptokens/" + body.get("id")), null, "Authorization",
					"Bearer " + ADMIN).statusCode()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(http("POST",
					"http://localhost:" + secondPort + "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
					"Authorization", "Bearer " + token, "Content-Type", "application/json", "Accept",
					"application/json, text/event-stream").statusCode()).isEqualTo(401));
		}
	}

	@Test
	void theToolsEndpointDescribesRulesAndRefusesUnknownTools() {
		HttpResponse<String> listing = http("GET", actuator(this.port, "/mcptools"), null, "Authorization", "Bearer " + ADMIN);
		assertThat(listing.statusCode()).isEqualTo(200);
		assertThat(listing.body()).contains("\"name\":\"delete_order\"").contains("\"roles\":[\"admin\"]");
		assertThat(http("POST", actuator(this.port, "/mcptools/no_such_tool"), "{\"enabled\":false}",
				"Authorization", "Bearer " + ADMIN, "Content-Type", "application/json").statusCode()).isEqualTo(404);
		assertThat(http("POST", actuator(this.port, "/mcptools/add_note"), "{\"enabled\":false}",
				"Authorization", "Bearer " + OPERATOR, "Content-Type", "application/json").statusCode()).isEqualTo(403);
		HttpResponse<String> limited = http("POST", actuator(this.port, "/mcptools/get_customer"),
				"{\"limitForPeriod\":\"99999\",\"refreshPeriod\":\"2m\"}", "Authorization", "Bearer " + ADMIN,
				"Content-Type", "application/json");
		assertThat(limited.statusCode()).isEqualTo(200);
		assertThat(limited.body()).contains("\"rateLimit\":{").contains("\"limitForPeriod\":99999").contains("\"refreshPeriod\":\"PT2M\"");
		assertThat(http("POST", actuator(this.port, "/mcptools/get_customer"), "{\"limitForPeriod\":\"many\"}",
				"Authorization", "Bearer " + ADMIN, "Content-Type", "application/json").statusCode()).isEqualTo(400);
	}

	private ConfigurableApplicationContext startSecondInstance() {
		// Command-line arguments: they outrank application.yml, as an operator's settings would.
		return new SpringApplicationBuilder(EcommerceServerApplication.class).profiles("demo")
			.run("--server.port=0", "--spring.datasource.url=" + this.schema.jdbcUrl(),
					"--spring.datasource.username=" + this.schema.username(),
					"--spring.datasource.password=" + this.schema.password(), "--spring.datasource.hikari.maximum-pool-size=3");
	}

	private static String actuator(int port, String path) {
		return "http://localhost:" + port + "/actuator" + path;
	}

	private int notes() {
		return this.jdbc.queryForObject("SELECT count(*) FROM order_notes", Integer.class);
	}

}
