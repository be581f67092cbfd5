package dev.mcpguard.protocol;

import java.util.function.Predicate;

/**
 * The characters Spring Security's {@code StrictHttpFirewall} allows in header names and values (assigned Unicode
 * code points that are not control characters; a tab too in values), checked by a loop instead of a regular
 * expression. The firewall checks each header the application reads, and the MCP transport reads every header of
 * every request: the regular expressions were a measurable part of a {@code tools/call}.
 */
public final class HeaderCharacters {

	/** Allowed header names: no control characters, no unassigned code points. */
	public static final Predicate<String> NAMES = (name) -> allowed(name, false);

	/** Allowed header values: as names, and tabs. */
	public static final Predicate<String> VALUES = (value) -> allowed(value, true);

	private HeaderCharacters() {
	}

	private static boolean allowed(String text, boolean tab) {
		int i = 0;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (c >= 0x20 && c < 0x7F) {
				// printable ASCII: always assigned, never a control character
				i++;
				continue;
			}
			int codePoint = text.codePointAt(i);
			if (Character.getType(codePoint) == Character.UNASSIGNED
					|| (Character.isISOControl(codePoint) && !(tab && codePoint == '\t'))) {
				return false;
			}
			i += Character.charCount(codePoint);
		}
		return true;
	}

}
