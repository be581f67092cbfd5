package dev.mcpguard.audit;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CheckpointSignerTests {

	private static final String KEY = "unit-test-checkpoint-key-0123456789abcdef";

	private static final String HASH = "a".repeat(64);

	private final CheckpointSigner signer = new CheckpointSigner(KEY, "k1");

	@Test
	void aCheckpointIsAuthenticOnlyUnderItsKeyAndUnchanged() {
		AuditCheckpoint checkpoint = this.signer.sign(42, HASH, Instant.parse("2026-12-07T10:00:00.123Z"));
		assertThat(this.signer.isAuthentic(checkpoint)).isTrue();
		assertThat(this.signer.isAuthentic(AuditCheckpoint.parse("prefix " + checkpoint.toLogText()))).isTrue();
		assertThat(new CheckpointSigner(KEY + "x", "k1").isAuthentic(checkpoint)).as("another key").isFalse();
		assertThat(this.signer.isAuthentic(new AuditCheckpoint(43, HASH, checkpoint.time(), "k1", checkpoint.signature())))
			.as("another row")
			.isFalse();
		assertThat(this.signer.isAuthentic(new AuditCheckpoint(42, "b".repeat(64), checkpoint.time(), "k1",
				checkpoint.signature()))).as("another hash").isFalse();
	}

	@Test
	void aShortKeyIsRefusedAndTheKeyIsNeverShown() {
		assertThatIllegalArgumentException().isThrownBy(() -> new CheckpointSigner("too-short", "k1"))
			.withMessageContaining("mcp.guard.audit.checkpoint.key")
			.withMessageNotContaining("too-short");
		assertThat(this.signer.toString()).doesNotContain(KEY);
		assertThat(this.signer.sign(1, HASH, Instant.now()).toString()).doesNotContain(KEY);
	}

}
