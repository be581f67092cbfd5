package dev.mcpguard.sample;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mcpguard.audit.AuditTrail;
import dev.mcpguard.sample.support.SampleServerTest;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.ai.mcp.annotation.McpTool;
import org.springframework.ai.mcp.annotation.McpToolParam;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.OPERATOR;
import static dev.mcpguard.sample.support.McpTestClients.VIEWER;
import static dev.mcpguard.sample.support.McpTestClients.call;
import static dev.mcpguard.sample.support.McpTestClients.client;
import static dev.mcpguard.sample.support.McpTestClients.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a failed tool call tells its caller, for both tool styles, through a real MCP client: arguments that cannot
 * be bound to the tool's Java parameters get a plain "Invalid arguments" text (before approvals and the tool), a
 * failure inside the tool gets a reference, and neither carries Java, Jackson or SQL internals; the detail is in the
 * server log and in the audit row. An exception written for callers keeps its message.
 */
@SampleServerTest
@ExtendWith(OutputCaptureExtension.class)
class ToolFailureIntegrationTests {

	private static final Pattern REFERENCE = Pattern.compile("\\(reference ([0-9a-f-]{36})\\)");

	private static final BigInteger HUGE = new BigInteger("123456789012345678901234567890");

	private static final String LONG_RANGE = "an integer from -9223372036854775808 to 9223372036854775807";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	AuditTrail auditTrail;

	@Test
	void anArgumentThatCannotBeBoundGetsAPlainInvalidArgumentsTextInBothStyles() {
		try (McpSyncClient viewer = client(this.port, VIEWER); McpSyncClient operator = client(this.port, OPERATOR)) {
			assertPlain(call(viewer, "get_order", Map.of("orderId", HUGE)),
					"Invalid arguments for 'get_order': orderId must be " + LONG_RANGE + ".");
			assertPlain(call(operator, "add_note", Map.of("orderId", HUGE, "text", "too far")),
					"Invalid arguments for 'add_note': orderId must be " + LONG_RANGE + ".");
			assertPlain(call(operator, "create_order", Map.of("customerId", 1, "items", List.of(Map.of("productId", HUGE, "quantity", 1)))),
					"Invalid arguments for 'create_order': items must match the tool's input schema.");
		}
		assertThat(lastAudit("get_order")).containsEntry("outcome", "FAILED");
		assertThat((String) lastAudit("get_order").get("message")).contains("orderId must be " + LONG_RANGE);
	}

	@Test
	void argumentsThatCannotBeBoundAreRefusedBeforeAnApprovalIsRequested() {
		int approvalsBefore = this.jdbc.queryForObject("SELECT count(*) FROM mcp_guard_approval", Integer.class);
		try (McpSyncClient admin = client(this.port, ADMIN)) {
			assertPlain(call(admin, "delete_order", Map.of("orderId", HUGE)),
					"Invalid arguments for 'delete_order': orderId must be " + LONG_RANGE + ".");
		}
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM mcp_guard_approval", Integer.class)).isEqualTo(approvalsBefore);
	}

	@Test
	void aFailureInsideAToolReachesTheClientAsAReferenceInBothStyles(CapturedOutput output) {
		try (McpSyncClient operator = client(this.port, OPERATOR)) {
			assertReference(call(operator, "failing_lookup", Map.of("id", 7)), "failing_lookup", output);
			assertReference(call(operator, "failing_command", Map.of("id", 7)), "failing_command", output);
		}
	}

	@Test
	void anExceptionWrittenForCallersKeepsItsMessage() {
		try (McpSyncClient viewer = client(this.port, VIEWER); McpSyncClient operator = client(this.port, OPERATOR)) {
			CallToolResult missing = call(viewer, "get_product", Map.of("productId", 999_999));
			assertThat(missing.isError()).isTrue();
			assertThat(text(missing)).isEqualTo("Product 999999 not found.");
			CallToolResult backwards = call(operator, "update_order", Map.of("orderId", 1, "status", "TELEPORTED"));
			assertThat(backwards.isError()).isTrue();
			assertThat(text(backwards)).doesNotContain("reference").doesNotContain("java.");
		}
	}

	private static void assertPlain(CallToolResult result, String expected) {
		assertThat(result.isError()).isTrue();
		assertThat(text(result)).isEqualTo(expected);
		assertNoInternals(text(result));
	}

	private void assertReference(CallToolResult result, String tool, CapturedOutput output) {
		assertThat(result.isError()).isTrue();
		String text = text(result);
		assertNoInternals(text);
		assertThat(text).startsWith("The tool '" + tool + "' failed (reference ");
		Matcher reference = REFERENCE.matcher(text);
		assertThat(reference.find()).as("a reference in %s", text).isTrue();
		// The operators find the cause under the reference, in the log and in the audit trail.
		assertThat(output.getOut()).contains("Tool '" + tool + "' failed (reference " + reference.group(1) + ")")
			.contains("secret_column");
		Map<String, Object> audit = lastAudit(tool);
		assertThat(audit).containsEntry("outcome", "FAILED");
		assertThat((String) audit.get("message")).contains(reference.group(1)).contains("secret_column");
	}

	private static void assertNoInternals(String text) {
		assertThat(text).doesNotContain("java.").doesNotContain("Jackson").doesNotContain("jackson")
			.doesNotContain("Feature").doesNotContain("Conversion").doesNotContainIgnoringCase("select")
			.doesNotContain("secret").doesNotContain("Exception").doesNotContain("\n");
	}

	private Map<String, Object> lastAudit(String tool) {
		assertThat(this.auditTrail.flush(Duration.ofSeconds(10))).isTrue();
		return this.jdbc.queryForMap("SELECT outcome, message FROM mcp_guard_audit WHERE tool = ? ORDER BY seq DESC LIMIT 1", tool);
	}

	/**
	 * Tools that fail with internals in their message, in both styles, for these tests only.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class FailingToolsConfiguration {

		@Bean
		FailingQueryTools failingQueryTools() {
			return new FailingQueryTools();
		}

		@Bean
		FailingCommandTools failingCommandTools() {
			return new FailingCommandTools();
		}

		@Bean
		ToolCallbackProvider failingCommandToolCallbacks(FailingCommandTools tools) {
			return MethodToolCallbackProvider.builder().toolObjects(tools).build();
		}

	}

	public static class FailingQueryTools {

		@McpTool(name = "failing_lookup", description = "Fails inside (test).")
		public String lookup(@McpToolParam(description = "Id") Long id) {
			throw new IllegalStateException("could not run SELECT secret_column FROM internal_table WHERE id = " + id,
					new IllegalArgumentException("secret_column is not readable"));
		}

	}

	// Public: Spring AI calls a @Tool method without making it accessible.
	public static class FailingCommandTools {

		@Tool(name = "failing_command", description = "Fails inside (test).")
		public String command(@ToolParam(description = "Id") Long id) {
			throw new IllegalStateException("could not run UPDATE internal_table SET secret_column = 1 WHERE id = " + id);
		}

	}

}
