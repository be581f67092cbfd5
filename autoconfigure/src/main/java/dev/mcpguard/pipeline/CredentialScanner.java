package dev.mcpguard.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Finds credentials inside a text by their shape and masks only them, so the words around a key stay readable:
 * <ul>
 * <li>provider keys with a well-known prefix ({@code sk-}, {@code sk_live_}, {@code rk_}, {@code ghp_} and the other
 * GitHub prefixes, {@code github_pat_}, {@code glpat-}, {@code xoxb-} and the other Slack prefixes, {@code AIza},
 * {@code hf_}, {@code npm_}, MCP Guard's {@code mcpg_}) followed by at least 16 key characters with a digit among
 * them, and access key ids ({@code AKIA}/{@code ASIA} and 16 upper-case letters or digits);</li>
 * <li>the credential after {@code Bearer} and after {@code Basic} (the latter only when it decodes to
 * {@code user:password});</li>
 * <li>JWTs;</li>
 * <li>the body of a PEM private key block ({@code -----BEGIN ... PRIVATE KEY-----});</li>
 * <li>the password of a URL ({@code scheme://user:password@host});</li>
 * <li>words that are one of the server's {@link KnownSecrets}.</li>
 * </ul>
 * Most shapes are found in one pass over the words of the text, without regular expressions; the two that need one
 * (PEM blocks, URLs) are looked for only when the text holds their marker. A text without a credential is returned
 * as it is, and scanning it allocates nothing (unless a long word has to be checked against the known secrets).
 */
final class CredentialScanner {

	private static final String MASK = ArgumentRedactor.MASK;

	/** Shortest word that can be a credential (a Basic credential of "a:bcdef"). */
	private static final int MIN_WORD = 8;

	/** Shortest word checked against the known secrets (MCP Guard refuses shorter static tokens). */
	private static final int MIN_KNOWN = 16;

	/** Fewest key characters after a provider prefix. */
	private static final int MIN_KEY_BODY = 16;

	private static final String[] KEY_PREFIXES = { "sk-", "sk_", "rk_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_",
			"github_pat_", "glpat-", "xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xapp-", "AIza", "hf_", "npm_",
			"mcpg_" };

	private static final String PEM_MARKER = "PRIVATE KEY-----";

	private static final Pattern PEM_PRIVATE_KEY = Pattern.compile(
			"-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----(.*?)(?:-----END [A-Z0-9 ]{0,40}PRIVATE KEY-----|\\z)",
			Pattern.DOTALL);

	private static final Pattern URL_PASSWORD = Pattern.compile("\\b[A-Za-z][A-Za-z0-9+.-]{0,31}://[^\\s/?#@:]*:([^\\s/?#@]+)@");

	private CredentialScanner() {
	}

	/**
	 * The text with each credential in it replaced by {@value ArgumentRedactor#MASK}.
	 * @param text the text
	 * @param known the server's own secrets
	 * @return the masked text, or the text itself if it holds no credential
	 */
	static String mask(String text, KnownSecrets known) {
		Spans spans = find(text, known);
		return (spans != null) ? spans.applyTo(text) : text;
	}

	/**
	 * Whether a text holds a credential of a recognised shape.
	 * @param text the text
	 * @return {@code true} if {@link #mask} would change it, known secrets aside
	 */
	static boolean contains(String text) {
		return find(text, KnownSecrets.NONE) != null;
	}

	private static @Nullable Spans find(String text, KnownSecrets known) {
		if (text.length() < MIN_WORD) {
			return null;
		}
		Spans spans = null;
		if (text.contains(PEM_MARKER)) {
			spans = addGroups(PEM_PRIVATE_KEY.matcher(text), spans);
		}
		int scheme = text.indexOf("://");
		if (scheme > 0 && text.indexOf('@', scheme) > 0) {
			spans = addGroups(URL_PASSWORD.matcher(text), spans);
		}
		int n = text.length();
		int previousStart = -1;
		int previousEnd = -1;
		int i = 0;
		while (i < n) {
			int skipTo = (spans != null) ? spans.endOfSpanAt(i) : -1;
			if (skipTo > i) {
				// inside a PEM block: its words are masked already
				i = skipTo;
				previousStart = -1;
				continue;
			}
			if (!isWordChar(text.charAt(i))) {
				i++;
				continue;
			}
			int start = i;
			while (i < n && isWordChar(text.charAt(i))) {
				i++;
			}
			while (i < n && text.charAt(i) == '=') {
				i++;
			}
			int end = i;
			while (end > start && text.charAt(end - 1) == '.') {
				// the full stop of a sentence
				end--;
			}
			if (end - start >= MIN_WORD) {
				spans = classify(text, start, end, afterScheme(text, previousStart, previousEnd, start), known, spans);
			}
			previousStart = start;
			previousEnd = i;
		}
		return spans;
	}

	private static @Nullable Spans classify(String text, int start, int end, @Nullable Scheme scheme, KnownSecrets known,
			@Nullable Spans spans) {
		if (scheme == Scheme.BEARER && isBearerToken(text, start, end)) {
			return Spans.add(spans, start, end);
		}
		if (scheme == Scheme.BASIC && isBasicCredential(text, start, end)) {
			return Spans.add(spans, start, end);
		}
		long shaped = shapedCredential(text, start, end);
		if (shaped >= 0) {
			return Spans.add(spans, (int) (shaped >>> 32), (int) shaped);
		}
		return (known != KnownSecrets.NONE && end - start >= MIN_KNOWN) ? knownSecrets(text, start, end, known, spans) : spans;
	}

	// The range of a provider key, access key id or JWT in the word, as (start << 32 | end), or -1.
	private static long shapedCredential(String text, int start, int end) {
		for (String prefix : KEY_PREFIXES) {
			if (text.startsWith(prefix, start)) {
				int bodyStart = start + prefix.length();
				int bodyEnd = endOfRun(text, bodyStart, end);
				if (bodyEnd - bodyStart >= MIN_KEY_BODY && hasDigit(text, bodyStart, bodyEnd)) {
					return span(start, bodyEnd);
				}
			}
		}
		if (end - start == 20 && (text.startsWith("AKIA", start) || text.startsWith("ASIA", start))
				&& isUpperCaseOrDigits(text, start + 4, end)) {
			return span(start, end);
		}
		return jwt(text, start, end);
	}

	// "eyJ" (a base64url JSON header) and two more segments, or three long base64url segments in a row.
	private static long jwt(String text, int start, int end) {
		int first = start;
		int longSegments = 0;
		int i = start;
		while (i <= end) {
			int segmentEnd = endOfRun(text, i, end);
			boolean jwtHeader = text.startsWith("eyJ", i) && segmentEnd - i >= 7;
			if (jwtHeader && segmentEnd < end && text.charAt(segmentEnd) == '.') {
				int payloadEnd = endOfRun(text, segmentEnd + 1, end);
				if (payloadEnd - segmentEnd - 1 >= 4 && payloadEnd < end && text.charAt(payloadEnd) == '.') {
					return span(i, endOfRun(text, payloadEnd + 1, end));
				}
			}
			if (segmentEnd - i >= 16) {
				if (longSegments++ == 0) {
					first = i;
				}
				if (longSegments == 3) {
					return span(first, segmentEnd);
				}
			}
			else {
				longSegments = 0;
			}
			if (segmentEnd >= end || text.charAt(segmentEnd) != '.') {
				// a segment ends at a character other than a dot: start again after it
				longSegments = 0;
			}
			i = segmentEnd + 1;
		}
		return -1;
	}

	private static long span(int start, int end) {
		return ((long) start << 32) | end;
	}

	private static @Nullable Spans knownSecrets(String text, int start, int end, KnownSecrets known, @Nullable Spans spans) {
		if (known.contains(text.substring(start, end))) {
			return Spans.add(spans, start, end);
		}
		// a token inside a longer word, such as a path or "a.b": the runs of token characters
		int i = start;
		while (i < end) {
			int runEnd = endOfRun(text, i, end);
			if (runEnd - i >= MIN_KNOWN && (i > start || runEnd < end) && known.contains(text.substring(i, runEnd))) {
				spans = Spans.add(spans, i, runEnd);
			}
			i = runEnd + 1;
		}
		return spans;
	}

	private static @Nullable Spans addGroups(Matcher matcher, @Nullable Spans spans) {
		while (matcher.find()) {
			if (matcher.end(1) > matcher.start(1)) {
				spans = Spans.add(spans, matcher.start(1), matcher.end(1));
			}
		}
		return spans;
	}

	private static @Nullable Scheme afterScheme(String text, int previousStart, int previousEnd, int start) {
		if (previousStart < 0 || previousEnd >= start) {
			return null;
		}
		for (int i = previousEnd; i < start; i++) {
			char c = text.charAt(i);
			if (c != ' ' && c != '\t') {
				return null;
			}
		}
		int length = previousEnd - previousStart;
		if (length == 6 && text.regionMatches(true, previousStart, "bearer", 0, 6)) {
			return Scheme.BEARER;
		}
		if (length == 5 && text.regionMatches(true, previousStart, "basic", 0, 5)) {
			return Scheme.BASIC;
		}
		return null;
	}

	// A bearer token is long, or has something besides letters: "Bearer instrument" stays.
	private static boolean isBearerToken(String text, int start, int end) {
		if (end - start >= 16) {
			return true;
		}
		for (int i = start; i < end; i++) {
			if (!Character.isLetter(text.charAt(i))) {
				return true;
			}
		}
		return false;
	}

	// Only what decodes to "user:password" in printable characters: "Basic instructions" stays.
	private static boolean isBasicCredential(String text, int start, int end) {
		int padding = 0;
		while (padding < 2 && end - padding > start && text.charAt(end - padding - 1) == '=') {
			padding++;
		}
		int data = end - start - padding;
		if (data % 4 == 1 || (padding > 0 && (data + padding) % 4 != 0)) {
			return false;
		}
		for (int i = start; i < start + data; i++) {
			char c = text.charAt(i);
			if (!(isAsciiLetterOrDigit(c) || c == '+' || c == '/')) {
				return false;
			}
		}
		byte[] decoded = Base64.getDecoder().decode(text.substring(start, end));
		boolean colon = false;
		for (byte b : decoded) {
			if (b >= 0 && b < 0x20 || b == 0x7f) {
				return false;
			}
			colon |= b == ':';
		}
		return colon && new String(decoded, StandardCharsets.UTF_8).indexOf('\uFFFD') < 0;
	}

	private static int endOfRun(String text, int from, int limit) {
		int i = from;
		while (i < limit && isKeyChar(text.charAt(i))) {
			i++;
		}
		return i;
	}

	private static boolean hasDigit(String text, int start, int end) {
		for (int i = start; i < end; i++) {
			char c = text.charAt(i);
			if (c >= '0' && c <= '9') {
				return true;
			}
		}
		return false;
	}

	private static boolean isUpperCaseOrDigits(String text, int start, int end) {
		for (int i = start; i < end; i++) {
			char c = text.charAt(i);
			if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
				return false;
			}
		}
		return true;
	}

	private static boolean isWordChar(char c) {
		return isKeyChar(c) || c == '.' || c == '~' || c == '+' || c == '/';
	}

	private static boolean isKeyChar(char c) {
		return isAsciiLetterOrDigit(c) || c == '-' || c == '_';
	}

	private static boolean isAsciiLetterOrDigit(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	}

	private enum Scheme {

		BEARER, BASIC

	}

	/**
	 * The ranges to mask, kept sorted; created on the first credential found.
	 */
	private static final class Spans {

		private int[] bounds = new int[8];

		private int size;

		static Spans add(@Nullable Spans spans, int start, int end) {
			Spans target = (spans != null) ? spans : new Spans();
			target.insert(start, end);
			return target;
		}

		private void insert(int start, int end) {
			if (this.size == this.bounds.length) {
				this.bounds = Arrays.copyOf(this.bounds, this.size * 2);
			}
			int at = this.size;
			while (at > 0 && this.bounds[at - 2] > start) {
				at -= 2;
			}
			System.arraycopy(this.bounds, at, this.bounds, at + 2, this.size - at);
			this.bounds[at] = start;
			this.bounds[at + 1] = end;
			this.size += 2;
		}

		int endOfSpanAt(int index) {
			for (int i = 0; i < this.size; i += 2) {
				if (this.bounds[i] <= index && index < this.bounds[i + 1]) {
					return this.bounds[i + 1];
				}
			}
			return -1;
		}

		String applyTo(String text) {
			StringBuilder masked = new StringBuilder(text.length());
			int copied = 0;
			int i = 0;
			while (i < this.size) {
				int start = this.bounds[i];
				int end = this.bounds[i + 1];
				i += 2;
				// overlapping or touching ranges become one mask
				while (i < this.size && this.bounds[i] <= end) {
					end = Math.max(end, this.bounds[i + 1]);
					i += 2;
				}
				masked.append(text, copied, start).append(MASK);
				copied = end;
			}
			return masked.append(text, copied, text.length()).toString();
		}

	}

}
