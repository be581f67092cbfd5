package dev.mcpguard.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AuditBatchWriter} on H2 in PostgreSQL mode.
 */
class AuditBatchWriterTests {

	@TempDir
	Path spoolDirectory;

	private final DataSource h2 = AuditTestData.migratedH2();

	private final AuditCounters counters = new AuditCounters();

	@Test
	void anEventLeftInTheQueueThatCannotBecomeARecordIsCountedLostAndTheOthersAreWritten() {
		FailoverAuditSink durable = new FailoverAuditSink(new JdbcAuditStore(this.h2),
				new AuditSpool(this.spoolDirectory, JsonMapper.builder().build()), Duration.ofMillis(50), 100,
				this.counters);
		AuditTrail.Settings settings = new AuditTrail.Settings(AuditTrail.Mode.ASYNC, 100, 50, Duration.ofMillis(20),
				Duration.ofMillis(200), Duration.ofMillis(50));
		AuditBatchWriter writer = new AuditBatchWriter(new AuditSinks(durable, List.of(), this.counters, 100),
				(event) -> {
					if ("bad".equals(event)) {
						throw new IllegalStateException("cannot convert");
					}
					return AuditTestData.record((String) event);
				}, settings);
		// a writer thread that never runs: everything stays in the queue for the leftovers at stop
		writer.start((task) -> {
		});
		writer.submit("a");
		writer.submit("bad");
		writer.submit("b");
		writer.stop();
		assertThat(JdbcClient.create(this.h2).sql("SELECT tool FROM mcp_guard_audit ORDER BY seq").query(String.class).list())
			.containsExactly("a", "b");
		assertThat(this.counters.lost()).isOne();
		assertThat(this.counters.written()).isEqualTo(2);
	}

}
