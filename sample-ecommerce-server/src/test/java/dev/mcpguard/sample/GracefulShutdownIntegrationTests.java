package dev.mcpguard.sample;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.mcpguard.sample.support.SampleServerTest;
import dev.mcpguard.sample.support.TestDatabaseConfiguration.TestSchema;
import io.modelcontextprotocol.client.McpSyncClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.call;
import static dev.mcpguard.sample.support.McpTestClients.client;
import static dev.mcpguard.sample.support.McpTestClients.http;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An instance shut down while clients call it loses no audit event: every note it wrote has its {@code OK} row in
 * the audit trail once the shutdown returns.
 */
@SampleServerTest
class GracefulShutdownIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TestSchema schema;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void shutdownUnderLoadFlushesEveryAuditEvent() throws Exception {
		HttpResponse<String> issued = http("POST", "http://localhost:" + this.port + "/actuator/mcptokens",
				"{\"principal\":\"shutdown-bot\",\"roles\":\"viewer,operator\"}", "Authorization", "Bearer " + ADMIN,
				"Content-Type", "application/json");
		String token = (String) JsonMapper.builder().build().readValue(issued.body(), Map.class).get("token");
		ConfigurableApplicationContext instance = new SpringApplicationBuilder(EcommerceServerApplication.class).profiles("demo")
			.run("--server.port=0", "--spring.datasource.url=" + this.schema.jdbcUrl(),
					"--spring.datasource.username=" + this.schema.username(),
					"--spring.datasource.password=" + this.schema.password(), "--spring.datasource.hikari.maximum-pool-size=3",
					"--mcp.guard.rate-limit.enabled=false", "--spring.lifecycle.timeout-per-shutdown-phase=10s");
		int instancePort = ((WebServerApplicationContext) instance).getWebServer().getPort();
		AtomicInteger ok = new AtomicInteger();
		ExecutorService clients = Executors.newFixedThreadPool(8);
		List<Future<?>> running = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			running.add(clients.submit(() -> {
				try (McpSyncClient client = client(instancePort, token)) {
					while (true) {
						if (Boolean.TRUE.equals(call(client, "add_note", Map.of("orderId", 1, "text", "before shutdown")).isError())) {
							return;
						}
						ok.incrementAndGet();
					}
				}
				catch (RuntimeException ex) {
					// The instance went away under the client: expected.
				}
			}));
		}
		while (ok.get() < 200) {
			Thread.sleep(20);
		}
		instance.close();
		clients.shutdown();
		assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

		int notes = this.jdbc.queryForObject("SELECT count(*) FROM order_notes WHERE author = 'shutdown-bot'", Integer.class);
		int audited = this.jdbc.queryForObject(
				"SELECT count(*) FROM mcp_guard_audit WHERE principal = 'shutdown-bot' AND tool = 'add_note' AND outcome = 'OK'",
				Integer.class);
		assertThat(notes).isGreaterThanOrEqualTo(200);
		assertThat(audited).as("every note written has its audit row when shutdown returns").isEqualTo(notes);
	}

}
