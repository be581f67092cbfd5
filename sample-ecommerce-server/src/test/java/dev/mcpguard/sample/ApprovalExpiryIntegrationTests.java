package dev.mcpguard.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.mcpguard.sample.support.Approvals;
import dev.mcpguard.sample.support.SampleServerTest;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import static dev.mcpguard.sample.support.Approvals.APPROVER;
import static dev.mcpguard.sample.support.Approvals.approvalId;
import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.OPERATOR;
import static dev.mcpguard.sample.support.McpTestClients.call;
import static dev.mcpguard.sample.support.McpTestClients.client;
import static dev.mcpguard.sample.support.McpTestClients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Approval requests lapse after {@code mcp.guard.approval.timeout} (two seconds here): an expired request can no
 * longer be decided or used, and the identical call opens a new one instead of running.
 */
@SampleServerTest
@TestPropertySource(properties = "mcp.guard.approval.timeout=2s")
class ApprovalExpiryIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void whenPendingRequestExpiresThenItCannotBeApprovedAndTheCallNeedsANewApproval() {
		long orderId = Approvals.newOrder(this.port);
		try (McpSyncClient admin = client(this.port, ADMIN)) {
			String id = approvalId(call(admin, "delete_order", Map.of("orderId", orderId)));
			awaitExpiry(id);
			HttpResponse<String> late = Approvals.decide(this.port, APPROVER, id, "approve", null);
			assertThat(late.statusCode()).isEqualTo(409);
			assertThat(late.body()).contains("is not pending: expired at");
			CallToolResult again = call(admin, "delete_order", Map.of("orderId", orderId));
			assertThat(text(again)).startsWith("Approval required");
			assertThat(approvalId(again)).isNotEqualTo(id);
			assertThat(Approvals.orderExists(this.jdbc, orderId)).isTrue();
			assertThat(Approvals.request(this.port, id)).containsEntry("status", "EXPIRED");
		}
	}

	@Test
	void whenApprovalIsNotUsedBeforeItExpiresThenTheCallDoesNotRun() {
		long orderId = Approvals.newOrder(this.port);
		try (McpSyncClient admin = client(this.port, ADMIN)) {
			String id = approvalId(call(admin, "delete_order", Map.of("orderId", orderId)));
			Approvals.approve(this.port, id);
			awaitExpiry(id);
			CallToolResult again = call(admin, "delete_order", Map.of("orderId", orderId));
			assertThat(text(again)).startsWith("Approval required");
			assertThat(approvalId(again)).isNotEqualTo(id);
			assertThat(Approvals.orderExists(this.jdbc, orderId)).isTrue();
		}
	}

	private void awaitExpiry(String id) {
		Instant expiresAt = Instant.parse((String) Approvals.request(this.port, id).get("expiresAt"));
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> Instant.now().isAfter(expiresAt));
	}

}
