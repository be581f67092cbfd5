package dev.mcpguard.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AuditRetention} on H2 in PostgreSQL mode, migrated by MCP Guard's own Flyway.
 */
class AuditRetentionTests {

	private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

	private final DataSource dataSource = AuditTestData.migratedH2();

	private final JdbcAuditStore store = new JdbcAuditStore(this.dataSource);

	private final AuditRetention retention = new AuditRetention(this.store, Duration.ofDays(30), Duration.ZERO,
			Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void aBacklogOfManyChunksIsPurgedInOneRunAndTheChainStaysCheckable() {
		List<AuditRecord> records = new ArrayList<>();
		for (int i = 2500; i > 0; i--) {
			records.add(AuditTestData.record("old", NOW.minus(Duration.ofDays(31)).minusSeconds(i)));
		}
		for (int i = 10; i > 0; i--) {
			records.add(AuditTestData.record("recent", NOW.minusSeconds(i)));
		}
		this.store.append(records);

		assertThat(this.retention.purge()).isEqualTo(2500);

		assertThat(JdbcClient.create(this.dataSource).sql("SELECT DISTINCT tool FROM mcp_guard_audit").query(String.class).list())
			.containsExactly("recent");
		ChainVerification verification = this.store.verify();
		assertThat(verification.valid()).isTrue();
		assertThat(verification.firstSeq()).isEqualTo(2501);
		assertThat(verification.checked()).isEqualTo(10);
		assertThat(this.retention.purge()).isZero();
	}

}
