package dev.mcpguard.sample;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.mcpguard.audit.AuditRecord;
import dev.mcpguard.audit.AuditRetention;
import dev.mcpguard.audit.ChainVerification;
import dev.mcpguard.audit.JdbcAuditStore;
import dev.mcpguard.pipeline.Outcome;
import dev.mcpguard.sample.support.SampleServerTest;
import dev.mcpguard.sample.support.TestDatabaseConfiguration.TestSchema;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention purge on a real PostgreSQL: a backlog of many chunks goes in one run, as a gap-free prefix, and the
 * chain stays checkable from the checkpoint it leaves. A context of its own (the server's scheduled purge off), so
 * its schema holds only this test's rows.
 */
@SampleServerTest
@TestPropertySource(properties = "mcp.guard.audit.purge-interval=0")
class AuditRetentionPostgresIntegrationTests {

	private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

	@Autowired
	TestSchema schema;

	@Test
	void aBacklogOfManyChunksIsPurgedAndTheChainStaysCheckable() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(this.schema.getJdbcUrl(),
				this.schema.getUsername(), this.schema.getPassword());
		JdbcAuditStore store = new JdbcAuditStore(dataSource);
		List<AuditRecord> records = new ArrayList<>();
		for (int i = 2500; i > 0; i--) {
			records.add(record("old", NOW.minus(Duration.ofDays(31)).minusSeconds(i)));
		}
		for (int i = 10; i > 0; i--) {
			records.add(record("recent", NOW.minusSeconds(i)));
		}
		store.appendNew(records);
		AuditRetention retention = new AuditRetention(store, Duration.ofDays(30), Duration.ZERO,
				Clock.fixed(NOW, ZoneOffset.UTC));

		assertThat(retention.purge()).isEqualTo(2500);

		assertThat(JdbcClient.create(dataSource).sql("SELECT DISTINCT tool FROM mcp_guard_audit").query(String.class).list())
			.containsExactly("recent");
		ChainVerification verification = store.verify();
		assertThat(verification.valid()).isTrue();
		assertThat(verification.firstSeq()).isEqualTo(2501);
		assertThat(verification.checked()).isEqualTo(10);
		assertThat(retention.purge()).isZero();
	}

	private static AuditRecord record(String tool, Instant time) {
		return new AuditRecord(UUID.randomUUID().toString(), time, "agent", "token", "session-1", "10.0.0.7", tool, "{}",
				Outcome.OK, null, 1, null, null);
	}

}
