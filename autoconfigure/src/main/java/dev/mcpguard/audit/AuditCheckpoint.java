package dev.mcpguard.audit;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A signed checkpoint of the audit chain: the chain head (the sequence number and hash of its last row) at a time,
 * signed with a key the database does not hold. Rows rewritten behind it, the chain head included, no longer match.
 *
 * @param seq the sequence number of the last row
 * @param hash that row's hash
 * @param time when the checkpoint was signed
 * @param keyId the name of the signing key, so keys can be rotated
 * @param signature the signature of {@link #signedText()}, hex
 */
public record AuditCheckpoint(long seq, String hash, Instant time, String keyId, String signature) {

	private static final Pattern LOG_LINE = Pattern.compile(
			"seq=(\\d+) hash=([0-9a-f]{64}) time=(\\S+) key=(\\S+) signature=([0-9a-f]+)");

	/**
	 * The text the signature covers.
	 * @return the text
	 */
	public String signedText() {
		return signedText(this.seq, this.hash, this.time, this.keyId);
	}

	static String signedText(long seq, String hash, Instant time, String keyId) {
		return "mcp-guard-audit-checkpoint:v1:" + seq + ":" + hash + ":" + time + ":" + keyId;
	}

	/**
	 * The checkpoint as the key-value text of its log line, which {@link #parse} reads back.
	 * @return the text
	 */
	public String toLogText() {
		return "seq=" + this.seq + " hash=" + this.hash + " time=" + this.time + " key=" + this.keyId + " signature="
				+ this.signature;
	}

	/**
	 * Read a checkpoint from a line that contains its log text (a log line, or a line of an export).
	 * @param line the line
	 * @return the checkpoint, or {@code null} if the line holds none
	 */
	public static @Nullable AuditCheckpoint parse(String line) {
		Matcher matcher = LOG_LINE.matcher(line);
		if (!matcher.find()) {
			return null;
		}
		return new AuditCheckpoint(Long.parseLong(matcher.group(1)), matcher.group(2), Instant.parse(matcher.group(3)),
				matcher.group(4), matcher.group(5));
	}

}
