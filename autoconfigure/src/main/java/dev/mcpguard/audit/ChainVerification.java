package dev.mcpguard.audit;

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
 */
public record ChainVerification(boolean valid, long checked, long firstSeq, long lastSeq, @Nullable BrokenLink brokenAt,
		int checkpoints) {

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
