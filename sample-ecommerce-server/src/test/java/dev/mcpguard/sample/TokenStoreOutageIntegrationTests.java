package dev.mcpguard.sample;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import dev.mcpguard.audit.AuditTrail;
import dev.mcpguard.audit.McpGuardAuditDataSource;
import dev.mcpguard.auth.McpGuardTokenDataSource;
import dev.mcpguard.autoconfigure.McpGuardAuditProperties;
import dev.mcpguard.sample.support.AuditSpools;
import dev.mcpguard.sample.support.RecordingAuditSink;
import dev.mcpguard.sample.support.SampleServerTest;
import dev.mcpguard.sample.support.SwitchableDataSource;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.call;
import static dev.mcpguard.sample.support.McpTestClients.client;
import static dev.mcpguard.sample.support.McpTestClients.http;
import static dev.mcpguard.sample.support.McpTestClients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A PostgreSQL outage of MCP Guard's own tables under load, through real HTTP and real MCP clients: issued tokens
 * seen before keep working for the whole outage (long past the lookup cache time) or are refused with 503, as
 * {@code mcp.guard.auth.serve-stale-tokens-on-store-failure} says; a token never seen gets 503 with
 * {@code Retry-After}, never 401 or 500; those 503s do not count as failed authentications; everything works
 * again once the database is back; and the audit trail holds exactly one row per call made meanwhile.
 * <p>
 * What is switched off is explicit: issued tokens and revocations (through their {@link McpGuardTokenDataSource}) on
 * one side, the audit trail (through its {@link McpGuardAuditDataSource}) on the other, each through a {@link SwitchableDataSource} of its own and both
 * switched together by {@link GuardDatabase}: the audit trail is away for exactly as long as the tokens and must
 * spool and replay. The shop's own data, tool state and approvals stay on the application's {@code DataSource}, so
 * the read tool under load has something to answer with. The demo's static tokens never reach the database (the
 * admin issues tokens with one).
 */
@SampleServerTest
@Import(TokenStoreOutageIntegrationTests.GuardDatabaseConfiguration.class)
// Counts refused authentications row by row: no folding of repeated refusals into summaries.
@TestPropertySource(properties = "mcp.guard.audit.refusal-window=0s")
class TokenStoreOutageIntegrationTests {

	private static final Duration CACHE_TTL = Duration.ofSeconds(1);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String INITIALIZE = """
			{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"outage","version":"1"}}}""";

	@DynamicPropertySource
	static void outageProperties(DynamicPropertyRegistry registry) {
		registry.add("mcp.guard.auth.cache-ttl", CACHE_TTL::toString);
		registry.add("mcp.guard.audit.retry-interval", () -> "200ms");
		registry.add("mcp.guard.audit.flush-interval", () -> "20ms");
		// Thousands of tool calls in seconds: the tool limits have tests of their own.
		registry.add("mcp.guard.rate-limit.default.limit-for-period", () -> "1000000");
		registry.add("mcp.guard.rate-limit.session.limit-for-period", () -> "1000000");
		registry.add("mcp.guard.rate-limit.principal.limit-for-period", () -> "1000000");
		// Every client here comes from 127.0.0.1: had a 503 counted as a failed authentication, a handful of them
		// would lock out every client, and the load would see 429s.
		registry.add("mcp.guard.rate-limit.failed-auth.limit-for-period", () -> "3");
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	AuditTrail auditTrail;

	@Autowired
	McpGuardAuditProperties auditProperties;

	@Autowired
	GuardDatabase guardDatabase;

	@Autowired
	RecordingAuditSink recordingSink;

	// 503 answers seen by the test's own requests
	final AtomicInteger unavailableAnswers = new AtomicInteger();

	@AfterEach
	void databaseBack() {
		this.guardDatabase.up();
	}

	// Each context spools to a directory of its own: a shared one would replay one context's events into the other.
	static void spoolDirectory(DynamicPropertyRegistry registry) {
		Path directory = AuditSpools.newDirectory("mcp-guard-outage-it");
		registry.add("mcp.guard.audit.spool-directory", directory::toString);
	}

	@Nested
	class WhenStaleTokensAreServed {

		// serve-stale-tokens-on-store-failure left at its default
		@DynamicPropertySource
		static void serveStale(DynamicPropertyRegistry registry) {
			spoolDirectory(registry);
		}

		@Test
		void seenTokensKeepWorkingUnseenOnesGet503AndAuditLosesNothing() throws Exception {
			String first = issue("outage-bot-1");
			String second = issue("outage-bot-2");
			String unseen = issue("outage-late-bot");
			int extraCalls = 0;
			Load load = new Load(List.of(first, second, first, second), false);
			try {
				await().atMost(Duration.ofSeconds(20)).until(() -> load.ok() >= 100);

				long downAt = System.nanoTime();
				guardDatabase.down();
				// Past three cache lifetimes every cached lookup has expired and been retried against the database.
				await().atMost(Duration.ofSeconds(20)).until(() -> System.nanoTime() - downAt > 3 * CACHE_TTL.toNanos());
				int okAfterExpiry = load.ok();
				await().atMost(Duration.ofSeconds(20)).until(() -> load.ok() >= okAfterExpiry + 100);
				JsonNode health = auditHealth();
				assertThat(health.path("status").asString()).as("audit health during the outage").isEqualTo("DEGRADED");
				assertThat(health.path("details").path("spooling").asBoolean()).isTrue();
				// A new session with a seen token works too.
				try (McpSyncClient another = client(port, first)) {
					assertThat(call(another, "get_product", Map.of("productId", 1)).isError()).isFalse();
					extraCalls++;
				}
				// More of them than the failed-authentication limit allows: none may count.
				for (int i = 0; i < 6; i++) {
					assertUnavailable(initialize(unseen));
				}
				assertThat(load.failures()).as("no call of a seen token failed during the outage").isEmpty();
				// Each attempt may wait for a pool's connection timeout: at most one lookup per cache lifetime asks,
				// besides the background sync's two tasks every sync interval (2 s), not one per request.
				long outageSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - downAt) + 1;
				assertThat(guardDatabase.tokens().refusedConnections()).as("token database attempts during the outage")
					.isBetween(1L, 2 * outageSeconds + 6);

				guardDatabase.up();
				int okAtRecovery = load.ok();
				await().atMost(Duration.ofSeconds(20)).until(() -> load.ok() >= okAtRecovery + 100);
			}
			finally {
				load.close();
			}
			assertThat(load.failures()).as("no call of a seen token failed at any time").isEmpty();
			// Once the database answers again, within one cache lifetime of the store's last failed attempt.
			await().atMost(Duration.ofSeconds(20)).until(() -> initialize(unseen).statusCode() == 200);
			try (McpSyncClient late = client(port, unseen)) {
				assertThat(call(late, "get_product", Map.of("productId", 1)).isError()).isFalse();
				extraCalls++;
			}
			assertThat(initialize("outage-not-a-token-00000000000").statusCode()).as("a wrong token after the outage")
				.isEqualTo(401);

			assertEveryCallAuditedOnce(load.ok() + extraCalls);
			assertThat(auditCount("outcome = 'UNAUTHENTICATED' AND message LIKE 'Authentication failed (unavailable)%'"))
				.as("one row per 503").isEqualTo(unavailableAnswers.get());
			assertThat(auditCount("outcome = 'UNAUTHENTICATED' AND message LIKE 'Authentication failed (invalid)%'"))
				.as("only the wrong token counted as a bad credential").isEqualTo(1);
		}

	}

	@Nested
	class WhenTheStoreFailsClosed {

		@DynamicPropertySource
		static void failClosed(DynamicPropertyRegistry registry) {
			spoolDirectory(registry);
			registry.add("mcp.guard.auth.serve-stale-tokens-on-store-failure", () -> "false");
		}

		@Test
		void seenTokensGet503DuringTheOutageAndWorkAfterIt() throws Exception {
			String first = issue("closed-bot-1");
			String second = issue("closed-bot-2");
			Load load = new Load(List.of(first, second), true);
			try {
				await().atMost(Duration.ofSeconds(20)).until(() -> load.ok() >= 50);
				assertThat(load.failures()).isEmpty();

				guardDatabase.down();
				// Refused once each cached lookup has expired: within one cache lifetime, on a slow machine later.
				await().atMost(Duration.ofSeconds(20)).until(() -> initialize(first).statusCode() == 503);
				await().atMost(Duration.ofSeconds(20)).until(() -> initialize(second).statusCode() == 503);
				for (String token : List.of(first, second, first, second)) {
					assertUnavailable(initialize(token));
				}
				int failuresDuringOutage = load.failures().size();
				await().atMost(Duration.ofSeconds(20)).until(() -> load.failures().size() >= failuresDuringOutage + 4);

				guardDatabase.up();
				int okAtRecovery = load.ok();
				await().atMost(Duration.ofSeconds(20)).until(() -> load.ok() >= okAtRecovery + 50);
			}
			finally {
				load.close();
			}
			assertThat(load.failures()).as("the load's refusals were all 503").isNotEmpty().allSatisfy((failure) -> {
				assertThat(messages(failure)).contains("503");
			});
			try (McpSyncClient fresh = client(port, first)) {
				assertThat(call(fresh, "get_product", Map.of("productId", 1)).isError()).isFalse();
			}

			assertEveryCallAuditedOnce(load.ok() + 1);
			// The load's refusals are recorded too; the client may send more than one request per failed call.
			assertThat(auditCount("outcome = 'UNAUTHENTICATED' AND message LIKE 'Authentication failed (unavailable)%'"))
				.as("every 503 recorded").isGreaterThanOrEqualTo(unavailableAnswers.get() + load.failures().size());
			assertThat(auditCount("outcome = 'UNAUTHENTICATED' AND message NOT LIKE 'Authentication failed (unavailable)%'"))
				.isZero();
		}

	}

	// Calls made while the database was away were spooled: once it is back they are all stored, none twice.
	private void assertEveryCallAuditedOnce(long successfulCalls) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> AuditSpools.files(this.auditProperties.getSpoolDirectory()).isEmpty() && auditCount("tool = 'get_product'") >= successfulCalls);
		assertThat(this.auditTrail.flush(Duration.ofSeconds(10))).isTrue();
		assertThat(this.auditTrail.lostEvents()).isZero();
		assertThat(auditCount("outcome = 'OK' AND tool = 'get_product'")).as("one row per successful call")
			.isEqualTo(successfulCalls);
		assertThat(this.jdbc.queryForObject("SELECT count(DISTINCT id) FROM mcp_guard_audit WHERE principal IS NOT NULL AND outcome <> 'ADMIN'",
				Long.class)).as("no other tool call row, none twice").isEqualTo(successfulCalls);
		// The application's own sink got every record too, spooled ones included, each once.
		await().atMost(Duration.ofSeconds(20)).until(() -> auditHealth().path("status").asString().equals("UP"));
		assertThat(auditHealth().path("details").path("lost").asLong(-1)).isZero();
		assertThat(auditHealth().path("details").path("replayed").asLong()).isPositive();
		assertThat(this.recordingSink.ids()).as("records the application's AuditSink received")
			.hasSize(this.recordingSink.count())
			.containsExactlyInAnyOrderElementsOf(this.jdbc.queryForList("SELECT id FROM mcp_guard_audit", String.class));
	}

	private JsonNode auditHealth() {
		HttpResponse<String> response = http("GET", "http://localhost:" + this.port + "/actuator/health/mcpAudit", null,
				"Authorization", "Bearer " + ADMIN);
		assertThat(response.statusCode()).as(response.body()).isIn(200, 503);
		return JSON.readTree(response.body());
	}

	private long auditCount(String where) {
		return this.jdbc.queryForObject("SELECT count(*) FROM mcp_guard_audit WHERE " + where, Long.class);
	}

	private String issue(String principal) {
		HttpResponse<String> issued = http("POST", "http://localhost:" + this.port + "/actuator/mcptokens",
				"{\"principal\":\"" + principal + "\",\"roles\":\"viewer\"}", "Authorization", "Bearer " + ADMIN,
				"Content-Type", "application/json");
		assertThat(issued.statusCode()).isEqualTo(201);
		return (String) JSON.readValue(issued.body(), Map.class).get("token");
	}

	private HttpResponse<String> initialize(String token) {
		HttpResponse<String> response = http("POST", mcpUrl(), INITIALIZE, "Authorization", "Bearer " + token,
				"Content-Type", "application/json", "Accept", "application/json, text/event-stream");
		assertThat(response.statusCode()).as("never a 500").isIn(200, 401, 503);
		if (response.statusCode() == 503) {
			this.unavailableAnswers.incrementAndGet();
		}
		return response;
	}

	private String mcpUrl() {
		return "http://localhost:" + this.port + "/mcp";
	}

	private static void assertUnavailable(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(503);
		// The store leaves the database alone for one cache lifetime after a failed lookup: retry after that.
		assertThat(response.headers().firstValue("Retry-After")).hasValue(Long.toString(CACHE_TTL.toSeconds()));
		assertThat(response.body()).contains("\"error\":\"unavailable\"");
	}

	private static String messages(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.append(cause).append('\n');
		}
		return messages.toString();
	}

	/**
	 * MCP clients, one thread each, calling the read tool {@code get_product} until closed. Each client is
	 * initialized before the load starts, so its token has been seen.
	 */
	private final class Load implements AutoCloseable {

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicInteger ok = new AtomicInteger();

		private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

		private final List<McpSyncClient> clients = new ArrayList<>();

		private final List<Future<?>> workers = new ArrayList<>();

		private final ExecutorService executor;

		Load(List<String> tokens, boolean backOffAfterFailure) {
			this.executor = Executors.newFixedThreadPool(tokens.size());
			for (String token : tokens) {
				this.clients.add(client(TokenStoreOutageIntegrationTests.this.port, token));
			}
			for (McpSyncClient client : this.clients) {
				this.workers.add(this.executor.submit(() -> run(client, backOffAfterFailure)));
			}
		}

		private void run(McpSyncClient client, boolean backOffAfterFailure) {
			while (this.running.get()) {
				try {
					CallToolResult result = call(client, "get_product", Map.of("productId", 1));
					if (Boolean.TRUE.equals(result.isError())) {
						this.failures.add(new AssertionError("tool error: " + text(result)));
					}
					else {
						this.ok.incrementAndGet();
					}
				}
				catch (RuntimeException ex) {
					this.failures.add(ex);
					if (backOffAfterFailure) {
						// As a client told to retry later would: keeps the refused requests to a few per second.
						LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
					}
				}
			}
		}

		int ok() {
			return this.ok.get();
		}

		List<Throwable> failures() {
			return List.copyOf(this.failures);
		}

		@Override
		public void close() throws Exception {
			this.running.set(false);
			try {
				for (Future<?> worker : this.workers) {
					worker.get(30, TimeUnit.SECONDS);
				}
			}
			finally {
				this.executor.shutdownNow();
				this.clients.forEach(McpSyncClient::close);
			}
		}

	}

	/**
	 * MCP Guard's tables behind a switch: issued tokens, revocations and the audit trail use it; everything else
	 * keeps the application's {@code DataSource}. Imported, not a detected {@code @TestConfiguration}: the
	 * {@code @Nested} classes do not detect the configuration classes of the class around them.
	 */
	static class GuardDatabaseConfiguration {

		@Bean
		GuardDatabase guardDatabase(DataSource dataSource) {
			return new GuardDatabase(new SwitchableDataSource(dataSource), new SwitchableDataSource(dataSource));
		}

		@Bean(defaultCandidate = false)
		@McpGuardAuditDataSource
		DataSource auditDataSource(GuardDatabase guardDatabase) {
			return guardDatabase.audit();
		}

		@Bean
		RecordingAuditSink recordingAuditSink() {
			return new RecordingAuditSink();
		}

		@Bean(defaultCandidate = false)
		@McpGuardTokenDataSource
		DataSource tokenDataSource(GuardDatabase guardDatabase) {
			return guardDatabase.tokens();
		}

	}

	/**
	 * The switch of MCP Guard's database: token lookups and audit writes go through separate DataSources, so each
	 * one's attempts can be counted, and are switched off and on together.
	 *
	 * @param tokens issued tokens and revocations
	 * @param audit the audit trail
	 */
	record GuardDatabase(SwitchableDataSource tokens, SwitchableDataSource audit) {

		void down() {
			this.tokens.down();
			this.audit.down();
		}

		void up() {
			this.tokens.up();
			this.audit.up();
		}

	}

}
