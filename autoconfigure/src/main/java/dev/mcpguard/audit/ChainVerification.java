package dev.mcpguard.audit;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The result of checking the audit hash chain.
 *
 * @param valid whether every row from the oldest kept one to the chain head is intact
 * @param checked the number of rows found intact
 * @param firstSeq the sequence number where the check started (the oldest row kept)
 * @param lastSeq the sequence number of the chain head when the check started
 * @param brokenAt the first broken link, if any
 * @param checkpoints the number of signed checkpoints the chain was compared with
 * @param ignored per key id, how many checkpoints were left out because they were signed under another key id than
 * the configured one (empty when none)
 */
public record ChainVerification(boolean valid, long checked, long firstSeq, long lastSeq, @Nullable BrokenLink brokenAt,
		int checkpoints, Map<String, Integer> ignored) {

	/**
	 * A result without checkpoints left out.
	 * @param valid whether every row from the oldest kept one to the chain head is intact
	 * @param checked the number of rows found intact
	 * @param firstSeq the sequence number where the check started (the oldest row kept)
	 * @param lastSeq the sequence number of the chain head when the check started
	 * @param brokenAt the first broken link, if any
	 * @param checkpoints the number of signed checkpoints the chain was compared with
	 */
	public ChainVerification(boolean valid, long checked, long firstSeq, long lastSeq, @Nullable BrokenLink brokenAt,
			int checkpoints) {
		this(valid, checked, firstSeq, lastSeq, brokenAt, checkpoints, Map.of());
	}

	/**
	 * This result, with the checkpoints left out under other key ids.
	 * @param ignored per key id, how many were left out
	 * @return the result
	 */
	public ChainVerification withIgnored(Map<String, Integer> ignored) {
		return new ChainVerification(this.valid, this.checked, this.firstSeq, this.lastSeq, this.brokenAt,
				this.checkpoints, Map.copyOf(ignored));
	}

	/**
	 * A result without signed checkpoints.
	 * @param valid whether every row from the oldest kept one to the chain head is intact
	 * @param checked the number of rows found intact
	 * @param firstSeq the sequence number where the check started (the oldest row kept)
	 * @param lastSeq the sequence number of the chain head when the check started
	 * @param brokenAt the first broken link, if any
	 */
	public ChainVerification(boolean valid, long checked, long firstSeq, long lastSeq, @Nullable BrokenLink brokenAt) {
		this(valid, checked, firstSeq, lastSeq, brokenAt, 0);
	}

	/**
	 * Where the chain breaks.
	 *
	 * @param seq the sequence number of the first row that fails the check
	 * @param id that row's id, if the row exists
	 * @param reason what is wrong
	 */
	public record BrokenLink(long seq, @Nullable String id, String reason) {

	}

}
