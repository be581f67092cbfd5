package dev.mcpguard.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FailoverAuditSink} on H2 in PostgreSQL mode.
 */
class FailoverAuditSinkTests {

	@TempDir
	Path spoolDirectory;

	private final DataSource h2 = AuditTestData.migratedH2();

	private final JdbcAuditStore store = new JdbcAuditStore(this.h2);

	private final AuditCounters counters = new AuditCounters();

	private FailoverAuditSink sink() {
		return new FailoverAuditSink(this.store, new AuditSpool(this.spoolDirectory, JsonMapper.builder().build()),
				Duration.ofMillis(50), 100, this.counters);
	}

	@Test
	void aRecordTheDatabaseRefusesIsCountedRejectedNotWritten() throws Exception {
		FailoverAuditSink sink = sink();
		sink.writeNow(List.of(AuditTestData.record("a"), AuditTestData.record("x".repeat(201)),
				AuditTestData.record("b")));
		sink.write(List.of(AuditTestData.record("y".repeat(201))));
		assertThat(JdbcClient.create(this.h2).sql("SELECT count(*) FROM mcp_guard_audit").query(Long.class).single())
			.isEqualTo(2);
		assertThat(this.counters.written()).isEqualTo(2);
		assertThat(this.counters.rejected()).isEqualTo(2);
		assertThat(Files.readAllLines(this.spoolDirectory.resolve("rejected.jsonl"))).hasSize(2);
		sink.close();
	}

	@Test
	void aReplayedRecordStoredAlreadyIsNotCountedAgain() {
		AuditRecord stored = AuditTestData.record("a");
		this.store.append(List.of(stored));
		AuditSpool spool = new AuditSpool(this.spoolDirectory, JsonMapper.builder().build());
		spool.append(List.of(stored, AuditTestData.record("b")));
		spool.close();
		FailoverAuditSink sink = sink();
		sink.maintain();
		assertThat(this.counters.written()).isEqualTo(1);
		sink.close();
	}

	@Test
	void aWriteThatDidNotTakeTheProbingFlagLeavesItToTheProbe() {
		FailoverAuditSink sink = sink();
		AtomicBoolean probing = (AtomicBoolean) ReflectionTestUtils.getField(sink, "probing");
		// another caller is finding out whether the database is back
		probing.set(true);
		sink.writeNow(List.of(AuditTestData.record("a")));
		assertThat(this.counters.written()).isOne();
		assertThat(probing).as("still the other caller's").isTrue();
		sink.close();
	}

}
