package dev.mcpguard.audit;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AuditCheckpoints} on H2 in PostgreSQL mode.
 */
class AuditCheckpointsTests {

	private static final String KEY = "unit-test-checkpoint-key-0123456789abcdef";

	private final DataSource dataSource = AuditTestData.migratedH2();

	private final JdbcAuditStore store = new JdbcAuditStore(this.dataSource);

	private AuditCheckpoints checkpoints(Duration interval) {
		return checkpoints(interval, "k1");
	}

	private AuditCheckpoints checkpoints(Duration interval, String keyId) {
		return new AuditCheckpoints(this.dataSource, this.store, new CheckpointSigner(KEY, keyId), interval,
				Clock.systemUTC(), ThreadPoolTaskScheduler::new);
	}

	@Test
	void withIntervalZeroTheHeadIsStillSignedAtShutdown() {
		AuditCheckpoints checkpoints = checkpoints(Duration.ZERO);
		checkpoints.start();
		assertThat(checkpoints.isRunning()).isTrue();
		this.store.append(List.of(AuditTestData.record("a"), AuditTestData.record("b")));
		checkpoints.stop();
		assertThat(checkpoints.isRunning()).isFalse();
		assertThat(checkpoints.stored(10)).singleElement().satisfies((checkpoint) -> {
			assertThat(checkpoint.seq()).isEqualTo(2);
			assertThat(checkpoint.keyId()).isEqualTo("k1");
		});
	}

	@Test
	void aStopWithoutStartSignsNothing() {
		AuditCheckpoints checkpoints = checkpoints(Duration.ZERO);
		this.store.append(List.of(AuditTestData.record("a")));
		checkpoints.stop();
		assertThat(checkpoints.stored(10)).isEmpty();
	}

	@Test
	void withAnIntervalTheHeadIsSignedAtShutdown() {
		AuditCheckpoints checkpoints = checkpoints(Duration.ofHours(1));
		checkpoints.start();
		assertThat(checkpoints.isRunning()).isTrue();
		this.store.append(List.of(AuditTestData.record("a")));
		checkpoints.stop();
		assertThat(checkpoints.isRunning()).isFalse();
		assertThat(checkpoints.stored(10)).singleElement().satisfies((checkpoint) -> assertThat(checkpoint.seq()).isEqualTo(1));
	}

	@Test
	void anInstanceThatFindsTheHeadSignedAlreadySignsNothing() {
		AuditCheckpoints first = checkpoints(Duration.ZERO, "k1");
		AuditCheckpoints second = checkpoints(Duration.ZERO, "k2");
		first.start();
		second.start();
		this.store.append(List.of(AuditTestData.record("a")));
		first.stop();
		second.stop();
		assertThat(checkpoints(Duration.ZERO).stored(10)).singleElement()
			.satisfies((checkpoint) -> assertThat(checkpoint.keyId()).isEqualTo("k1"));
		ChainVerification verification = second.verify(List.of());
		assertThat(verification.checkpoints()).as("the second instance signed nothing").isZero();
		assertThat(verification.ignored()).containsExactly(Map.entry("k1", 1));
	}

	@Test
	void signingAHeadStoredAlreadyKeepsTheStoredCheckpoint() {
		this.store.append(List.of(AuditTestData.record("a")));
		AuditCheckpoint stored = checkpoints(Duration.ZERO, "k1").signHead();
		AuditCheckpoint again = checkpoints(Duration.ZERO, "k2").signHead();
		assertThat(again).isNotNull();
		assertThat(checkpoints(Duration.ZERO).stored(10)).containsExactly(stored);
	}

}
