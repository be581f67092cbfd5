package dev.mcpguard.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import dev.mcpguard.auth.McpTokenService;
import dev.mcpguard.pipeline.Outcome;
import dev.mcpguard.ratelimit.ToolRateLimits;
import dev.mcpguard.sample.support.RecordingToolCallListener;
import dev.mcpguard.sample.support.SampleServerTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.OPERATOR;
import static dev.mcpguard.sample.support.McpTestClients.call;
import static dev.mcpguard.sample.support.McpTestClients.client;
import static dev.mcpguard.sample.support.McpTestClients.http;
import static dev.mcpguard.sample.support.McpTestClients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rate limits through real MCP clients calling concurrently, on a server of its own with tight limits and ten-minute
 * periods (so no period ends during the test): per tool, per session, per principal, changed at runtime, and the
 * per-address limit on failed authentication. Each test uses principals of its own, issued through the token service.
 */
@SampleServerTest
@TestPropertySource(properties = { "mcp.guard.rate-limit.default.limit-for-period=10000",
		"mcp.guard.rate-limit.default.refresh-period=10m", "mcp.guard.rate-limit.tools.create_order.limit-for-period=10",
		"mcp.guard.rate-limit.tools.create_order.refresh-period=10m", "mcp.guard.rate-limit.session.limit-for-period=25",
		"mcp.guard.rate-limit.session.refresh-period=10m", "mcp.guard.rate-limit.principal.limit-for-period=40",
		"mcp.guard.rate-limit.principal.refresh-period=10m", "mcp.guard.rate-limit.failed-auth.limit-for-period=5",
		"mcp.guard.rate-limit.failed-auth.refresh-period=10m",
		// the failed-auth test poses as other client addresses through X-Forwarded-For, trusted from localhost
		"server.forward-headers-strategy=native", "mcp.guard.audit.refusal-window=2s" })
class RateLimitIntegrationTests {

	private static final String RETRY = "Retry in ([1-9]|[1-9][0-9]|[1-5][0-9][0-9]|600) s\\.";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	McpTokenService tokens;

	@Autowired
	ToolRateLimits toolRateLimits;

	@Autowired
	MeterRegistry meters;

	@Autowired
	RecordingToolCallListener events;

	@Test
	void toolLimitLetsExactlyTenOfSixtyFourConcurrentOrdersThrough() throws Exception {
		assertThat(this.toolRateLimits.describe("create_order")).containsEntry("limitForPeriod", 10)
			.containsEntry("refreshPeriod", "PT10M")
			.containsEntry("override", true);
		String first = issue("rl-tool-first");
		String second = issue("rl-tool-second");
		List<McpSyncClient> clients = new ArrayList<>();
		try {
			for (int i = 0; i < 8; i++) {
				clients.add(client(this.port, (i % 2 == 0) ? first : second));
			}
			int ordersBefore = count("orders");
			double violationsBefore = violations("create_order", "tool");
			this.events.clear();

			List<CallToolResult> results = concurrently(64, (i) -> call(clients.get(i % 8), "create_order",
					Map.of("customerId", 1, "items", List.of(Map.of("productId", 2, "quantity", 1)))));

			assertThat(results).filteredOn((result) -> !result.isError()).hasSize(10);
			assertThat(results).filteredOn(CallToolResult::isError)
				.hasSize(54)
				.allSatisfy((result) -> assertThat(text(result))
					.matches("Rate limit exceeded for 'create_order' \\(10 per 10m\\)\\. " + RETRY));
			assertThat(count("orders")).isEqualTo(ordersBefore + 10);
			assertThat(violations("create_order", "tool")).isEqualTo(violationsBefore + 54);
			assertThat(this.events.outcomes("create_order")).containsOnlyKeys(Outcome.OK, Outcome.RATE_LIMITED)
				.containsEntry(Outcome.OK, 10L)
				.containsEntry(Outcome.RATE_LIMITED, 54L);
			assertThat(this.toolRateLimits.describe("create_order")).containsEntry("availablePermissions", 0);
		}
		finally {
			clients.forEach(McpSyncClient::closeGracefully);
		}
	}

	@Test
	void sessionCapStopsOneSessionAndNotTheNextOneOfTheSamePrincipal() throws Exception {
		String token = issue("rl-session");
		try (McpSyncClient session = client(this.port, token); McpSyncClient nextSession = client(this.port, token)) {
			List<CallToolResult> results = concurrently(30, (i) -> call(session, "get_product", Map.of("productId", 1)));

			assertThat(results).filteredOn((result) -> !result.isError()).hasSize(25);
			assertThat(results).filteredOn(CallToolResult::isError)
				.hasSize(5)
				.allSatisfy((result) -> assertThat(text(result))
					.matches("Rate limit exceeded for this MCP session \\(25 per 10m\\)\\. " + RETRY));
			assertThat(call(nextSession, "get_product", Map.of("productId", 1)).isError()).isFalse();
		}
	}

	@Test
	void principalCapCoversAllItsSessionsAndSparesOtherPrincipals() throws Exception {
		String token = issue("rl-principal");
		List<McpSyncClient> sessions = new ArrayList<>();
		try (McpSyncClient bystander = client(this.port, OPERATOR)) {
			for (int i = 0; i < 4; i++) {
				sessions.add(client(this.port, token));
			}
			double violationsBefore = violations("get_product", "principal");

			List<CallToolResult> results = concurrently(64, (i) -> call(sessions.get(i % 4), "get_product", Map.of("productId", 1)));

			assertThat(results).filteredOn((result) -> !result.isError()).hasSize(40);
			assertThat(results).filteredOn(CallToolResult::isError)
				.hasSize(24)
				.allSatisfy((result) -> assertThat(text(result))
					.matches("Rate limit exceeded for principal 'rl-principal' \\(40 per 10m\\)\\. " + RETRY));
			assertThat(violations("get_product", "principal")).isEqualTo(violationsBefore + 24);
			try (McpSyncClient newSession = client(this.port, token)) {
				assertThat(text(call(newSession, "get_order", Map.of("orderId", 1)))).startsWith("Rate limit exceeded for principal");
			}
			CallToolResult other = call(bystander, "get_product", Map.of("productId", 1));
			assertThat(other.isError()).as("another principal is not affected").isFalse();
		}
		finally {
			sessions.forEach(McpSyncClient::closeGracefully);
		}
	}

	@Test
	void toolLimitChangesAtRuntimeWithoutRedeploy() {
		this.toolRateLimits.update("get_customer", 2, Duration.ofMinutes(10));
		assertThat(this.toolRateLimits.describe("get_customer")).containsEntry("limitForPeriod", 2)
			.containsEntry("override", true);
		try (McpSyncClient client = client(this.port, issue("rl-runtime"))) {
			assertThat(call(client, "get_customer", Map.of("customerId", 1)).isError()).isFalse();
			assertThat(call(client, "get_customer", Map.of("customerId", 2)).isError()).isFalse();
			assertThat(text(call(client, "get_customer", Map.of("customerId", 3))))
				.matches("Rate limit exceeded for 'get_customer' \\(2 per 10m\\)\\. " + RETRY);
			assertThat(call(client, "get_order", Map.of("orderId", 1)).isError()).as("other tools keep their limit").isFalse();
		}
	}

	@Test
	void tokenGuessingFromOneAddressIsAnsweredWith429WhileValidCallersBehindItAndOtherAddressesAreNotAffected() {
		String guesser = "203.0.113.7";
		String neighbour = "203.0.113.8";
		for (int i = 0; i < 5; i++) {
			assertThat(mcpRequest(guesser, "guessed-token-" + i + "-0000000000000000").statusCode()).isEqualTo(401);
		}
		HttpResponse<String> refused = mcpRequest(guesser, "guessed-token-5-0000000000000000");
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
				(seconds) -> assertThat(Long.parseLong(seconds)).isBetween(1L, 600L));
		assertThat(refused.body()).contains("\"error\":\"too_many_requests\"").contains("Retry in ");
		assertThat(mcpRequest(guesser, "guessed-token-6-0000000000000000").statusCode()).isEqualTo(429);
		// one NAT, many agents: a valid credential from the same address still works, and so do the probes
		assertThat(mcpRequest(guesser, ADMIN).statusCode()).as("a valid token behind the guessing address").isEqualTo(200);
		assertThat(health(guesser).statusCode()).isEqualTo(200);
		assertThat(mcpRequest(guesser, null).statusCode()).as("no credentials: 401, not a guess").isEqualTo(401);

		assertThat(health(neighbour).statusCode()).isEqualTo(200);
		assertThat(mcpRequest(neighbour, "guessed-token-0-0000000000000000").statusCode()).isEqualTo(401);
		try (McpSyncClient client = client(this.port, ADMIN)) {
			assertThat(client.listTools().tools()).isNotEmpty();
		}
	}

	@Test
	void requestsWithoutCredentialsAreNotFailedLoginsAndLockNobodyOut() {
		String shared = "203.0.113.20";
		for (int i = 0; i < 25; i++) {
			HttpResponse<String> response = mcpRequest(shared, null);
			assertThat(response.statusCode()).as("request %d without credentials", i).isEqualTo(401);
			assertThat(response.headers().firstValue("Retry-After")).isEmpty();
		}
		assertThat(health(shared).statusCode()).isEqualTo(200);
		assertThat(mcpRequest(shared, ADMIN).statusCode()).isEqualTo(200);
		// Folded, not lost: the first refusal of the window as it is, the other 24 as one summary row, written once
		// the window has passed and another refusal comes in.
		await().pollDelay(Duration.ofMillis(2500)).untilAsserted(() -> {
			assertThat(mcpRequest("203.0.113.21", null).statusCode()).isEqualTo(401);
			assertThat(this.jdbc.queryForList("SELECT message FROM mcp_guard_audit WHERE outcome = 'UNAUTHENTICATED' "
					+ "AND client_ip = ? ORDER BY seq", String.class, shared))
				.satisfiesExactly((first) -> assertThat(first).startsWith("Authentication failed (missing): POST /mcp"),
						(summary) -> assertThat(summary).startsWith("24 more authentication-missing refusal(s) from " + shared));
		});
		assertThat(this.jdbc.queryForObject("SELECT sum((arguments::jsonb ->> 'count')::int) FROM mcp_guard_audit "
				+ "WHERE outcome = 'UNAUTHENTICATED' AND client_ip = ?", Integer.class, shared)).isEqualTo(25);
	}

	private HttpResponse<String> mcpRequest(String clientIp, @Nullable String token) {
		String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
				+ "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
		String[] headers = { "X-Forwarded-For", clientIp, "Content-Type", "application/json", "Accept",
				"application/json, text/event-stream" };
		if (token != null) {
			headers = java.util.stream.Stream.concat(java.util.Arrays.stream(headers),
					java.util.stream.Stream.of("Authorization", "Bearer " + token)).toArray(String[]::new);
		}
		return http("POST", "http://localhost:" + this.port + "/mcp", body, headers);
	}

	private HttpResponse<String> health(String clientIp) {
		return http("GET", "http://localhost:" + this.port + "/actuator/health", null, "X-Forwarded-For", clientIp);
	}

	private String issue(String principal) {
		return this.tokens.issue(principal, Set.of("viewer", "operator"), Duration.ofHours(1), "rate-limit-test", (role) -> true)
			.token();
	}

	private int count(String table) {
		return this.jdbc.queryForObject("SELECT count(*) FROM " + table, Integer.class);
	}

	private double violations(String tool, String scope) {
		Counter counter = this.meters.find("mcp.guard.rate_limit.violations").tag("tool", tool).tag("scope", scope).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static <T> List<T> concurrently(int count, IntFunction<T> task) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(count);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				int index = i;
				futures.add(executor.submit(() -> {
					start.await();
					return task.apply(index);
				}));
			}
			start.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(60, TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			executor.shutdownNow();
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Events {

		@Bean
		RecordingToolCallListener rateLimitRecordingListener() {
			return new RecordingToolCallListener();
		}

	}

}
