package dev.mcpguard.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.mcpguard.sample.support.Approvals;
import dev.mcpguard.sample.support.SampleServerTest;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static dev.mcpguard.sample.support.McpTestClients.OPERATOR;
import static dev.mcpguard.sample.support.McpTestClients.call;
import static dev.mcpguard.sample.support.McpTestClients.client;
import static dev.mcpguard.sample.support.McpTestClients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Calls that wait for an approval decision each hold a request thread: past the cap, a call is answered at once
 * that approval is pending, so a flood of calls needing approval cannot take every thread of the server.
 */
@SampleServerTest
@TestPropertySource(properties = { "mcp.guard.approval.tools.create_order.wait=30s", "mcp.guard.approval.max-waiting=2",
		"mcp.guard.approval.ping-interval=1s", "spring.ai.mcp.server.request-timeout=3s" })
class ApprovalWaitersIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Test
	void pastTheCapACallIsToldAtOnceThatApprovalIsPending() throws Exception {
		List<CompletableFuture<CallToolResult>> waiting = new ArrayList<>();
		try (McpSyncClient operator = client(this.port, OPERATOR)) {
			for (int quantity : new int[] { 4, 5 }) {
				waiting.add(CompletableFuture.supplyAsync(() -> call(operator, "create_order", largeOrder(quantity))));
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> Approvals.pending(this.port).stream()
				.filter((request) -> "create_order".equals(request.get("tool"))).count() == 2);
			long start = System.nanoTime();
			CallToolResult third = call(operator, "create_order", largeOrder(6));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered without waiting").isLessThan(Duration.ofSeconds(10));
			assertThat(third.isError()).isTrue();
			assertThat(text(third)).startsWith("Approval required: 'create_order'");
			assertThat(waiting).as("the first two still wait").noneMatch(CompletableFuture::isDone);
			for (Map<String, Object> request : Approvals.pending(this.port)) {
				if ("create_order".equals(request.get("tool"))) {
					Approvals.decide(this.port, Approvals.APPROVER, (String) request.get("id"), "deny", "test over");
				}
			}
			for (CompletableFuture<CallToolResult> call : waiting) {
				assertThat(call.get().isError()).isTrue();
			}
		}
	}

	@Test
	void aCallerThatLeavesEndsItsWaitAndFreesItsPlace() {
		McpSyncClient leaving = client(this.port, OPERATOR);
		CompletableFuture.runAsync(() -> call(leaving, "create_order", largeOrder(7)));
		await().atMost(Duration.ofSeconds(20)).until(() -> waiting() == 1);
		// waiting callers that are still there keep waiting: they answer the pings
		await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> waiting() == 1);
		leaving.close();
		await().atMost(Duration.ofSeconds(15)).until(() -> waiting() == 0);
		for (Map<String, Object> request : Approvals.pending(this.port)) {
			if ("create_order".equals(request.get("tool"))) {
				assertThat(request.get("status")).as("the request itself stays pending").isEqualTo("PENDING");
				Approvals.decide(this.port, Approvals.APPROVER, (String) request.get("id"), "deny", "test over");
			}
		}
	}

	private double waiting() {
		return this.meters.get("mcp.guard.approval.waiting").gauge().value();
	}

	private static Map<String, Object> largeOrder(int quantity) {
		// 349.00 each: above the sample's approval threshold of 1000
		return Map.of("customerId", 1, "items", List.of(Map.of("productId", 3, "quantity", quantity)));
	}

}
