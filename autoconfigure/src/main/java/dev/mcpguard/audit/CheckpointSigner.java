package dev.mcpguard.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks {@link AuditCheckpoint}s with HMAC-SHA256 under a key from configuration. The key is never
 * written anywhere (not to the database, a log line, an exception or {@link #toString()}).
 */
public final class CheckpointSigner {

	/** The fewest characters a key may have: 32 random characters, about 190 bits from a base64 generator. */
	public static final int MIN_KEY_LENGTH = 32;

	private static final String ALGORITHM = "HmacSHA256";

	private final SecretKeySpec key;

	private final String keyId;

	/**
	 * Create a signer.
	 * @param key the secret key, at least {@value #MIN_KEY_LENGTH} characters
	 * @param keyId the name of the key, recorded in each checkpoint
	 */
	public CheckpointSigner(String key, String keyId) {
		if (key.length() < MIN_KEY_LENGTH) {
			throw new IllegalArgumentException("The audit checkpoint key (mcp.guard.audit.checkpoint.key) must have at least "
					+ MIN_KEY_LENGTH + " characters; generate one with: openssl rand -base64 48");
		}
		if (keyId.isBlank() || keyId.chars().anyMatch(Character::isWhitespace)) {
			throw new IllegalArgumentException("The audit checkpoint key id (mcp.guard.audit.checkpoint.key-id) must be "
					+ "a name without spaces");
		}
		this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM);
		this.keyId = keyId;
	}

	/**
	 * Sign a chain head.
	 * @param seq the sequence number of the last row
	 * @param hash that row's hash
	 * @param time the signing time
	 * @return the checkpoint
	 */
	public AuditCheckpoint sign(long seq, String hash, Instant time) {
		return new AuditCheckpoint(seq, hash, time, this.keyId, mac(AuditCheckpoint.signedText(seq, hash, time, this.keyId)));
	}

	/**
	 * Whether a checkpoint was signed with this key: its key id is this key's and its signature matches.
	 * @param checkpoint the checkpoint
	 * @return {@code true} if authentic
	 */
	public boolean isAuthentic(AuditCheckpoint checkpoint) {
		return this.keyId.equals(checkpoint.keyId()) && MessageDigest.isEqual(
				mac(checkpoint.signedText()).getBytes(StandardCharsets.US_ASCII),
				checkpoint.signature().getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * The name of the key.
	 * @return the key id
	 */
	public String keyId() {
		return this.keyId;
	}

	private String mac(String text) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

	@Override
	public String toString() {
		return "CheckpointSigner[keyId=" + this.keyId + ", key=***]";
	}

}
