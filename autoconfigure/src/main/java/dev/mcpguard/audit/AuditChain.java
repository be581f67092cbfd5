package dev.mcpguard.audit;

import dev.mcpguard.auth.TokenHashes;
import org.jspecify.annotations.Nullable;

/**
 * The hash chain of the audit trail: each row's hash is {@code SHA-256(previous hash || canonical content)}, where
 * the canonical content is every stored field of the row, its sequence number included, each written as
 * {@code <length>:<text>|} (or {@code ~|} for none) so that no two different rows have the same content. Changing,
 * removing or reordering a row breaks the link to the next one.
 */
public final class AuditChain {

	/** The previous hash of the first row ever written. */
	public static final String GENESIS = "0".repeat(64);

	private AuditChain() {
	}

	/**
	 * The hash of a row.
	 * @param previousHash the hash of the row before it, or {@link #GENESIS}
	 * @param seq the row's sequence number
	 * @param record the row's content
	 * @return the hash, 64 lower-case hex digits
	 */
	public static String hash(String previousHash, long seq, AuditRecord record) {
		// Built in one buffer: the same text as previousHash + canonical(seq, record), one copy fewer per row.
		StringBuilder text = new StringBuilder(previousHash.length() + 256).append(previousHash);
		return TokenHashes.sha256Hex(canonical(text, seq, record).toString());
	}

	/**
	 * The canonical content of a row, as hashed.
	 * @param seq the row's sequence number
	 * @param record the row's content
	 * @return the canonical text
	 */
	public static String canonical(long seq, AuditRecord record) {
		return canonical(new StringBuilder(256), seq, record).toString();
	}

	private static StringBuilder canonical(StringBuilder text, long seq, AuditRecord record) {
		field(text, Long.toString(seq));
		field(text, record.id());
		field(text, record.time().toString());
		field(text, record.principal());
		field(text, record.authMethod());
		field(text, record.sessionId());
		field(text, record.clientIp());
		field(text, record.tool());
		field(text, record.arguments());
		field(text, record.outcome().name());
		field(text, record.message());
		field(text, Long.toString(record.durationMs()));
		field(text, record.approvalId());
		field(text, record.traceId());
		return text;
	}

	private static void field(StringBuilder text, @Nullable String value) {
		if (value == null) {
			text.append("~|");
		}
		else {
			text.append(value.length()).append(':').append(value).append('|');
		}
	}

	/**
	 * Checks a chain row by row, in sequence order, from a known starting point.
	 */
	public static final class Verifier {

		private long expectedSeq;

		private String previousHash;

		private long checked;

		private ChainVerification.@Nullable BrokenLink broken;

		/**
		 * Start a verification.
		 * @param startSeq the sequence number of the last row before the first one to check (0, or the last purged)
		 * @param startHash that row's hash ({@link #GENESIS} when nothing was purged)
		 */
		public Verifier(long startSeq, String startHash) {
			this.expectedSeq = startSeq + 1;
			this.previousHash = startHash;
		}

		/**
		 * Check the next row.
		 * @param row the row as stored
		 * @return {@code false} once a broken link is found; later rows are not checked
		 */
		public boolean check(StoredAuditRecord row) {
			if (this.broken != null) {
				return false;
			}
			if (row.seq() != this.expectedSeq) {
				return fail(row, (row.seq() > this.expectedSeq)
						? "rows " + this.expectedSeq + " to " + (row.seq() - 1) + " are missing"
						: "sequence number repeats or goes back (expected " + this.expectedSeq + ")");
			}
			if (!row.prevHash().equals(this.previousHash)) {
				return fail(row, "previous hash does not match the hash of row " + (row.seq() - 1));
			}
			if (!hash(row.prevHash(), row.seq(), row.record()).equals(row.hash())) {
				return fail(row, "content does not match its hash (the row was changed)");
			}
			this.checked++;
			this.expectedSeq++;
			this.previousHash = row.hash();
			return true;
		}

		/**
		 * Compare the end of the chain with the chain head.
		 * @param lastSeq the sequence number the chain head records
		 * @param lastHash the hash the chain head records
		 */
		public void checkHead(long lastSeq, String lastHash) {
			if (this.broken != null) {
				return;
			}
			long lastChecked = this.expectedSeq - 1;
			if (lastChecked != lastSeq) {
				this.broken = new ChainVerification.BrokenLink(lastChecked + 1, null,
						"rows " + (lastChecked + 1) + " to " + lastSeq + " are missing (the chain head is at " + lastSeq + ")");
			}
			else if (!lastHash.equals(this.previousHash)) {
				this.broken = new ChainVerification.BrokenLink(lastSeq, null, "the chain head's hash does not match row " + lastSeq);
			}
		}

		/**
		 * The number of rows checked and found intact.
		 * @return the count
		 */
		public long checked() {
			return this.checked;
		}

		/**
		 * The sequence number of the last intact row.
		 * @return the sequence number
		 */
		public long lastSeq() {
			return this.expectedSeq - 1;
		}

		/**
		 * The first broken link found.
		 * @return the broken link, or {@code null} if none so far
		 */
		public ChainVerification.@Nullable BrokenLink broken() {
			return this.broken;
		}

		private boolean fail(StoredAuditRecord row, String reason) {
			this.broken = new ChainVerification.BrokenLink(row.seq(), row.record().id(), reason);
			return false;
		}

	}

}
