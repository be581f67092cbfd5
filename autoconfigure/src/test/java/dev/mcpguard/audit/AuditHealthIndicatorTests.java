package dev.mcpguard.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.mcpguard.pipeline.ArgumentRedactor;
import dev.mcpguard.pipeline.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AuditHealthIndicatorTests {

	private static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

	@TempDir
	Path directory;

	private final DataSource h2 = AuditTestData.migratedH2();

	private final AuditTestData.SwitchableDataSource database = new AuditTestData.SwitchableDataSource(this.h2);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private AuditTrail trail;

	@AfterEach
	void stop() {
		if (this.trail != null) {
			this.trail.stop();
		}
	}

	@Test
	void whenTheDatabaseIsAwayThenDegradedUntilTheSpoolIsReplayedAndNothingCountsAsLost() {
		this.trail = start(AuditTrail.Mode.ASYNC, this.directory.resolve("spool"));
		AuditHealthIndicator health = new AuditHealthIndicator(this.trail, 100);
		call(3);
		assertThat(this.trail.flush(Duration.ofSeconds(10))).isTrue();
		assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);

		this.database.down();
		call(5);
		assertThat(this.trail.flush(Duration.ofSeconds(10))).isTrue();
		Health degraded = health.health(true);
		assertThat(degraded.getStatus()).isEqualTo(AuditHealthIndicator.DEGRADED);
		assertThat(degraded.getDetails()).containsEntry("spooling", true).containsEntry("spooled", 5L);

		this.database.up();
		await().atMost(Duration.ofSeconds(20)).until(() -> health.health(true).getStatus().equals(Status.UP));
		assertThat(health.health(true).getDetails()).containsEntry("replayed", 5L).containsEntry("lost", 0L);
		assertThat(rows()).isEqualTo(8);
		assertThat(this.registry.get("mcp.guard.audit.spooled").functionCounter().count()).isEqualTo(5);
		assertThat(this.registry.get("mcp.guard.audit.replayed").functionCounter().count()).isEqualTo(5);
		assertThat(this.registry.get("mcp.guard.audit.written").functionCounter().count()).isEqualTo(8);
		assertThat(this.registry.get("mcp.guard.audit.lost").functionCounter().count()).isZero();
		assertThat(this.registry.get("mcp.guard.audit.batch.size").summary().totalAmount()).isEqualTo(8);
		assertThat(this.registry.get("mcp.guard.audit.write").timer().count()).isPositive();
		assertThat(this.registry.get("mcp.guard.audit.queue.depth").gauge().value()).isZero();
	}

	@Test
	void whenAnEventReachesNeitherTheDatabaseNorTheSpoolThenDown() throws Exception {
		// a file where the spool directory should be: the spool cannot write
		Path notADirectory = Files.writeString(this.directory.resolve("spool"), "not a directory");
		this.trail = start(AuditTrail.Mode.STRICT, notADirectory);
		AuditHealthIndicator health = new AuditHealthIndicator(this.trail, 100);
		this.database.down();
		call(1);
		Health down = health.health(true);
		assertThat(down.getStatus()).isEqualTo(Status.DOWN);
		assertThat(down.getDetails()).containsEntry("lost", 1L);
		assertThat(this.registry.get("mcp.guard.audit.lost").functionCounter().count()).isEqualTo(1);
	}

	@Test
	void whenTheDatabaseRefusedARecordThenDegradedWithTheRejectedCount() {
		this.trail = start(AuditTrail.Mode.STRICT, this.directory.resolve("spool"));
		AuditHealthIndicator health = new AuditHealthIndicator(this.trail, 100);
		call(1);
		assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
		// the factory keeps every field within its column: a refusal comes from the database (FailoverAuditSinkTests)
		this.trail.counters().rejected.incrementAndGet();
		Health degraded = health.health(true);
		assertThat(degraded.getStatus()).isEqualTo(AuditHealthIndicator.DEGRADED);
		assertThat(degraded.getDetails()).containsEntry("written", 1L).containsEntry("rejected", 1L);
		assertThat(this.registry.get("mcp.guard.audit.rejected").functionCounter().count()).isEqualTo(1);
	}

	private AuditTrail start(AuditTrail.Mode mode, Path spool) {
		AuditTrail.Settings settings = new AuditTrail.Settings(mode, 100, 50, Duration.ofMillis(20),
				Duration.ofMillis(200), Duration.ofSeconds(10));
		ArgumentRedactor redactor = new ArgumentRedactor(List.of("password"), 8192, JSON);
		AuditTrail started = new AuditTrail(new JdbcAuditStore(this.database), new AuditSpool(spool, JSON),
				new AuditRecordFactory(redactor), null, settings);
		new AuditMetrics(started).bindTo(this.registry);
		started.start();
		return started;
	}

	private void call(int count) {
		for (int i = 0; i < count; i++) {
			this.trail.onToolCall(AuditTestData.event("ping", Map.of("n", i), Outcome.OK));
		}
	}

	private long rows() {
		return JdbcClient.create(this.h2).sql("SELECT count(*) FROM mcp_guard_audit").query(Long.class).single();
	}

}
