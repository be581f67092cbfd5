package dev.mcpguard.sample.support;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The approver's side of human approval in tests: the {@code mcpapprovals} actuator endpoint, called over HTTP with
 * the demo approver's token, and the approval id a pending tool result names.
 */
public final class Approvals {

	/** Demo token of principal demo-approver (role mcp-admin only: decides approvals, calls no tool). */
	public static final String APPROVER = "demo-approver-token-000000000000000";

	private static final Pattern APPROVAL_ID = Pattern.compile("Approval request ([0-9a-f-]{36})");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Approvals() {
	}

	/**
	 * The approval request id named by a refused tool result.
	 * @param result a result refused as pending (or denied)
	 * @return the id
	 */
	public static String approvalId(McpSchema.CallToolResult result) {
		String text = McpTestClients.text(result);
		Matcher matcher = APPROVAL_ID.matcher(text);
		assertThat(matcher.find()).as("approval id in '%s'", text).isTrue();
		return matcher.group(1);
	}

	/**
	 * Decide an approval request.
	 * @param port the server port
	 * @param token the approver's token
	 * @param id the request id
	 * @param decision {@code approve} or {@code deny}
	 * @param comment the comment, or {@code null}
	 * @return the response
	 */
	public static HttpResponse<String> decide(int port, String token, String id, String decision, String comment) {
		String body = (comment != null) ? JSON.writeValueAsString(Map.of("decision", decision, "comment", comment))
				: JSON.writeValueAsString(Map.of("decision", decision));
		return McpTestClients.http("POST", "http://localhost:" + port + "/actuator/mcpapprovals/" + id, body,
				"Authorization", "Bearer " + token, "Content-Type", "application/json");
	}

	/**
	 * Approve a request as the demo approver, asserting that it worked.
	 * @param port the server port
	 * @param id the request id
	 */
	public static void approve(int port, String id) {
		HttpResponse<String> response = decide(port, APPROVER, id, "approve", "ok");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	/**
	 * The pending requests, as the endpoint lists them.
	 * @param port the server port
	 * @return the requests
	 */
	public static List<Map<String, Object>> pending(int port) {
		HttpResponse<String> response = McpTestClients.http("GET", "http://localhost:" + port + "/actuator/mcpapprovals",
				null, "Authorization", "Bearer " + APPROVER);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readValue(response.body(), new TypeReference<List<Map<String, Object>>>() {
		});
	}

	/**
	 * One request, in any state.
	 * @param port the server port
	 * @param id the request id
	 * @return the request
	 */
	public static Map<String, Object> request(int port, String id) {
		HttpResponse<String> response = McpTestClients.http("GET", "http://localhost:" + port + "/actuator/mcpapprovals/" + id,
				null, "Authorization", "Bearer " + APPROVER);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response.body());
	}

	/**
	 * Parse a JSON object.
	 * @param body the JSON text
	 * @return the object
	 */
	@SuppressWarnings("unchecked")
	public static Map<String, Object> json(String body) {
		return JSON.readValue(body, Map.class);
	}

	/**
	 * A new small order (no approval needed), created by the demo operator, to delete in a test.
	 * @param port the server port
	 * @return the order id
	 */
	public static long newOrder(int port) {
		try (io.modelcontextprotocol.client.McpSyncClient operator = McpTestClients.client(port, McpTestClients.OPERATOR)) {
			McpSchema.CallToolResult created = McpTestClients.call(operator, "create_order",
					Map.of("customerId", 2, "items", List.of(Map.of("productId", 2, "quantity", 1))));
			assertThat(created.isError()).as(McpTestClients.text(created)).isFalse();
			return ((Number) json(McpTestClients.text(created)).get("id")).longValue();
		}
	}

	/**
	 * Whether an order still exists.
	 * @param jdbc the test database
	 * @param orderId the order id
	 * @return {@code true} if its row is there
	 */
	public static boolean orderExists(org.springframework.jdbc.core.JdbcTemplate jdbc, long orderId) {
		return jdbc.queryForObject("SELECT count(*) FROM orders WHERE id = ?", Integer.class, orderId) == 1;
	}

}
