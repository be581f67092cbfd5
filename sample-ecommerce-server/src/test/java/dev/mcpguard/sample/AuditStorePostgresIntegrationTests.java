package dev.mcpguard.sample;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import dev.mcpguard.audit.AuditQuery;
import dev.mcpguard.audit.AuditRecord;
import dev.mcpguard.audit.JdbcAuditStore;
import dev.mcpguard.audit.StoredAuditRecord;
import dev.mcpguard.pipeline.Outcome;
import dev.mcpguard.sample.support.SampleServerTest;
import dev.mcpguard.sample.support.TestDatabaseConfiguration.TestSchema;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JdbcAuditStore} on a real PostgreSQL, where it writes with {@code COPY}: every character of a record comes
 * back as it was hashed, a batch holding a stored record is still stored once, and the chain stays valid. The
 * server's own audit trail writes to the same chain meanwhile, as a second instance would.
 */
@SampleServerTest
class AuditStorePostgresIntegrationTests {

	private static final String AWKWARD = "back\\slash \\N \\t tab\there new\nline cr\r \"double\" 'single' é ü 中文 😀 ,;|";

	@Autowired
	TestSchema schema;

	private final List<String> statements = new CopyOnWriteArrayList<>();

	@Test
	void everyCharacterIsStoredAsHashedAndNoInsertStatementIsUsed() {
		JdbcAuditStore store = new JdbcAuditStore(recordingStatements(this.schema));
		String tool = "copy-" + UUID.randomUUID();
		// nanoseconds, as Instant.now() gives on some platforms: stored, hashed and read back to the microsecond
		Instant time = Instant.parse("2026-03-01T08:30:00.123456789Z");
		List<AuditRecord> records = List.of(
				new AuditRecord(UUID.randomUUID().toString(), time, AWKWARD, "token", "", "10.0.0.7", tool,
						"{\"q\":\"" + AWKWARD.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}", Outcome.FAILED, AWKWARD,
						12, "approval-1", "trace-1"),
				new AuditRecord(UUID.randomUUID().toString(), time.plusMillis(1), null, null, null, null, tool, null,
						Outcome.OK, null, 0, null, null),
				new AuditRecord(UUID.randomUUID().toString(), Instant.parse("1999-12-31T23:59:59.000001Z"), "\\N", "\\",
						"\t", "\n", tool, "", Outcome.DENIED, "", Long.MAX_VALUE, "", ""));

		assertThat(store.appendNew(records)).isEqualTo(3);

		List<StoredAuditRecord> stored = store.find(new AuditQuery(null, tool, null, null, null, 10));
		assertThat(stored).extracting(StoredAuditRecord::record).containsExactlyInAnyOrderElementsOf(records);
		assertThat(stored).extracting((row) -> row.record().time())
			.contains(Instant.parse("2026-03-01T08:30:00.123456Z"), Instant.parse("2026-03-01T08:30:00.124456Z"));
		assertThat(store.verify().valid()).isTrue();
		assertThat(this.statements).isNotEmpty().noneMatch((sql) -> sql.startsWith("INSERT INTO mcp_guard_audit"));
	}

	@Test
	void whenANewBatchHoldsAStoredRecordThenItIsCopiedAgainWithTheIdCheckAndStoredOnce() {
		JdbcAuditStore store = new JdbcAuditStore(recordingStatements(this.schema));
		String tool = "copy-" + UUID.randomUUID();
		AuditRecord first = record(tool);
		AuditRecord second = record(tool);
		assertThat(store.appendNew(List.of(first))).isEqualTo(1);

		assertThat(store.appendNew(List.of(first, second))).isEqualTo(1);

		assertThat(store.find(new AuditQuery(null, tool, null, null, null, 10))).extracting(StoredAuditRecord::record)
			.containsExactlyInAnyOrder(first, second);
		assertThat(store.verify().valid()).isTrue();
	}

	private static AuditRecord record(String tool) {
		return new AuditRecord(UUID.randomUUID().toString(), Instant.now().truncatedTo(ChronoUnit.MICROS), "agent",
				"token", "session-1", "10.0.0.7", tool, "{}", Outcome.OK, null, 1, null, null);
	}

	// The schema's database, recording the SQL of every statement prepared on its connections.
	private DataSource recordingStatements(TestSchema schema) {
		DataSource database = new DriverManagerDataSource(schema.jdbcUrl(), schema.username(), schema.password());
		return new DelegatingDataSource(database) {
			@Override
			public Connection getConnection() throws java.sql.SQLException {
				Connection connection = super.getConnection();
				return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
						(proxy, method, args) -> {
							if (method.getName().startsWith("prepare") && args != null && args[0] instanceof String sql) {
								AuditStorePostgresIntegrationTests.this.statements.add(sql);
							}
							try {
								return method.invoke(connection, args);
							}
							catch (InvocationTargetException ex) {
								throw ex.getCause();
							}
						});
			}
		};
	}

}
