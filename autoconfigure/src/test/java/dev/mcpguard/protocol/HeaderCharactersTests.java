package dev.mcpguard.protocol;

import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import org.springframework.security.web.firewall.StrictHttpFirewall;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderCharactersTests {

	@Test
	void namesAllowExactlyWhatTheFirewallAllowsForEveryCodePoint() {
		assertSameAnswers(HeaderCharacters.NAMES, StrictHttpFirewall.ALLOWED_HEADER_NAMES);
	}

	@Test
	void valuesAllowExactlyWhatTheFirewallAllowsForEveryCodePoint() {
		assertSameAnswers(HeaderCharacters.VALUES, StrictHttpFirewall.ALLOWED_HEADER_VALUES);
	}

	@Test
	void typicalAndHostileHeadersGetTheFirewallsAnswer() {
		List<String> samples = List.of("", "Bearer demo-viewer-token-0000000000000000", "application/json, text/event-stream",
				"a\tb", "a\nb", "a\rb", "a\u0000b", "caf\u00e9", "\u0085next-line", "\u007f", "emoji \ud83d\ude00",
				"lone \ud83d surrogate", "lone \ude00 low", "\ud83d", "unassigned \u0378", "x".repeat(10_000) + "\u0001",
				"tab\tin value", "\u00a0non-breaking", "\u2028line-separator");
		for (String sample : samples) {
			assertThat(HeaderCharacters.NAMES.test(sample)).as("name %s", sample)
				.isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_NAMES.test(sample));
			assertThat(HeaderCharacters.VALUES.test(sample)).as("value %s", sample)
				.isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(sample));
		}
	}

	private static void assertSameAnswers(Predicate<String> ours, Predicate<String> firewall) {
		int allowed = 0;
		for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
			String text = "a" + Character.toString(codePoint) + "b";
			boolean expected = firewall.test(text);
			assertThat(ours.test(text)).as("U+%04X", codePoint).isEqualTo(expected);
			allowed += expected ? 1 : 0;
		}
		// the check is not vacuous: most code points are allowed, the controls and unassigned ones are not
		assertThat(allowed).isBetween(200_000, Character.MAX_CODE_POINT - 65);
	}

}
