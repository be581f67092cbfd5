package dev.mcpguard.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * SHA-256 hashing of bearer tokens (and the one SHA-256 hex helper of MCP Guard, also used for approval arguments
 * and the audit hash chain). Tokens are long random secrets, so a fast hash looked up in a map is safe,
 * and it keeps the per-request cost at about a microsecond (a password hash would cost milliseconds).
 */
public final class TokenHashes {

	/** Prefix of a configured token hash. */
	public static final String SHA256_PREFIX = "sha256:";

	/** How every token MCP Guard issues begins ({@link #newToken()}): no other token is looked up in its database. */
	public static final String ISSUED_PREFIX = "mcpg_";

	private static final SecureRandom RANDOM = new SecureRandom();

	// MessageDigest.getInstance looks the provider up each time: one digest per thread, reused.
	private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(TokenHashes::newDigest);

	private TokenHashes() {
	}

	/**
	 * The lower-case hex SHA-256 of a text's UTF-8 bytes, such as a raw token.
	 * @param token the text
	 * @return 64 hex digits
	 */
	public static String sha256Hex(String token) {
		MessageDigest digest = SHA256.get();
		digest.reset();
		return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
	}

	private static MessageDigest newDigest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/**
	 * Parse a configured {@code sha256:<hex>} hash.
	 * @param configured the configured value
	 * @return the lower-case hex digest
	 * @throws IllegalArgumentException if the value is not a well-formed SHA-256 hash
	 */
	public static String parseConfiguredHash(String configured) {
		String value = configured.trim();
		if (!value.regionMatches(true, 0, SHA256_PREFIX, 0, SHA256_PREFIX.length())) {
			throw new IllegalArgumentException("A token hash must start with '" + SHA256_PREFIX + "'");
		}
		String hex = value.substring(SHA256_PREFIX.length()).toLowerCase(Locale.ROOT);
		if (hex.length() != 64 || !hex.chars().allMatch((c) -> Character.digit(c, 16) >= 0)) {
			throw new IllegalArgumentException("A token hash must be '" + SHA256_PREFIX + "' followed by 64 hex digits");
		}
		return hex;
	}

	/**
	 * Compare two hex digests in constant time.
	 * @param a a digest
	 * @param b another digest
	 * @return whether they are equal
	 */
	public static boolean matches(String a, String b) {
		return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * A new random token: 32 bytes from a {@link SecureRandom}, URL-safe Base64, with a recognisable prefix so
	 * leaked tokens can be found by secret scanners.
	 * @return a new token
	 */
	public static String newToken() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return ISSUED_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
