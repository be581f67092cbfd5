package dev.mcpguard.pipeline;

import org.jspecify.annotations.Nullable;

/**
 * The one rule for text that a client controls (session ids, paths, addresses, JSON-RPC fields, tool arguments,
 * messages of exceptions they caused) on its way into a log line: every log statement of MCP Guard that carries such
 * text passes it through {@link #safe}, and the protocol check refuses such text in the fields the MCP SDK logs
 * itself ({@link #isSafe}).
 * <p>
 * Unsafe are the characters a log file or viewer may show as a line break or not at all: C0 control characters
 * (CR, LF and tab included), DEL, C1 control characters (NEL included), and the Unicode line and paragraph
 * separators. In a log line each becomes a visible escape ({@code \n}, {@code \r}, {@code \t},
 * <code>&#92;u2028</code>), so a client can neither forge a line nor hide one, and credentials in the text are masked as in
 * audit rows.
 */
public final class LogText {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private LogText() {
	}

	/**
	 * The text for a log line: unsafe characters escaped, credentials masked.
	 * @param value the text, or an object whose string form is logged
	 * @return the safe text; the string form itself when nothing needed changing
	 */
	public static String safe(@Nullable Object value) {
		String text = String.valueOf(value);
		return escape(CredentialScanner.mask(text, KnownSecrets.NONE));
	}

	/**
	 * Whether a text can go into a log line unchanged, credentials aside.
	 * @param text the text
	 * @return {@code true} if it holds no unsafe character
	 */
	public static boolean isSafe(CharSequence text) {
		return firstUnsafe(text) < 0;
	}

	/**
	 * Whether a character must not appear raw in a log line.
	 * @param c the character
	 * @return {@code true} for C0 and C1 control characters, DEL, and the line and paragraph separators
	 */
	public static boolean isUnsafe(char c) {
		return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';
	}

	private static int firstUnsafe(CharSequence text) {
		for (int i = 0; i < text.length(); i++) {
			if (isUnsafe(text.charAt(i))) {
				return i;
			}
		}
		return -1;
	}

	private static String escape(String text) {
		int first = firstUnsafe(text);
		if (first < 0) {
			return text;
		}
		StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, first);
		for (int i = first; i < text.length(); i++) {
			char c = text.charAt(i);
			if (!isUnsafe(c)) {
				escaped.append(c);
			}
			else if (c == '\n') {
				escaped.append("\\n");
			}
			else if (c == '\r') {
				escaped.append("\\r");
			}
			else if (c == '\t') {
				escaped.append("\\t");
			}
			else {
				escaped.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
					.append(HEX[c & 0xF]);
			}
		}
		return escaped.toString();
	}

}
