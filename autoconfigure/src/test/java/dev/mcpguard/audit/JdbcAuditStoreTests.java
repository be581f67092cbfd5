package dev.mcpguard.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import dev.mcpguard.pipeline.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link JdbcAuditStore} on H2 in PostgreSQL mode, migrated by MCP Guard's own Flyway (the sample's integration
 * tests run the same on PostgreSQL).
 */
class JdbcAuditStoreTests {

	private static final Pattern ROW_PARAMETERS = Pattern.compile("\\((\\?, ){15}\\?\\)");

	private final DataSource dataSource = AuditTestData.migratedH2();

	// what the store writes through, recording its SQL; the test reads the database directly
	private final AuditTestData.SwitchableDataSource database = new AuditTestData.SwitchableDataSource(this.dataSource);

	private final JdbcAuditStore store = new JdbcAuditStore(this.database);

	private final JdbcClient jdbc = JdbcClient.create(this.dataSource);

	@Test
	void appendedRecordsGetConsecutiveSequenceNumbersAndAValidChain() {
		assertThat(this.store.append(List.of(AuditTestData.record("a"), AuditTestData.record("b")))).isEqualTo(2);
		assertThat(this.store.append(List.of(AuditTestData.record("c")))).isEqualTo(1);
		assertThat(this.jdbc.sql("SELECT tool FROM mcp_guard_audit ORDER BY seq").query(String.class).list())
			.containsExactly("a", "b", "c");
		assertThat(this.jdbc.sql("SELECT seq FROM mcp_guard_audit ORDER BY seq").query(Long.class).list())
			.containsExactly(1L, 2L, 3L);
		ChainVerification verification = this.store.verify();
		assertThat(verification.valid()).isTrue();
		assertThat(verification.checked()).isEqualTo(3);
	}

	@Test
	void whenARecordIsWrittenAgainThenItIsStoredOnce() {
		AuditRecord first = AuditTestData.record("a");
		AuditRecord second = AuditTestData.record("b");
		this.store.append(List.of(first));
		assertThat(this.store.append(List.of(first, second, second))).isEqualTo(1);
		assertThat(this.jdbc.sql("SELECT count(*) FROM mcp_guard_audit").query(Long.class).single()).isEqualTo(2);
		assertThat(this.store.verify().valid()).isTrue();
	}

	@Test
	void newRecordsAreStoredWithoutLookingUpStoredIds() {
		assertThat(this.store.appendNew(List.of(AuditTestData.record("a"), AuditTestData.record("b")))).isEqualTo(2);
		assertThat(this.database.idLookUps()).isZero();
		assertThat(this.jdbc.sql("SELECT tool FROM mcp_guard_audit ORDER BY seq").query(String.class).list())
			.containsExactly("a", "b");
		assertThat(this.store.verify().valid()).isTrue();
	}

	@Test
	void whenANewRecordIsStoredAlreadyThenTheBatchIsWrittenAgainWithTheIdCheckAndStoredOnce() {
		AuditRecord first = AuditTestData.record("a");
		AuditRecord second = AuditTestData.record("b");
		this.store.append(List.of(first));
		this.database.clearStatements();
		assertThat(this.store.appendNew(List.of(first, second, second))).isEqualTo(1);
		assertThat(this.database.idLookUps()).isOne();
		assertThat(this.jdbc.sql("SELECT tool FROM mcp_guard_audit ORDER BY seq").query(String.class).list())
			.containsExactly("a", "b");
		ChainVerification verification = this.store.verify();
		assertThat(verification.valid()).isTrue();
		assertThat(verification.lastSeq()).isEqualTo(2);
	}

	@Test
	void recordsThatMayBeStoredAlreadyAreLookedUpFirst() {
		this.store.append(List.of(AuditTestData.record("a")));
		assertThat(this.database.idLookUps()).isOne();
	}

	@Test
	void whenANewBatchHoldsARecordTheDatabaseRefusesThenNothingOfItIsStored() {
		AuditRecord tooLong = AuditTestData.record("x".repeat(201));
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> this.store.appendNew(List.of(AuditTestData.record("a"), tooLong)));
		assertThat(this.jdbc.sql("SELECT count(*) FROM mcp_guard_audit").query(Long.class).single()).isZero();
		assertThat(this.store.append(List.of(AuditTestData.record("b")))).isEqualTo(1);
		assertThat(this.store.verify().valid()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 99, 100, 101, 250, 500 })
	void rowsAreInsertedInStatementsOfAtMostOneHundredRowsInOrder(int count) {
		List<AuditRecord> batch = records("new-", count);
		assertThat(this.store.appendNew(batch)).isEqualTo(count);
		List<Integer> expectedRowsPerStatement = new ArrayList<>();
		if (count >= JdbcAuditStore.ROWS_PER_INSERT) {
			expectedRowsPerStatement.add(JdbcAuditStore.ROWS_PER_INSERT);
		}
		if (count % JdbcAuditStore.ROWS_PER_INSERT != 0) {
			expectedRowsPerStatement.add(count % JdbcAuditStore.ROWS_PER_INSERT);
		}
		assertThat(rowsPerInsert()).isEqualTo(expectedRowsPerStatement);
		List<AuditRecord> again = records("again-", count);
		assertThat(this.store.append(again)).isEqualTo(count);
		List<String> expectedTools = new ArrayList<>();
		batch.forEach((record) -> expectedTools.add(record.tool()));
		again.forEach((record) -> expectedTools.add(record.tool()));
		assertThat(this.jdbc.sql("SELECT tool FROM mcp_guard_audit ORDER BY seq").query(String.class).list())
			.isEqualTo(expectedTools);
		ChainVerification verification = this.store.verify();
		assertThat(verification.valid()).isTrue();
		assertThat(verification.checked()).isEqualTo(2L * count);
	}

	@Test
	void storedRecordsReadBackExactly() {
		AuditRecord record = new AuditRecord("0190d5a8-0000-7000-8000-000000000001",
				Instant.parse("2026-03-01T08:30:00.123456Z"), "agent", "token", "s-1", "10.0.0.7", "create_order",
				"{\"note\":\"M\\u00FCller\"}", Outcome.APPROVAL_PENDING, "Waiting for approval", 12, "appr-1", "trace-1");
		this.store.append(List.of(record));
		StoredAuditRecord stored = this.store.find(new AuditQuery(null, null, null, null, null, 10)).get(0);
		assertThat(stored.record()).isEqualTo(record);
		assertThat(stored.prevHash()).isEqualTo(AuditChain.GENESIS);
		assertThat(stored.hash()).isEqualTo(AuditChain.hash(AuditChain.GENESIS, 1, record));
	}

	@Test
	void aTimeFinerThanTheStoredMicrosecondsIsHashedAsStored() {
		AuditRecord record = AuditTestData.record("a", Instant.parse("2026-03-01T08:30:00.123456789Z"));
		assertThat(record.time()).isEqualTo(Instant.parse("2026-03-01T08:30:00.123456Z"));
		this.store.appendNew(List.of(record, AuditTestData.record("b", Instant.parse("2026-03-01T08:30:00.999999999Z"))));
		assertThat(this.store.verify().valid()).isTrue();
		assertThat(this.store.find(new AuditQuery(null, "a", null, null, null, 10))).extracting(StoredAuditRecord::record)
			.containsExactly(record);
	}

	@Test
	void whenARowIsChangedThenVerifyReportsIt() {
		List<AuditRecord> records = List.of(AuditTestData.record("a"), AuditTestData.record("b"),
				AuditTestData.record("c"));
		this.store.append(records);
		this.jdbc.sql("UPDATE mcp_guard_audit SET principal = 'mallory' WHERE seq = 2").update();
		ChainVerification verification = this.store.verify();
		assertThat(verification.valid()).isFalse();
		assertThat(verification.brokenAt().seq()).isEqualTo(2);
		assertThat(verification.brokenAt().id()).isEqualTo(records.get(1).id());
		assertThat(verification.checked()).isEqualTo(1);
	}

	@Test
	void whenARowGetsAnUnknownOutcomeThenVerifyReportsIt() {
		this.store.append(List.of(AuditTestData.record("a"), AuditTestData.record("b")));
		this.jdbc.sql("UPDATE mcp_guard_audit SET outcome = 'FINE' WHERE seq = 2").update();
		ChainVerification verification = this.store.verify();
		assertThat(verification.valid()).isFalse();
		assertThat(verification.brokenAt().seq()).isEqualTo(2);
	}

	@Test
	void whenARowIsDeletedThenVerifyReportsTheGap() {
		this.store.append(List.of(AuditTestData.record("a"), AuditTestData.record("b"), AuditTestData.record("c")));
		this.jdbc.sql("DELETE FROM mcp_guard_audit WHERE seq = 3").update();
		ChainVerification verification = this.store.verify();
		assertThat(verification.valid()).isFalse();
		assertThat(verification.brokenAt().seq()).isEqualTo(3);
		assertThat(verification.brokenAt().reason()).contains("missing");
	}

	@Test
	void purgeRemovesOldRowsAsAPrefixAndTheChainStaysCheckable() {
		Instant now = Instant.parse("2026-06-01T00:00:00Z");
		List<AuditRecord> records = new ArrayList<>();
		for (int day = 10; day >= 6; day--) {
			records.add(AuditTestData.record("day-" + day, now.minusSeconds(day * 86_400L)));
		}
		records.add(AuditTestData.record("day-2", now.minusSeconds(2 * 86_400L)));
		// written late: older than the cutoff, but after a newer row in the chain, so it stays for now
		records.add(AuditTestData.record("late", now.minusSeconds(20 * 86_400L)));
		records.add(AuditTestData.record("day-1", now.minusSeconds(86_400L)));
		this.store.append(records);
		long deleted = this.store.purge(now.minusSeconds(5 * 86_400L), 2);
		assertThat(deleted).isEqualTo(5);
		assertThat(this.jdbc.sql("SELECT tool FROM mcp_guard_audit ORDER BY seq").query(String.class).list())
			.containsExactly("day-2", "late", "day-1");
		assertThat(this.store.purge(now.minusSeconds(5 * 86_400L), 2)).isZero();
		ChainVerification verification = this.store.verify();
		assertThat(verification.valid()).isTrue();
		assertThat(verification.firstSeq()).isEqualTo(6);
		assertThat(verification.checked()).isEqualTo(3);
		this.store.append(List.of(AuditTestData.record("after-purge")));
		assertThat(this.store.verify().valid()).isTrue();

		this.jdbc.sql("DELETE FROM mcp_guard_audit WHERE seq = 6").update();
		assertThat(this.store.verify().brokenAt().seq()).isEqualTo(7);
	}

	@Test
	void findFiltersAndReturnsNewestFirst() {
		Instant base = Instant.parse("2026-02-01T00:00:00Z");
		AuditRecord old = AuditTestData.record("get_product", base);
		AuditRecord recent = AuditTestData.record("get_product", base.plusSeconds(60));
		AuditRecord other = AuditTestData.record("create_order", base.plusSeconds(30));
		this.store.append(List.of(old, recent, other));
		assertThat(ids(new AuditQuery(null, "get_product", null, null, null, 10))).containsExactly(recent.id(), old.id());
		assertThat(ids(new AuditQuery("agent", null, Outcome.OK, base.plusSeconds(1), null, 10)))
			.containsExactly(recent.id(), other.id());
		assertThat(ids(new AuditQuery(null, null, null, null, base.plusSeconds(60), 10))).containsExactly(other.id(), old.id());
		assertThat(ids(new AuditQuery(null, null, null, null, null, 1))).containsExactly(recent.id());
		assertThat(ids(new AuditQuery("nobody", null, null, null, null, 10))).isEmpty();
		assertThat(ids(new AuditQuery(null, null, Outcome.DENIED, null, null, 10))).isEmpty();
		assertThatIllegalArgumentException().isThrownBy(() -> new AuditQuery(null, null, null, null, null, 1001));
	}

	@Test
	void twoInstancesWritingAtOnceKeepOneGapFreeChain() throws Exception {
		JdbcAuditStore otherInstance = new JdbcAuditStore(this.dataSource);
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			List<Future<?>> writers = new ArrayList<>();
			for (JdbcAuditStore instance : List.of(this.store, otherInstance)) {
				writers.add(executor.submit(() -> {
					for (int batch = 0; batch < 20; batch++) {
						instance.append(List.of(AuditTestData.record("x"), AuditTestData.record("y")));
					}
				}));
			}
			for (Future<?> writer : writers) {
				writer.get();
			}
		}
		finally {
			executor.shutdownNow();
		}
		ChainVerification verification = this.store.verify();
		assertThat(verification.valid()).isTrue();
		assertThat(verification.checked()).isEqualTo(80);
		assertThat(verification.lastSeq()).isEqualTo(80);
	}

	private List<AuditRecord> records(String prefix, int count) {
		List<AuditRecord> records = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			records.add(AuditTestData.record(prefix + i));
		}
		return records;
	}

	private List<Integer> rowsPerInsert() {
		return this.database.statements()
			.stream()
			.filter((sql) -> sql.startsWith("INSERT INTO mcp_guard_audit "))
			.map((sql) -> (int) ROW_PARAMETERS.matcher(sql).results().count())
			.toList();
	}

	private List<String> ids(AuditQuery query) {
		return this.store.find(query).stream().map((row) -> row.record().id()).toList();
	}

}
