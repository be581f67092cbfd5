package dev.mcpguard.sample;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mcpguard.audit.AuditTrail;
import dev.mcpguard.sample.support.SampleServerTest;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.mcpguard.sample.support.McpTestClients.OPERATOR;
import static dev.mcpguard.sample.support.McpTestClients.VIEWER;
import static dev.mcpguard.sample.support.McpTestClients.call;
import static dev.mcpguard.sample.support.McpTestClients.client;
import static dev.mcpguard.sample.support.McpTestClients.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failure of the data layer reaches the MCP client as an error result that names a reference, never as the
 * database's own text (SQL statement, table and column names); the server log holds the cause under that reference
 * and the audit trail records the call as failed with its detail. The sample's tools do nothing for it: MCP Guard's
 * pipeline does it for every tool. The failure is real: a table of the test's own schema is renamed for the
 * duration of a call, for both tool styles.
 */
@SampleServerTest
@ExtendWith(OutputCaptureExtension.class)
class ToolErrorsIntegrationTests {

	private static final Pattern REFERENCE = Pattern.compile("\\(reference ([0-9a-f-]{36})\\)");

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	AuditTrail auditTrail;

	@Test
	void aDatabaseErrorOfAnMcpToolReachesTheClientAsAReference(CapturedOutput output) {
		CallToolResult result = withTableRenamed("products", () -> {
			try (McpSyncClient viewer = client(this.port, VIEWER)) {
				return call(viewer, "list_products", Map.of("filter", "keyboard"));
			}
		});
		assertInternalError(result, "list_products", output);
	}

	@Test
	void aDatabaseErrorOfAToolStyleToolReachesTheClientAsAReference(CapturedOutput output) {
		CallToolResult result = withTableRenamed("order_notes", () -> {
			try (McpSyncClient operator = client(this.port, OPERATOR)) {
				return call(operator, "add_note", Map.of("orderId", 1, "text", "Call the customer back"));
			}
		});
		assertInternalError(result, "add_note", output);
	}

	private void assertInternalError(CallToolResult result, String tool, CapturedOutput output) {
		assertThat(result.isError()).isTrue();
		String text = text(result);
		assertThat(text).startsWith("The tool '" + tool + "' failed");
		assertThat(text.replace("'" + tool + "'", "")).doesNotContainIgnoringCase("sql")
			.doesNotContainIgnoringCase("select").doesNotContainIgnoringCase("insert")
			.doesNotContain("products").doesNotContain("order_notes").doesNotContain("relation");
		Matcher reference = REFERENCE.matcher(text);
		assertThat(reference.find()).as("a reference in %s", text).isTrue();
		// The operators find the cause under the reference.
		assertThat(output.getOut()).contains("Tool '" + tool + "' failed (reference " + reference.group(1) + ")")
			.contains("does not exist");
		assertThat(this.auditTrail.flush(Duration.ofSeconds(10))).isTrue();
		Map<String, Object> audit = this.jdbc.queryForMap(
				"SELECT outcome, message FROM mcp_guard_audit WHERE tool = ? ORDER BY seq DESC LIMIT 1", tool);
		assertThat(audit).containsEntry("outcome", "FAILED");
		assertThat((String) audit.get("message")).contains(reference.group(1)).contains("does not exist");
	}

	private <T> T withTableRenamed(String table, Supplier<T> action) {
		this.jdbc.execute("ALTER TABLE " + table + " RENAME TO " + table + "_away");
		try {
			return action.get();
		}
		finally {
			this.jdbc.execute("ALTER TABLE " + table + "_away RENAME TO " + table);
		}
	}

}
