package dev.mcpguard.pipeline;

import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ToolErrorTextTests {

	private static final String NL = System.lineSeparator();

	@Test
	void anErrorMessageRepeatedAfterALineSeparatorIsGivenOnce() {
		CallToolResult result = ToolErrorText.once(error("Product 7 not found." + NL + "Product 7 not found."));
		assertThat(result.isError()).isTrue();
		assertThat(result.content()).singleElement()
			.satisfies((content) -> assertThat(((TextContent) content).text()).isEqualTo("Product 7 not found."));
	}

	@Test
	void theResultsMetadataAndStructuredContentAreKept() {
		CallToolResult repeated = new CallToolResult(List.of(new TextContent("a" + NL + "a")), true, Map.of("code", 7),
				Map.of("trace", "t1"));
		CallToolResult result = ToolErrorText.once(repeated);
		assertThat(result.structuredContent()).isEqualTo(Map.of("code", 7));
		assertThat(result.meta()).isEqualTo(Map.of("trace", "t1"));
	}

	@Test
	void twoDifferentMessagesStay() {
		CallToolResult wrapped = error("Could not load order 7" + NL + "Connection refused");
		assertThat(ToolErrorText.once(wrapped)).isSameAs(wrapped);
	}

	@Test
	void textsThatOnlyLookAlikeStay() {
		for (String text : List.of("", NL, "a" + NL, "ab" + NL + "a", "a" + NL + "ab", "a" + NL + "b", "aa", "a" + NL + "a" + NL + "a")) {
			CallToolResult result = error(text);
			assertThat(ToolErrorText.once(result)).as(text).isSameAs(result);
		}
	}

	@Test
	void successfulResultsAndErrorsWithMoreContentStay() {
		CallToolResult success = CallToolResult.builder().addTextContent("x" + NL + "x").isError(false).build();
		CallToolResult two = CallToolResult.builder().addTextContent("x" + NL + "x").addTextContent("more").isError(true).build();
		assertThat(ToolErrorText.once(success)).isSameAs(success);
		assertThat(ToolErrorText.once(two)).isSameAs(two);
	}

	private static CallToolResult error(String text) {
		return CallToolResult.builder().addTextContent(text).isError(true).build();
	}

}
