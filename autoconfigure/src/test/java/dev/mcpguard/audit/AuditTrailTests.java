package dev.mcpguard.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import dev.mcpguard.auth.AuthenticationFailure;
import dev.mcpguard.pipeline.ArgumentRedactor;
import dev.mcpguard.pipeline.Outcome;
import dev.mcpguard.pipeline.ToolCallEvent;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AuditTrailTests {

	private static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

	@TempDir
	Path spoolDirectory;

	private final DataSource h2 = AuditTestData.migratedH2();

	// what the trail writes through; the test reads the database directly
	private final AuditTestData.SwitchableDataSource database = new AuditTestData.SwitchableDataSource(this.h2);

	private final JdbcClient jdbc = JdbcClient.create(this.h2);

	private final JdbcAuditStore store = new JdbcAuditStore(this.database);

	private AuditTrail trail;

	@AfterEach
	void stop() {
		if (this.trail != null) {
			this.trail.stop();
		}
	}

	@Test
	void everyEventBecomesOneRedactedRowWrittenOffTheCallersThread() {
		this.trail = start(AuditTrail.Mode.ASYNC, 100);
		this.trail.onToolCall(AuditTestData.event("login", Map.of("user", "alice", "pin", "1234", "profile",
				Map.of("password", "hunter2")), Outcome.OK));
		this.trail.onAuthenticationFailure(new AuthenticationFailure(Instant.now(), "10.0.0.9", "POST", "/mcp",
				"invalid", null));
		await().atMost(Duration.ofSeconds(10)).until(() -> rows() == 2);
		String arguments = this.jdbc.sql("SELECT arguments FROM mcp_guard_audit WHERE outcome = 'OK'")
			.query(String.class)
			.single();
		assertThat(JSON.readValue(arguments, Map.class))
			.isEqualTo(Map.of("user", "alice", "pin", "***", "profile", Map.of("password", "***")));
		assertThat(this.jdbc.sql("SELECT client_ip || ' ' || message FROM mcp_guard_audit WHERE outcome = 'UNAUTHENTICATED'")
			.query(String.class)
			.single()).isEqualTo("10.0.0.9 Authentication failed (invalid): POST /mcp");
		assertThat(this.store.verify().valid()).isTrue();
	}

	@Test
	void aQueuedEventDoesNotKeepTheMcpExchangeOfItsCallAlive() {
		// not started: the event stays in the queue
		this.trail = trail(AuditTrail.Mode.ASYNC, 100);
		WeakReference<McpSyncServerExchange> exchange = submitWithExchange(this.trail);
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			System.gc();
			return exchange.get() == null;
		});
		this.trail.start();
		assertThat(this.trail.flush(Duration.ofSeconds(10))).isTrue();
		assertThat(this.jdbc.sql("SELECT session_id FROM mcp_guard_audit").query(String.class).single()).isEqualTo("session-1");
	}

	private static WeakReference<McpSyncServerExchange> submitWithExchange(AuditTrail trail) {
		McpSyncServerExchange exchange = new McpSyncServerExchange(
				new McpAsyncServerExchange("session-1", null, null, null, McpTransportContext.EMPTY));
		trail.onToolCall(AuditTestData.event("ping", Map.of("n", 1), Outcome.OK).withExchange(exchange));
		return new WeakReference<>(exchange);
	}

	@Test
	void whenTheDatabaseIsAwayThenEventsAreSpooledAndWrittenOnceWhenItIsBack() {
		this.trail = start(AuditTrail.Mode.ASYNC, 100);
		call(50);
		await().atMost(Duration.ofSeconds(10)).until(() -> rows() == 50);
		this.database.down();
		call(200);
		assertThat(this.trail.flush(Duration.ofSeconds(10))).isTrue();
		assertThat(spoolFileCount()).isPositive();
		this.database.up();
		call(100);
		await().atMost(Duration.ofSeconds(20)).until(() -> rows() == 350);
		assertThat(this.jdbc.sql("SELECT count(DISTINCT id) FROM mcp_guard_audit").query(Long.class).single())
			.isEqualTo(350);
		await().atMost(Duration.ofSeconds(10)).until(() -> spoolFileCount() == 0);
		assertThat(this.store.verify().valid()).isTrue();
		assertThat(this.trail.lostEvents()).isZero();
	}

	@Test
	void newEventsAreWrittenWithoutLookingUpStoredIds() {
		this.trail = start(AuditTrail.Mode.ASYNC, 1000);
		call(120);
		assertThat(this.trail.flush(Duration.ofSeconds(10))).isTrue();
		assertThat(rows()).isEqualTo(120);
		assertThat(this.database.idLookUps()).isZero();
	}

	@Test
	void whenACommitIsNotConfirmedThenTheBatchIsWrittenAgainWithTheIdCheckAndStoredOnce() {
		this.trail = start(AuditTrail.Mode.ASYNC, 1000);
		this.database.loseCommitAnswers(1);
		call(120);
		assertThat(this.trail.flush(Duration.ofSeconds(10))).isTrue();
		await().atMost(Duration.ofSeconds(20)).until(() -> spoolFileCount() == 0 && rows() == 120);
		assertThat(this.jdbc.sql("SELECT count(DISTINCT id) FROM mcp_guard_audit").query(Long.class).single())
			.isEqualTo(120);
		assertThat(this.database.idLookUps()).isPositive();
		assertThat(this.store.verify().valid()).isTrue();
		assertThat(this.trail.lostEvents()).isZero();
	}

	@Test
	void inStrictModeWithACommitNotConfirmedTheEventIsStoredOnce() {
		this.trail = start(AuditTrail.Mode.STRICT, 100);
		this.database.loseCommitAnswers(1);
		call(1);
		assertThat(spoolFileCount()).isEqualTo(1);
		call(2);
		await().atMost(Duration.ofSeconds(20)).until(() -> spoolFileCount() == 0 && rows() == 3);
		assertThat(this.jdbc.sql("SELECT count(DISTINCT id) FROM mcp_guard_audit").query(Long.class).single())
			.isEqualTo(3);
		assertThat(this.store.verify().valid()).isTrue();
	}

	@Test
	void whenTheQueueIsFullThenCallersSpoolTheirEventsAndNothingIsLost() {
		this.database.down();
		this.trail = start(AuditTrail.Mode.ASYNC, 4);
		call(100);
		assertThat(this.trail.flush(Duration.ofSeconds(10))).isTrue();
		assertThat(this.trail.spilledEvents()).isPositive();
		this.database.up();
		await().atMost(Duration.ofSeconds(20)).until(() -> rows() == 100);
		assertThat(this.store.verify().valid()).isTrue();
		assertThat(this.trail.lostEvents()).isZero();
	}

	@Test
	void stoppingWritesEverythingQueued() {
		this.trail = start(AuditTrail.Mode.ASYNC, 10_000);
		call(500);
		this.trail.stop();
		assertThat(rows()).isEqualTo(500);
		call(1);
		assertThat(rows()).as("events after stop are written at once").isEqualTo(501);
	}

	@Test
	void inStrictModeTheEventIsStoredBeforeTheListenerReturns() {
		this.trail = start(AuditTrail.Mode.STRICT, 100);
		call(1);
		assertThat(rows()).isEqualTo(1);
	}

	@Test
	void inStrictModeWithTheDatabaseAwayTheEventIsSpooledBeforeTheListenerReturns() {
		this.trail = start(AuditTrail.Mode.STRICT, 100);
		this.database.down();
		call(3);
		assertThat(spoolFileCount()).isEqualTo(1);
		assertThat(rows()).isZero();
		this.database.up();
		await().atMost(Duration.ofSeconds(20)).until(() -> rows() == 3);
		assertThat(this.store.verify().valid()).isTrue();
	}

	private AuditTrail start(AuditTrail.Mode mode, int queueCapacity) {
		AuditTrail started = trail(mode, queueCapacity);
		started.start();
		return started;
	}

	private AuditTrail trail(AuditTrail.Mode mode, int queueCapacity) {
		AuditTrail.Settings settings = new AuditTrail.Settings(mode, queueCapacity, 50, Duration.ofMillis(20),
				Duration.ofMillis(200), Duration.ofSeconds(10));
		ArgumentRedactor redactor = new ArgumentRedactor(List.of("password"), 8192, JSON);
		return new AuditTrail(this.store, new AuditSpool(this.spoolDirectory, JSON), new AuditRecordFactory(redactor),
				new AuditLogger(), settings);
	}

	private void call(int count) {
		for (int i = 0; i < count; i++) {
			ToolCallEvent event = AuditTestData.event("ping", Map.of("n", i), Outcome.OK);
			this.trail.onToolCall(event);
		}
	}

	private long rows() {
		return this.jdbc.sql("SELECT count(*) FROM mcp_guard_audit").query(Long.class).single();
	}

	private long spoolFileCount() {
		try (Stream<Path> files = Files.list(this.spoolDirectory)) {
			return files.filter((file) -> file.getFileName().toString().startsWith("audit-")).count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
