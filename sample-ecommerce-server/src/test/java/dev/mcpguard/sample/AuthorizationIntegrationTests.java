package dev.mcpguard.sample;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.mcpguard.sample.support.Approvals;
import dev.mcpguard.sample.support.SampleServerTest;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.OPERATOR;
import static dev.mcpguard.sample.support.McpTestClients.VIEWER;
import static dev.mcpguard.sample.support.McpTestClients.call;
import static dev.mcpguard.sample.support.McpTestClients.client;
import static dev.mcpguard.sample.support.McpTestClients.text;
import static dev.mcpguard.sample.support.McpTestClients.toolNames;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-tool authorization of the sample's roles (reads: viewer; writes: operator; delete_order: admin): each role
 * sees exactly the tools it may call, each allowed tool succeeds (delete_order once approved), and every other tool
 * is refused without side effects.
 */
@SampleServerTest
class AuthorizationIntegrationTests {

	private static final Set<String> READS = Set.of("list_products", "get_product", "get_order", "get_customer");

	private static final Set<String> WRITES = Set.of("create_order", "update_order", "add_note");

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "viewer,demo-viewer-token-0000000000000000", "operator,demo-operator-token-000000000000000",
			"admin,demo-admin-token-0000000000000000" })
	void eachRoleSeesAndCallsExactlyItsTools(String role, String token) {
		Set<String> allowed = new TreeSet<>(READS);
		if (!role.equals("viewer")) {
			allowed.addAll(WRITES);
		}
		if (role.equals("admin")) {
			allowed.add("delete_order");
		}
		try (McpSyncClient client = client(this.port, token)) {
			assertThat(toolNames(client)).containsExactlyElementsOf(allowed);
			for (String tool : List.of("list_products", "get_product", "get_order", "get_customer", "create_order",
					"update_order", "add_note", "delete_order")) {
				long orderId = scratchOrder();
				Snapshot withScratch = snapshot();
				CallToolResult result = call(client, tool, arguments(tool, orderId));
				if (allowed.contains(tool) && tool.equals("delete_order")) {
					// delete_order also needs a human decision: approve it, then the same call runs.
					assertThat(text(result)).startsWith("Approval required");
					Approvals.approve(this.port, Approvals.approvalId(result));
					result = call(client, tool, arguments(tool, orderId));
				}
				if (allowed.contains(tool)) {
					assertThat(result.isError()).as(role + " calls " + tool + ": " + text(result)).isFalse();
				}
				else {
					assertThat(result.isError()).as(role + " calls " + tool).isTrue();
					assertThat(text(result)).startsWith("Permission denied: '" + tool + "' requires role");
					assertThat(snapshot()).as("no side effect of refused " + tool).isEqualTo(withScratch);
				}
			}
		}
	}

	private Map<String, Object> arguments(String tool, long orderId) {
		return switch (tool) {
			case "list_products" -> Map.of();
			case "get_product" -> Map.of("productId", 1);
			case "get_order", "delete_order" -> Map.of("orderId", orderId);
			case "get_customer" -> Map.of("customerId", 1);
			case "create_order" -> Map.of("customerId", 1, "items", List.of(Map.of("productId", 4, "quantity", 1)));
			case "update_order" -> Map.of("orderId", orderId, "status", "CONFIRMED");
			case "add_note" -> Map.of("orderId", orderId, "text", "checked");
			default -> throw new IllegalArgumentException(tool);
		};
	}

	/** A fresh order written straight to the database, so every tool call has its own target. */
	private long scratchOrder() {
		this.jdbc.update("INSERT INTO orders (customer_id, status, total, created_at, updated_at) "
				+ "VALUES (1, 'NEW', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
		return this.jdbc.queryForObject("SELECT max(id) FROM orders", Long.class);
	}

	private Snapshot snapshot() {
		return new Snapshot(count("orders"), count("order_items"), count("order_notes"),
				this.jdbc.queryForObject("SELECT sum(stock) FROM products", Long.class),
				this.jdbc.queryForObject("SELECT count(*) FROM orders WHERE status <> 'NEW'", Integer.class));
	}

	private int count(String table) {
		return this.jdbc.queryForObject("SELECT count(*) FROM " + table, Integer.class);
	}

	private record Snapshot(int orders, int items, int notes, long stock, int notNew) {
	}

}
