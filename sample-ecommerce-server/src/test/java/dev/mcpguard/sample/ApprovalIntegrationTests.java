package dev.mcpguard.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import com.sun.net.httpserver.HttpServer;
import dev.mcpguard.pipeline.Outcome;
import dev.mcpguard.admin.SecurityPostureReport;
import dev.mcpguard.sample.support.Approvals;
import dev.mcpguard.sample.support.McpTestClients;
import dev.mcpguard.sample.support.RecordingToolCallListener;
import dev.mcpguard.sample.support.SampleServerTest;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static dev.mcpguard.sample.support.Approvals.APPROVER;
import static dev.mcpguard.sample.support.Approvals.approvalId;
import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.OPERATOR;
import static dev.mcpguard.sample.support.McpTestClients.call;
import static dev.mcpguard.sample.support.McpTestClients.client;
import static dev.mcpguard.sample.support.McpTestClients.http;
import static dev.mcpguard.sample.support.McpTestClients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Human approval end to end, through real MCP clients on a real PostgreSQL: a dangerous call does not run before
 * approval, runs exactly once after it (even under concurrent retries), never after a denial, never for other
 * arguments or another principal; approvers cannot approve their own calls; a webhook hears of every request; a
 * call may wait for the decision; and elicitation lets the client's user confirm in the session.
 */
@SampleServerTest
@TestPropertySource(properties = { "mcp.guard.approval.tools.delete_order.mode=elicitation",
		"mcp.guard.approval.tools.create_order.wait=30s" })
class ApprovalIntegrationTests {

	private static final List<String> webhookBodies = new CopyOnWriteArrayList<>();

	private static final HttpServer webhook = startWebhook();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	RecordingToolCallListener events;

	@Autowired
	SecurityPostureReport posture;

	@DynamicPropertySource
	static void webhookUrl(DynamicPropertyRegistry registry) {
		registry.add("mcp.guard.approval.webhook.url",
				() -> "http://127.0.0.1:" + webhook.getAddress().getPort() + "/approvals");
	}

	@AfterAll
	static void stopWebhook() {
		webhook.stop(0);
	}

	@Test
	void thePostureReportSaysElicitationIsTheCallersOwnConfirmationNotFourEyes() {
		assertThat(this.posture.lines()).filteredOn((line) -> !line.ok())
			.extracting(SecurityPostureReport.Line::text)
			.contains("approval in elicitation mode for delete_order: the caller confirms its own call, a "
					+ "confirmation, not four-eyes approval");
	}

	@Test
	void dangerousCallRunsOnlyAfterApprovalAndExactlyOnceUnderConcurrentRetries() throws Exception {
		long orderId = Approvals.newOrder(this.port);
		try (McpSyncClient admin = client(this.port, ADMIN)) {
			CallToolResult pending = call(admin, "delete_order", Map.of("orderId", orderId));
			assertThat(pending.isError()).isTrue();
			String id = approvalId(pending);
			assertThat(text(pending)).isEqualTo("Approval required: 'delete_order' needs a human decision (Deleting an "
					+ "order cannot be undone). Approval request " + id + " is pending until "
					+ Approvals.request(this.port, id).get("expiresAt") + ". Once it is approved, repeat this call with "
					+ "the same arguments; it will then run once.");
			assertThat(Approvals.orderExists(this.jdbc, orderId)).isTrue();
			assertThat(approvalId(call(admin, "delete_order", Map.of("orderId", orderId)))).as("no duplicate request").isEqualTo(id);
			assertThat(Approvals.orderExists(this.jdbc, orderId)).isTrue();
			assertThat(Approvals.pending(this.port)).filteredOn((request) -> id.equals(request.get("id")))
				.singleElement()
				.satisfies((request) -> {
					assertThat(request).containsEntry("principal", "demo-admin").containsEntry("tool", "delete_order")
						.containsEntry("status", "PENDING")
						.containsEntry("reason", "Deleting an order cannot be undone");
					assertThat(request.get("arguments")).isEqualTo(Map.of("orderId", (int) orderId));
				});
			assertThat(this.events.approvalIds("delete_order", Outcome.APPROVAL_PENDING)).contains(id);

			Approvals.approve(this.port, id);
			List<CallToolResult> results = concurrently(10, () -> call(admin, "delete_order", Map.of("orderId", orderId)));
			assertThat(results).filteredOn((result) -> !result.isError()).hasSize(1);
			assertThat(results).filteredOn(CallToolResult::isError)
				.hasSize(9)
				.extracting(McpTestClients::text)
				.allSatisfy((text) -> assertThat(text).containsAnyOf("was already used by an identical call",
						"Approval required: 'delete_order'"));
			assertThat(Approvals.orderExists(this.jdbc, orderId)).isFalse();
			assertThat(this.events.count("delete_order", Outcome.OK, orderId)).as("the tool ran once").isOne();
			assertThat(Approvals.request(this.port, id)).containsEntry("status", "CONSUMED")
				.containsEntry("decidedBy", "demo-approver");
		}
	}

	@Test
	void approverCannotApproveTheirOwnCall() {
		long orderId = Approvals.newOrder(this.port);
		try (McpSyncClient admin = client(this.port, ADMIN)) {
			String id = approvalId(call(admin, "delete_order", Map.of("orderId", orderId)));
			HttpResponse<String> self = Approvals.decide(this.port, ADMIN, id, "approve", "looks fine to me");
			assertThat(self.statusCode()).isEqualTo(403);
			assertThat(Approvals.json(self.body()).get("error")).asString()
				.isEqualTo("Self-approval is not allowed: demo-admin made this call; another approver must decide it.");
			assertThat(Approvals.request(this.port, id)).containsEntry("status", "PENDING");
			assertThat(text(call(admin, "delete_order", Map.of("orderId", orderId)))).startsWith("Approval required");
			assertThat(Approvals.orderExists(this.jdbc, orderId)).isTrue();
		}
	}

	@Test
	void approvalOfOtherArgumentsOrForAnotherPrincipalDoesNotUnlockTheCall() {
		long first = Approvals.newOrder(this.port);
		long second = Approvals.newOrder(this.port);
		String otherAdmin = issueToken("second-admin-" + first, "admin");
		try (McpSyncClient admin = client(this.port, ADMIN); McpSyncClient other = client(this.port, otherAdmin)) {
			String id = approvalId(call(admin, "delete_order", Map.of("orderId", first)));
			Approvals.approve(this.port, id);
			CallToolResult otherOrder = call(admin, "delete_order", Map.of("orderId", second));
			assertThat(text(otherOrder)).startsWith("Approval required");
			assertThat(approvalId(otherOrder)).isNotEqualTo(id);
			CallToolResult otherPrincipal = call(other, "delete_order", Map.of("orderId", first));
			assertThat(text(otherPrincipal)).startsWith("Approval required");
			assertThat(approvalId(otherPrincipal)).isNotEqualTo(id);
			assertThat(Approvals.orderExists(this.jdbc, first)).isTrue();
			assertThat(Approvals.orderExists(this.jdbc, second)).isTrue();
			assertThat(call(admin, "delete_order", Map.of("orderId", first)).isError()).as("the approved call").isFalse();
			assertThat(Approvals.orderExists(this.jdbc, first)).isFalse();
		}
	}

	@Test
	void deniedCallNeverRunsAndTheCallerSeesTheComment() {
		long orderId = Approvals.newOrder(this.port);
		try (McpSyncClient admin = client(this.port, ADMIN)) {
			String id = approvalId(call(admin, "delete_order", Map.of("orderId", orderId)));
			HttpResponse<String> denied = Approvals.decide(this.port, APPROVER, id, "deny", "The customer disputes it");
			assertThat(denied.statusCode()).as(denied.body()).isEqualTo(200);
			assertThat(Approvals.json(denied.body())).containsEntry("status", "DENIED").containsEntry("decidedBy", "demo-approver");
			CallToolResult again = call(admin, "delete_order", Map.of("orderId", orderId));
			assertThat(again.isError()).isTrue();
			assertThat(text(again)).isEqualTo("The call of 'delete_order' was denied by an approver (approval request " + id
					+ "): The customer disputes it. It did not run; do not repeat it unless the user asks.");
			assertThat(Approvals.orderExists(this.jdbc, orderId)).isTrue();
			assertThat(this.events.approvalIds("delete_order", Outcome.APPROVAL_DENIED)).contains(id);
		}
	}

	@Test
	void approversGetClearErrors() {
		long orderId = Approvals.newOrder(this.port);
		try (McpSyncClient admin = client(this.port, ADMIN)) {
			String id = approvalId(call(admin, "delete_order", Map.of("orderId", orderId)));
			HttpResponse<String> unknownDecision = Approvals.decide(this.port, APPROVER, id, "maybe", null);
			assertThat(unknownDecision.statusCode()).isEqualTo(400);
			assertThat(unknownDecision.body()).contains("Unknown decision 'maybe'");
			HttpResponse<String> unknownId = Approvals.decide(this.port, APPROVER, "00000000-0000-0000-0000-000000000000", "approve", null);
			assertThat(unknownId.statusCode()).isEqualTo(404);
			HttpResponse<String> withoutComment = Approvals.decide(this.port, APPROVER, id, "deny", null);
			assertThat(withoutComment.statusCode()).as(withoutComment.body()).isEqualTo(200);
			HttpResponse<String> twice = Approvals.decide(this.port, APPROVER, id, "approve", null);
			assertThat(twice.statusCode()).isEqualTo(409);
			assertThat(twice.body()).contains("already denied by demo-approver");
			HttpResponse<String> notAnApprover = http("GET", "http://localhost:" + this.port + "/actuator/mcpapprovals", null,
					"Authorization", "Bearer " + OPERATOR);
			assertThat(notAnApprover.statusCode()).isEqualTo(403);
			assertThat(text(call(admin, "delete_order", Map.of("orderId", orderId)))).contains("no comment given");
		}
	}

	@Test
	void webhookHearsOfEveryNewRequest() {
		long orderId = Approvals.newOrder(this.port);
		try (McpSyncClient admin = client(this.port, ADMIN)) {
			String id = approvalId(call(admin, "delete_order", Map.of("orderId", orderId)));
			await().atMost(Duration.ofSeconds(20)).until(() -> webhookBodies.stream().anyMatch((body) -> body.contains(id)));
			Map<String, Object> body = Approvals.json(webhookBodies.stream().filter((text) -> text.contains(id)).findFirst().orElseThrow());
			assertThat(body).containsEntry("id", id)
				.containsEntry("tool", "delete_order")
				.containsEntry("principal", "demo-admin")
				.containsEntry("reason", "Deleting an order cannot be undone")
				.containsEntry("arguments", Map.of("orderId", (int) orderId))
				.containsEntry("decisionPath", "/actuator/mcpapprovals/" + id)
				.containsKeys("createdAt", "expiresAt");
		}
	}

	@Test
	void largeOrderWaitsForTheDecisionWithinTheSameCall() throws Exception {
		int ordersBefore = count();
		try (McpSyncClient operator = client(this.port, OPERATOR)) {
			// 4 x 349.00 = 1396.00 at current prices: above the sample's threshold of 1000
			Map<String, Object> large = Map.of("customerId", 1, "items", List.of(Map.of("productId", 3, "quantity", 4)));
			CompletableFuture<CallToolResult> call = CompletableFuture.supplyAsync(() -> call(operator, "create_order", large));
			await().atMost(Duration.ofSeconds(20)).until(() -> pendingCreateOrderOf("demo-operator") != null);
			assertThat(count()).as("nothing created while pending").isEqualTo(ordersBefore);
			Approvals.approve(this.port, pendingCreateOrderOf("demo-operator"));
			CallToolResult result = call.get();
			assertThat(result.isError()).as(text(result)).isFalse();
			assertThat(text(result)).contains("\"total\":1396");
			assertThat(count()).isEqualTo(ordersBefore + 1);
			Map<String, Object> small = Map.of("customerId", 1, "items", List.of(Map.of("productId", 7, "quantity", 1)));
			assertThat(call(operator, "create_order", small).isError()).as("small orders need no approval").isFalse();
		}
	}

	@Test
	void elicitingClientThatConfirmsRunsTheCall() {
		long orderId = Approvals.newOrder(this.port);
		List<ElicitFormRequest> asked = new CopyOnWriteArrayList<>();
		try (McpSyncClient admin = elicitingClient(ADMIN, (request) -> {
			asked.add(request);
			return new ElicitResult(ElicitResult.Action.ACCEPT, Map.of("confirm", true));
		})) {
			CallToolResult result = call(admin, "delete_order", Map.of("orderId", orderId));
			assertThat(result.isError()).as(text(result)).isFalse();
			assertThat(Approvals.orderExists(this.jdbc, orderId)).isFalse();
			assertThat(asked).singleElement().satisfies((request) -> {
				assertThat(request.message()).contains("'delete_order'").contains("{\"orderId\":" + orderId + "}")
					.contains("Deleting an order cannot be undone");
				assertThat(request.requestedSchema()).containsEntry("required", List.of("confirm"));
			});
		}
	}

	@Test
	void elicitingClientThatDeclinesDoesNotRunTheCall() {
		long orderId = Approvals.newOrder(this.port);
		try (McpSyncClient admin = elicitingClient(ADMIN, (request) -> new ElicitResult(ElicitResult.Action.DECLINE, null))) {
			CallToolResult result = call(admin, "delete_order", Map.of("orderId", orderId));
			assertThat(result.isError()).isTrue();
			assertThat(text(result)).isEqualTo("The user declined the call of 'delete_order'; it did not run. "
					+ "Do not repeat it unless the user asks.");
			assertThat(Approvals.orderExists(this.jdbc, orderId)).isTrue();
		}
	}

	@Test
	void elicitationWorksForManyCallsAtOnce() throws Exception {
		List<Long> orders = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			orders.add(Approvals.newOrder(this.port));
		}
		try (McpSyncClient admin = elicitingClient(ADMIN, (request) -> new ElicitResult(ElicitResult.Action.ACCEPT, Map.of("confirm", true)))) {
			List<Future<CallToolResult>> calls = new ArrayList<>();
			ExecutorService executor = Executors.newFixedThreadPool(orders.size());
			try {
				for (long orderId : orders) {
					calls.add(executor.submit(() -> call(admin, "delete_order", Map.of("orderId", orderId))));
				}
				for (Future<CallToolResult> future : calls) {
					assertThat(future.get().isError()).isFalse();
				}
			}
			finally {
				executor.shutdownNow();
			}
			assertThat(orders).noneMatch((id) -> Approvals.orderExists(this.jdbc, id));
		}
	}

	private String pendingCreateOrderOf(String principal) {
		return Approvals.pending(this.port).stream()
			.filter((request) -> "create_order".equals(request.get("tool")) && principal.equals(request.get("principal")))
			.map((request) -> (String) request.get("id"))
			.findFirst()
			.orElse(null);
	}

	private McpSyncClient elicitingClient(String token, Function<ElicitFormRequest, ElicitResult> handler) {
		HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder("http://localhost:" + this.port)
			.endpoint("/mcp")
			.requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
			.build();
		McpSyncClient client = McpClient.sync(transport)
			.requestTimeout(Duration.ofSeconds(30))
			.capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
			.elicitation(handler)
			.build();
		client.initialize();
		return client;
	}

	private String issueToken(String principal, String roles) {
		HttpResponse<String> issued = http("POST", "http://localhost:" + this.port + "/actuator/mcptokens",
				"{\"principal\":\"" + principal + "\",\"roles\":\"" + roles + "\"}", "Authorization", "Bearer " + ADMIN,
				"Content-Type", "application/json");
		assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
		return (String) Approvals.json(issued.body()).get("token");
	}

	private int count() {
		return this.jdbc.queryForObject("SELECT count(*) FROM orders", Integer.class);
	}

	private static <T> List<T> concurrently(int times, java.util.concurrent.Callable<T> task) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(times);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < times; i++) {
				futures.add(executor.submit(() -> {
					start.await();
					return task.call();
				}));
			}
			start.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get());
			}
			return results;
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static HttpServer startWebhook() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/approvals", (exchange) -> {
				webhookBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
				exchange.sendResponseHeaders(204, -1);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Listener {

		@Bean
		RecordingToolCallListener approvalRecordingListener() {
			return new RecordingToolCallListener();
		}

	}

}
