package dev.mcpguard.sample;

import java.util.List;
import java.util.Map;

import dev.mcpguard.protocol.McpEndpointHandlerMapping;
import dev.mcpguard.sample.support.Approvals;
import dev.mcpguard.sample.support.SampleServerTest;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.actuate.endpoint.web.WebMvcEndpointHandlerMapping;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerMapping;

import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.call;
import static dev.mcpguard.sample.support.McpTestClients.client;
import static dev.mcpguard.sample.support.McpTestClients.text;
import static dev.mcpguard.sample.support.McpTestClients.toolNames;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample server through a real MCP client over Streamable HTTP: every tool's happy path and an error path, on a
 * real PostgreSQL.
 */
@SampleServerTest
class McpServerIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DispatcherServlet dispatcherServlet;

	McpSyncClient client;

	@BeforeEach
	void connect() {
		this.client = client(this.port, ADMIN);
	}

	@AfterEach
	void close() {
		this.client.closeGracefully();
	}

	@Test
	void initializeReportsTheServerAndListsEveryTool() {
		assertThat(this.client.getServerInfo().name()).isEqualTo("ecommerce-mcp-server");
		assertThat(toolNames(this.client)).containsExactly("add_note", "create_order", "delete_order", "get_customer",
				"get_order", "get_product", "list_products", "update_order");
	}

	@Test
	void mcpRequestsAreRoutedBeforeTheActuatorEndpoints() {
		// The client's requests have initialized the dispatcher: MCP Guard's mapping comes first and owns /mcp.
		List<HandlerMapping> mappings = this.dispatcherServlet.getHandlerMappings();
		assertThat(mappings).isNotNull();
		assertThat(mappings.get(0)).isInstanceOf(McpEndpointHandlerMapping.class);
		assertThat(mappings).anySatisfy((mapping) -> assertThat(mapping).isInstanceOf(WebMvcEndpointHandlerMapping.class));
	}

	@Test
	void readToolsAnswerAndReportUnknownIds() {
		assertThat(text(call(this.client, "list_products", Map.of("filter", "keyboard")))).contains("Mechanical keyboard");
		assertThat(text(call(this.client, "get_product", Map.of("productId", 1)))).contains("\"sku\":\"SKU-1\"");
		assertThat(text(call(this.client, "get_customer", Map.of("customerId", 1)))).contains("\"id\":1");
		assertThat(text(call(this.client, "get_order", Map.of("orderId", 1)))).contains("\"id\":1");
		CallToolResult missing = call(this.client, "get_product", Map.of("productId", 424242));
		assertThat(missing.isError()).isTrue();
		// once: the tool's own message, as the client and the audit trail should see it
		assertThat(text(missing)).isEqualTo("Product 424242 not found.");
	}

	@Test
	void createOrderTakesStockAndPersistsTheOrder() {
		int stockBefore = stock(2);
		int ordersBefore = count("orders");
		CallToolResult result = call(this.client, "create_order",
				Map.of("customerId", 1, "items", List.of(Map.of("productId", 2, "quantity", 2))));
		assertThat(result.isError()).isFalse();
		assertThat(text(result)).contains("\"status\":\"NEW\"");
		assertThat(count("orders")).isEqualTo(ordersBefore + 1);
		assertThat(stock(2)).isEqualTo(stockBefore - 2);
	}

	@Test
	void createOrderRefusesBadInputWithoutSideEffects() {
		int ordersBefore = count("orders");
		CallToolResult tooMany = call(this.client, "create_order",
				Map.of("customerId", 1, "items", List.of(Map.of("productId", 2, "quantity", 1_000_000))));
		assertThat(tooMany.isError()).isTrue();
		CallToolResult negative = call(this.client, "create_order",
				Map.of("customerId", 1, "items", List.of(Map.of("productId", 2, "quantity", -1))));
		assertThat(negative.isError()).isTrue();
		assertThat(text(negative)).contains("must be between 1 and");
		CallToolResult wrongType = call(this.client, "create_order", Map.of("customerId", "first", "items", List.of()));
		assertThat(wrongType.isError()).isTrue();
		assertThat(text(wrongType)).contains("Invalid arguments for 'create_order'");
		assertThat(count("orders")).isEqualTo(ordersBefore);
	}

	@Test
	void updateDeleteAndNoteWorkOnARealOrder() {
		long orderId = newOrder();
		CallToolResult confirmed = call(this.client, "update_order", Map.of("orderId", orderId, "status", "CONFIRMED"));
		assertThat(text(confirmed)).contains("\"status\":\"CONFIRMED\"");
		CallToolResult backwards = call(this.client, "update_order", Map.of("orderId", orderId, "status", "NEW"));
		assertThat(backwards.isError()).isTrue();
		assertThat(text(backwards)).contains("Cannot change order " + orderId);

		CallToolResult note = call(this.client, "add_note", Map.of("orderId", orderId, "text", "Gift wrap"));
		assertThat(note.isError()).isFalse();
		assertThat(this.jdbc.queryForObject("SELECT author FROM order_notes WHERE order_id = ?", String.class, orderId))
			.as("the author is the authenticated principal, never a tool argument")
			.isEqualTo("demo-admin");

		// delete_order needs a human approval: refused as pending, approved by another principal, then repeated
		CallToolResult pending = call(this.client, "delete_order", Map.of("orderId", orderId));
		assertThat(text(pending)).startsWith("Approval required: 'delete_order'");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM orders WHERE id = ?", Integer.class, orderId)).isOne();
		Approvals.approve(this.port, Approvals.approvalId(pending));
		CallToolResult deleted = call(this.client, "delete_order", Map.of("orderId", orderId));
		assertThat(deleted.isError()).isFalse();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM orders WHERE id = ?", Integer.class, orderId)).isZero();
		assertThat(call(this.client, "delete_order", Map.of("orderId", orderId)).isError()).isTrue();
	}

	private long newOrder() {
		call(this.client, "create_order", Map.of("customerId", 2, "items", List.of(Map.of("productId", 3, "quantity", 1))));
		return this.jdbc.queryForObject("SELECT max(id) FROM orders", Long.class);
	}

	private int stock(long productId) {
		return this.jdbc.queryForObject("SELECT stock FROM products WHERE id = ?", Integer.class, productId);
	}

	private int count(String table) {
		return this.jdbc.queryForObject("SELECT count(*) FROM " + table, Integer.class);
	}

}
