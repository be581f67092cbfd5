package dev.mcpguard.pipeline;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlainTextTests {

	@Test
	void lettersDigitsPunctuationSymbolsAndSpacesArePlain() {
		assertThat(List.of("ci-bot", "Ci-Bot @ build.example (nightly)", "José Müller", "運用チーム", "a+b=c; 50% €", "emoji 🙂", ""))
			.allMatch(PlainText::isPlain);
	}

	@Test
	void controlFormatSeparatorUnassignedAndPrivateCharactersAreNotPlain() {
		assertThat(List.of("a\nb", "a\rb", "a\tb", "a\u0000b", "a\u001b[31mb", "a\u007fb", "a\u0085b", "a\u202eb", "a\u200bb",
				"a\u2028b", "a\u2029b", "a\ue000b", "a\ud800b", "a\u0378b")).noneMatch(PlainText::isPlain);
	}

	@Test
	void aPlainWordHasNoSpace() {
		assertThat(PlainText.isPlainWord("mcp-admin")).isTrue();
		assertThat(PlainText.isPlainWord("運用")).isTrue();
		assertThat(List.of("mcp admin", "mcp\u00a0admin", "mcp\u3000admin", "a\nb")).noneMatch(PlainText::isPlainWord);
	}

}
