package dev.mcpguard.pipeline;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the one rule for client text in log lines.
 */
class LogTextTests {

	@Test
	void whenTextBreaksLinesThenEachBreakBecomesAVisibleEscape() {
		assertThat(LogText.safe("evil\nINFO forged")).isEqualTo("evil\\nINFO forged");
		assertThat(LogText.safe("a\r\nb\tc")).isEqualTo("a\\r\\nb\\tc");
		assertThat(LogText.safe("line\u2028separator\u2029paragraph")).isEqualTo("line\\u2028separator\\u2029paragraph");
		assertThat(LogText.safe("next\u0085line")).isEqualTo("next\\u0085line");
	}

	@Test
	void whenTextHoldsOtherControlCharactersThenTheyAreEscapedToo() {
		assertThat(LogText.safe("nul\u0000bell\u0007esc\u001b[31mdel\u007fcsi\u009b")).isEqualTo(
				"nul\\u0000bell\\u0007esc\\u001B[31mdel\\u007Fcsi\\u009B");
	}

	@Test
	void whenTextHoldsACredentialThenItIsMaskedAndTheRestKept() {
		assertThat(LogText.safe("refused Authorization: Bearer abcdefghijklmnopqrstuvwx\nINFO forged"))
			.isEqualTo("refused Authorization: Bearer ***\\nINFO forged");
		assertThat(LogText.safe("from postgres://shop:Tr0ub4dor-3@db:5432/shop")).isEqualTo("from postgres://shop:***@db:5432/shop");
	}

	@Test
	void whenTextIsSafeThenItIsLoggedAsItIs() {
		for (String text : List.of("session 0b6c2a4e-8a1f-4f61-9d5a-2f0d3c1b7e90", "/mcp", "127.0.0.1", "Müller",
				"C:\\temp\\new", "", "order 42 shipped")) {
			assertThat(LogText.safe(text)).as(text).isSameAs(text);
			assertThat(LogText.isSafe(text)).as(text).isTrue();
		}
	}

	@Test
	void whenValueIsNotAStringThenItsStringFormIsMadeSafe() {
		assertThat(LogText.safe(null)).isEqualTo("null");
		assertThat(LogText.safe(new IllegalStateException("bad\nline"))).isEqualTo("java.lang.IllegalStateException: bad\\nline");
	}

	@Test
	void unsafeCharactersAreTheControlCharactersAndTheLineSeparators() {
		for (char c : new char[] { '\n', '\r', '\t', '\u0000', '\u001f', '\u007f', '\u0080', '\u0085', '\u009f', '\u2028',
				'\u2029' }) {
			assertThat(LogText.isUnsafe(c)).as("U+%04X", (int) c).isTrue();
		}
		for (char c : new char[] { ' ', 'a', '~', '\u00a0', '\u00e9', '\u2027', '\u202a', '\ufeff' }) {
			assertThat(LogText.isUnsafe(c)).as("U+%04X", (int) c).isFalse();
		}
		assertThat(LogText.isSafe("two\nlines")).isFalse();
	}

}
