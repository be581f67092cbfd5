package dev.mcpguard.audit;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Authentic signed checkpoints as fixed points of one verification: the row at each checkpoint's sequence number
 * must carry the hash that was signed. Whoever rewrites a row recomputes every later hash and the chain head (the
 * chain alone then looks intact), but cannot re-sign the checkpoints behind the head without the key.
 */
final class CheckpointAnchors {

	private final Map<Long, AuditCheckpoint> bySeq = new HashMap<>();

	private ChainVerification.@Nullable BrokenLink broken;

	CheckpointAnchors(Collection<AuditCheckpoint> checkpoints, AuditRows.Head head) {
		for (AuditCheckpoint checkpoint : checkpoints) {
			AuditCheckpoint other = this.bySeq.putIfAbsent(checkpoint.seq(), checkpoint);
			if (other != null && !other.hash().equals(checkpoint.hash())) {
				fail(checkpoint.seq(), "two signed checkpoints of row " + checkpoint.seq() + " (" + other.time() + ", "
						+ checkpoint.time() + ") differ: the chain was rewritten between them");
			}
			else if (checkpoint.seq() > head.lastSeq()) {
				fail(checkpoint.seq(), "the chain head (row " + head.lastSeq() + ") is behind the checkpoint signed at "
						+ checkpoint.time() + " (row " + checkpoint.seq() + "): rows were removed from the end");
			}
			else if (checkpoint.seq() == head.purgedSeq() && !checkpoint.hash().equals(head.purgedHash())) {
				fail(checkpoint.seq(), "the purge checkpoint does not match the checkpoint signed at " + checkpoint.time());
			}
		}
	}

	private void fail(long seq, String reason) {
		if (this.broken == null || seq < this.broken.seq()) {
			this.broken = new ChainVerification.BrokenLink(seq, null, reason);
		}
	}

	ChainVerification.@Nullable BrokenLink broken() {
		return this.broken;
	}

	int size() {
		return this.bySeq.size();
	}

	/**
	 * Compare a row, already found consistent with its predecessor, with the checkpoint of its sequence number.
	 */
	ChainVerification.@Nullable BrokenLink check(StoredAuditRecord row) {
		AuditCheckpoint checkpoint = this.bySeq.get(row.seq());
		if (checkpoint == null || checkpoint.hash().equals(row.hash())) {
			return null;
		}
		return new ChainVerification.BrokenLink(row.seq(), row.record().id(), "the row's hash differs from the checkpoint "
				+ "signed at " + checkpoint.time() + ": this row or one before it was rewritten, with every later hash");
	}

}
