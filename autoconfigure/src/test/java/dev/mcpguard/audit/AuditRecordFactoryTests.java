package dev.mcpguard.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.mcpguard.pipeline.ArgumentRedactor;
import dev.mcpguard.pipeline.Outcome;
import dev.mcpguard.pipeline.ToolCallEvent;
import dev.mcpguard.pipeline.ToolInvocation;
import org.junit.jupiter.api.Test;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the records that the audit trail stores and logs.
 */
class AuditRecordFactoryTests {

	private final AuditRecordFactory records = new AuditRecordFactory(new ArgumentRedactor(List.of(), 8192,
			JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build()));

	@Test
	void textsSentByAClientCannotBreakTheLogLineOfTheirRecord() {
		ToolInvocation invocation = new ToolInvocation(AuditTestData.tool("add_note"),
				Map.of("text", "line 1\nINFO forged\u2028line 3"), AuditTestData.OPERATOR, "session\r\nINFO forged\u2029x", null);
		AuditRecord record = this.records.toolCall(new ToolCallEvent(Instant.now(), invocation, Outcome.FAILED,
				"Order not found: 7\nINFO forged\u0085line", 1_000_000, Map.of()), null);
		assertThat(record.sessionId()).isEqualTo("session  INFO forged x");
		assertThat(record.message()).isEqualTo("Order not found: 7 INFO forged line");
		assertThat(record.arguments()).isEqualTo("{\"text\":\"line 1\\nINFO forged\\u2028line 3\"}");
		assertThat(AuditLogger.message(record)).doesNotContain("\n", "\r", "\u2028", "\u2029", "\u0085");
	}

	@Test
	void aMessageKeepsItsWordsAndLosesItsCredentials() {
		AuditRecord record = this.records.toolCall(AuditTestData.event("add_note", Map.of("note",
				"call me, my key is sk-live-abcdef0123456789abcdef and thanks"), Outcome.OK), null);
		assertThat(record.arguments()).isEqualTo("{\"note\":\"call me, my key is *** and thanks\"}");
	}

}
