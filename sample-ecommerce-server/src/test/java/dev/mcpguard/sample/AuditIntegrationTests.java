package dev.mcpguard.sample;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.mcpguard.annotation.Sensitive;
import dev.mcpguard.audit.AuditTrail;
import dev.mcpguard.audit.McpGuardAuditDataSource;
import dev.mcpguard.pipeline.GuardDecision;
import dev.mcpguard.pipeline.Outcome;
import dev.mcpguard.pipeline.ToolCallGuard;
import dev.mcpguard.pipeline.ToolInvocation;
import dev.mcpguard.sample.support.AuditSpools;
import dev.mcpguard.sample.support.SampleServerTest;
import dev.mcpguard.sample.support.SwitchableDataSource;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.mcp.annotation.McpTool;
import org.springframework.ai.mcp.annotation.McpToolParam;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.OPERATOR;
import static dev.mcpguard.sample.support.McpTestClients.VIEWER;
import static dev.mcpguard.sample.support.McpTestClients.call;
import static dev.mcpguard.sample.support.McpTestClients.client;
import static dev.mcpguard.sample.support.McpTestClients.http;
import static dev.mcpguard.sample.support.McpTestClients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The audit trail of the sample server, through real MCP clients, on a real PostgreSQL: one row per outcome with
 * its fields, secrets redacted in the table and the log, no event lost or duplicated under load or while the
 * database is away, and a changed row found by the {@code mcpaudit} verify check.
 */
@SampleServerTest
@ExtendWith(OutputCaptureExtension.class)
class AuditIntegrationTests {

	private static final Path SPOOL = AuditSpools.newDirectory("mcp-guard-audit-it");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void auditProperties(DynamicPropertyRegistry registry) {
		registry.add("mcp.guard.audit.spool-directory", SPOOL::toString);
		// Thousands of calls in seconds: the rate limits have tests of their own.
		registry.add("mcp.guard.rate-limit.enabled", () -> "false");
		registry.add("mcp.guard.audit.retry-interval", () -> "200ms");
		registry.add("mcp.guard.audit.flush-interval", () -> "20ms");
		registry.add("mcp.guard.audit.log-events", () -> "true");
		registry.add("mcp.guard.authz.deny", () -> "delete_order");
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	AuditTrail auditTrail;

	@Autowired
	@McpGuardAuditDataSource
	SwitchableDataSource auditDatabase;

	long watermark;

	@BeforeEach
	void markTheChainHead() {
		this.auditDatabase.up();
		assertThat(this.auditTrail.flush(Duration.ofSeconds(30))).isTrue();
		await().atMost(Duration.ofSeconds(30)).until(() -> AuditSpools.files(SPOOL).isEmpty());
		this.watermark = this.jdbc.queryForObject("SELECT last_seq FROM mcp_guard_audit_chain", Long.class);
	}

	@Test
	void everyOutcomeIsRecordedOnceWithItsFields() {
		try (McpSyncClient viewer = client(this.port, VIEWER); McpSyncClient operator = client(this.port, OPERATOR);
				McpSyncClient admin = client(this.port, ADMIN)) {
			assertThat(call(viewer, "get_product", Map.of("productId", 1)).isError()).isFalse();
			assertThat(text(call(viewer, "get_product", Map.of("productId", 999_999)))).isEqualTo("Product 999999 not found.");
			assertThat(text(call(viewer, "create_order", Map.of("customerId", 1, "items", List.of()))))
				.startsWith("Permission denied");
			assertThat(text(call(admin, "delete_order", Map.of("orderId", 1)))).contains("delete_order");
			for (String refusal : List.of("RATE_LIMITED", "APPROVAL_PENDING", "APPROVAL_DENIED")) {
				assertThat(call(operator, "audit_probe", Map.of("mode", refusal)).isError()).isTrue();
			}
		}
		HttpResponse<String> unauthenticated = http("POST", "http://localhost:" + this.port + "/mcp", "{}",
				"Authorization", "Bearer not-a-valid-token-0000000000", "Content-Type", "application/json");
		assertThat(unauthenticated.statusCode()).isEqualTo(401);

		await().atMost(Duration.ofSeconds(30)).until(() -> newRows() == 8);
		assertThat(this.auditTrail.flush(Duration.ofSeconds(10))).isTrue();
		List<Map<String, Object>> rows = this.jdbc.queryForList(
				"SELECT * FROM mcp_guard_audit WHERE seq > ? ORDER BY event_time, seq", this.watermark);
		assertThat(rows).extracting((row) -> row.get("outcome") + " " + row.get("tool") + " " + row.get("principal"))
			.containsExactlyInAnyOrder("OK get_product demo-viewer", "FAILED get_product demo-viewer",
					"DENIED create_order demo-viewer", "DISABLED delete_order demo-admin",
					"RATE_LIMITED audit_probe demo-operator", "APPROVAL_PENDING audit_probe demo-operator",
					"APPROVAL_DENIED audit_probe demo-operator", "UNAUTHENTICATED null null");
		for (Map<String, Object> row : rows) {
			assertThat(row.get("id")).asString().hasSize(36);
			assertThat(row.get("event_time")).isNotNull();
			assertThat(row.get("client_ip")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
			assertThat((Long) row.get("duration_ms")).isNotNegative();
			if (!"UNAUTHENTICATED".equals(row.get("outcome"))) {
				assertThat(row.get("auth_method")).isEqualTo("token");
				assertThat(row.get("session_id")).asString().isNotBlank();
				assertThat(row.get("arguments")).asString().startsWith("{");
			}
		}
		assertThat(row(rows, "OK").get("arguments")).isEqualTo("{\"productId\":1}");
		assertThat(row(rows, "OK").get("message")).isNull();
		assertThat(row(rows, "FAILED").get("message")).isEqualTo("Product 999999 not found.");
		assertThat(row(rows, "DENIED").get("message")).isEqualTo("Permission denied: 'create_order' requires role operator.");
		assertThat(row(rows, "DISABLED").get("message")).asString().contains("delete_order");
		assertThat(row(rows, "RATE_LIMITED").get("message")).isEqualTo("Rate limit exceeded (test stage).");
		assertThat(row(rows, "APPROVAL_PENDING").get("approval_id")).isEqualTo("approval-pending-1");
		assertThat(row(rows, "APPROVAL_DENIED").get("approval_id")).isEqualTo("approval-denied-1");
		assertThat(row(rows, "UNAUTHENTICATED").get("message")).asString().contains("invalid").contains("POST /mcp");
		assertThat(row(rows, "UNAUTHENTICATED").get("arguments")).asString().contains("authentication-invalid");
		assertThat(newRows()).as("still one row per call once everything is written").isEqualTo(8);
	}

	@Test
	void secretsAreRedactedInTheTableTheLogAndTheEndpoint(CapturedOutput output) {
		Map<String, Object> profile = Map.of("username", "alice", "password", "hunter2-password", "settings",
				Map.of("api_key", "key-abc-123-secret", "theme", "dark", "devices",
						List.of(Map.of("token", "device-token-789", "name", "phone"))));
		try (McpSyncClient operator = client(this.port, OPERATOR)) {
			CallToolResult result = call(operator, "register_account",
					Map.of("profile", profile, "pin", "4321-pin", "note", "Bearer abcdefghijklmnopqrstuvwxyz012345"));
			assertThat(text(result)).isEqualTo("registered alice");
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> newRows() == 1);
		String arguments = this.jdbc.queryForObject("SELECT arguments FROM mcp_guard_audit WHERE seq > ?", String.class,
				this.watermark);
		assertThat(JSON.readValue(arguments, Map.class)).isEqualTo(Map.of("profile",
				Map.of("username", "alice", "password", "***", "settings",
						Map.of("api_key", "***", "theme", "dark", "devices", List.of(Map.of("token", "***", "name", "phone")))),
				"pin", "***", "note", "Bearer ***"));
		await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("tools/call register_account"));
		HttpResponse<String> endpoint = http("GET",
				"http://localhost:" + this.port + "/actuator/mcpaudit?tool=register_account", null, "Authorization",
				"Bearer " + ADMIN);
		assertThat(endpoint.statusCode()).isEqualTo(200);
		assertThat(endpoint.body()).contains("alice").contains("***");
		for (String secret : List.of("hunter2-password", "key-abc-123-secret", "device-token-789", "4321-pin",
				"abcdefghijklmnopqrstuvwxyz012345")) {
			assertThat(arguments).doesNotContain(secret);
			assertThat(output.getAll()).doesNotContain(secret);
			assertThat(endpoint.body()).doesNotContain(secret);
		}
		assertThat(output.getOut()).containsPattern("OK tools/call register_account by demo-operator in \\d+ ms arguments=\\{.*\"password\":\"\\*\\*\\*\"");
	}

	@Test
	void tenThousandCallsFromSixteenClientsLeaveTenThousandRows() throws Exception {
		int clients = 16;
		int callsPerClient = 625;
		runConcurrently(clients, callsPerClient, VIEWER, new AtomicInteger());
		await().atMost(Duration.ofSeconds(60)).until(() -> pings("demo-viewer") == 10_000);
		assertThat(this.auditTrail.flush(Duration.ofSeconds(10))).isTrue();
		assertThat(pings("demo-viewer")).isEqualTo(10_000);
		assertThat(this.jdbc.queryForObject(
				"SELECT count(DISTINCT id) FROM mcp_guard_audit WHERE seq > ? AND tool = 'audit_ping'", Long.class,
				this.watermark)).isEqualTo(10_000);
		assertThat(verify().get("status")).isEqualTo("OK");
	}

	@Test
	void whenTheDatabaseIsAwayUnderLoadThenNoEventIsLostOrDuplicated() throws Exception {
		AtomicInteger done = new AtomicInteger();
		ExecutorService load = Executors.newSingleThreadExecutor();
		try {
			Future<?> calls = load.submit(() -> {
				runConcurrently(8, 250, OPERATOR, done);
				return null;
			});
			await().atMost(Duration.ofSeconds(60)).until(() -> done.get() >= 300);
			this.auditDatabase.down();
			await().atMost(Duration.ofSeconds(60)).until(() -> done.get() >= 1300);
			await().atMost(Duration.ofSeconds(30)).until(() -> !AuditSpools.files(SPOOL).isEmpty());
			long storedWhileAway = pings("demo-operator");
			this.auditDatabase.up();
			calls.get();
			assertThat(storedWhileAway).as("part of the load was spooled").isLessThan(2000);
		}
		finally {
			load.shutdownNow();
			this.auditDatabase.up();
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> pings("demo-operator") == 2000);
		assertThat(this.auditTrail.flush(Duration.ofSeconds(10))).isTrue();
		await().atMost(Duration.ofSeconds(30)).until(() -> AuditSpools.files(SPOOL).isEmpty());
		assertThat(pings("demo-operator")).isEqualTo(2000);
		assertThat(this.jdbc.queryForObject(
				"SELECT count(DISTINCT id) FROM mcp_guard_audit WHERE seq > ? AND tool = 'audit_ping'", Long.class,
				this.watermark)).isEqualTo(2000);
		assertThat(this.auditTrail.lostEvents()).isZero();
		assertThat(verify().get("status")).isEqualTo("OK");
	}

	@Test
	void whenAStoredRowIsChangedThenVerifyReportsThatRow() {
		try (McpSyncClient viewer = client(this.port, VIEWER)) {
			call(viewer, "audit_ping", Map.of());
			call(viewer, "audit_ping", Map.of());
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> newRows() == 2);
		assertThat(verify().get("status")).isEqualTo("OK");
		Map<String, Object> target = this.jdbc.queryForMap(
				"SELECT id, seq, principal FROM mcp_guard_audit WHERE seq > ? ORDER BY seq LIMIT 1", this.watermark);
		this.jdbc.update("UPDATE mcp_guard_audit SET principal = 'mallory' WHERE id = ?", target.get("id"));
		try {
			Map<String, Object> result = verify();
			assertThat(result.get("status")).isEqualTo("BROKEN");
			Map<?, ?> brokenAt = (Map<?, ?>) result.get("brokenAt");
			assertThat(((Number) brokenAt.get("seq")).longValue()).isEqualTo((Long) target.get("seq"));
			assertThat(brokenAt.get("id")).isEqualTo(target.get("id"));
			assertThat((String) brokenAt.get("reason")).contains("changed");
		}
		finally {
			this.jdbc.update("UPDATE mcp_guard_audit SET principal = ? WHERE id = ?", target.get("principal"),
					target.get("id"));
		}
		assertThat(verify().get("status")).isEqualTo("OK");
	}

	@Test
	void theEndpointSearchesNewestFirstAndRefusesBadFiltersAndNonAdmins() {
		try (McpSyncClient viewer = client(this.port, VIEWER)) {
			for (int id = 1; id <= 3; id++) {
				call(viewer, "get_product", Map.of("productId", id));
			}
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> newRows() == 3);
		String base = "http://localhost:" + this.port + "/actuator/mcpaudit";
		HttpResponse<String> response = http("GET", base + "?principal=demo-viewer&tool=get_product&outcome=ok&limit=2",
				null, "Authorization", "Bearer " + ADMIN);
		assertThat(response.statusCode()).isEqualTo(200);
		List<Map<String, Object>> events = events(response);
		assertThat(events).hasSize(2);
		assertThat(events).extracting((event) -> (Object) event.get("arguments"))
			.containsExactly(Map.of("productId", 3), Map.of("productId", 2));
		Map<String, Object> newest = events.get(0);
		assertThat(newest.get("principal")).isEqualTo("demo-viewer");
		assertThat(newest.get("outcome")).isEqualTo("OK");
		assertThat(newest.get("authMethod")).isEqualTo("token");
		assertThat(newest.get("sessionId")).isNotNull();

		HttpResponse<String> since = http("GET", base + "?tool=get_product&since=" + newest.get("time"), null,
				"Authorization", "Bearer " + ADMIN);
		assertThat(events(since)).hasSize(1);
		assertThat(http("GET", base + "?outcome=FINE", null, "Authorization", "Bearer " + ADMIN).statusCode()).isEqualTo(400);
		assertThat(http("GET", base + "?since=yesterday", null, "Authorization", "Bearer " + ADMIN).statusCode())
			.isEqualTo(400);
		assertThat(http("GET", base + "?limit=5000", null, "Authorization", "Bearer " + ADMIN).statusCode()).isEqualTo(400);
		assertThat(http("GET", base + "/other", null, "Authorization", "Bearer " + ADMIN).statusCode()).isEqualTo(404);
		assertThat(http("GET", base, null, "Authorization", "Bearer " + VIEWER).statusCode()).isEqualTo(403);
		assertThat(http("GET", base + "/verify", null, "Authorization", "Bearer " + VIEWER).statusCode()).isEqualTo(403);
	}

	private void runConcurrently(int clients, int callsPerClient, String token, AtomicInteger done) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(clients);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int c = 0; c < clients; c++) {
				futures.add(executor.submit(() -> {
					try (McpSyncClient client = client(this.port, token)) {
						for (int i = 0; i < callsPerClient; i++) {
							assertThat(text(call(client, "audit_ping", Map.of()))).isEqualTo("pong");
							done.incrementAndGet();
						}
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> events(HttpResponse<String> response) {
		return (List<Map<String, Object>>) JSON.readValue(response.body(), Map.class).get("events");
	}

	private Map<String, Object> verify() {
		HttpResponse<String> response = http("GET", "http://localhost:" + this.port + "/actuator/mcpaudit/verify", null,
				"Authorization", "Bearer " + ADMIN);
		assertThat(response.statusCode()).isEqualTo(200);
		@SuppressWarnings("unchecked")
		Map<String, Object> body = JSON.readValue(response.body(), Map.class);
		return body;
	}

	private long newRows() {
		return this.jdbc.queryForObject("SELECT count(*) FROM mcp_guard_audit WHERE seq > ?", Long.class, this.watermark);
	}

	private long pings(String principal) {
		return this.jdbc.queryForObject(
				"SELECT count(*) FROM mcp_guard_audit WHERE seq > ? AND tool = 'audit_ping' AND principal = ?", Long.class,
				this.watermark, principal);
	}

	private static Map<String, Object> row(List<Map<String, Object>> rows, String outcome) {
		return rows.stream().filter((row) -> outcome.equals(row.get("outcome"))).findFirst().orElseThrow();
	}

	/**
	 * Tools, a refusing stage and a switchable audit database for these tests only.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class AuditTestConfiguration {

		@Bean
		AuditTestTools auditTestTools() {
			return new AuditTestTools();
		}

		// Stands in for the rate limit and approval stages: refuses audit_probe with the outcome it is asked for.
		@Bean
		ToolCallGuard refusingProbeStage() {
			return new ToolCallGuard() {
				@Override
				public GuardDecision check(ToolInvocation invocation) {
					if (!"audit_probe".equals(invocation.toolName())) {
						return GuardDecision.proceed();
					}
					return switch (String.valueOf(invocation.arguments().get("mode"))) {
						case "RATE_LIMITED" -> GuardDecision.refuse(Outcome.RATE_LIMITED, "Rate limit exceeded (test stage).");
						case "APPROVAL_PENDING" -> GuardDecision.refuse(Outcome.APPROVAL_PENDING, "Waiting for approval.")
							.withDetail("approvalId", "approval-pending-1");
						case "APPROVAL_DENIED" -> GuardDecision.refuse(Outcome.APPROVAL_DENIED, "Approval denied.")
							.withDetail("approvalId", "approval-denied-1");
						default -> GuardDecision.proceed();
					};
				}

				@Override
				public int getOrder() {
					return 350;
				}
			};
		}

		// The audit trail writes through this one only, so a test can take the database away from it.
		@Bean(defaultCandidate = false)
		@McpGuardAuditDataSource
		SwitchableDataSource auditDataSource(DataSource dataSource) {
			return new SwitchableDataSource(dataSource);
		}

	}

	/**
	 * Test-only tools.
	 */
	static class AuditTestTools {

		@McpTool(name = "audit_ping", description = "Answers pong.")
		public String ping() {
			return "pong";
		}

		@McpTool(name = "audit_probe", description = "Refused by the test stage with the outcome given as mode.")
		public String probe(@McpToolParam(description = "Outcome to be refused with") String mode) {
			return "not refused: " + mode;
		}

		@McpTool(name = "register_account", description = "Registers an account (test).")
		public String registerAccount(@McpToolParam(description = "Profile of the account") Map<String, Object> profile,
				@McpToolParam(description = "PIN") @Sensitive String pin,
				@McpToolParam(description = "A note", required = false) String note) {
			return "registered " + profile.get("username");
		}

	}

}
