package dev.mcpguard.pipeline;

/**
 * Checks text that an operator enters and MCP Guard stores and shows again (principal and role names, the reason a
 * tool is switched off): letters, digits, punctuation, symbols and spaces only. Control characters (line breaks
 * included), invisible format characters (bidirectional overrides), line and paragraph separators and unassigned
 * or private code points would let such text forge log lines, hide what it says or garble a client's display.
 */
public final class PlainText {

	private PlainText() {
	}

	/**
	 * Whether a text holds visible characters and spaces only.
	 * @param text the text
	 * @return {@code true} if no character of it is a control, format, separator (other than a space), unassigned,
	 * private-use or lone surrogate character
	 */
	public static boolean isPlain(String text) {
		return check(text, true);
	}

	/**
	 * Whether a text holds visible characters only, no spaces, as a name does.
	 * @param text the text
	 * @return {@code true} if it is {@linkplain #isPlain plain} and has no space
	 */
	public static boolean isPlainWord(String text) {
		return check(text, false);
	}

	private static boolean check(String text, boolean spaces) {
		int i = 0;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (c > 0x20 && c < 0x7F) {
				i++;
				continue;
			}
			int codePoint = text.codePointAt(i);
			switch (Character.getType(codePoint)) {
				case Character.SPACE_SEPARATOR:
					if (!spaces) {
						return false;
					}
					break;
				case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
						Character.UNASSIGNED, Character.PRIVATE_USE, Character.SURROGATE:
					return false;
				default:
					break;
			}
			i += Character.charCount(codePoint);
		}
		return true;
	}

}
