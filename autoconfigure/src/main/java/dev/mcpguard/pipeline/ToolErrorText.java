package dev.mcpguard.pipeline;

import java.util.List;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import org.jspecify.annotations.Nullable;

/**
 * Gives a tool's error text once. When an {@code @McpTool} method throws, Spring AI (2.0.x) answers with the
 * exception's message, a line separator and the message of its root cause; an exception without a cause is its own
 * root cause, so the client, the model and the audit trail would read the same message twice.
 */
final class ToolErrorText {

	private ToolErrorText() {
	}

	/**
	 * The result with a repeated error message given once.
	 * @param result a tool's result
	 * @return {@code result} itself, unless it is an error whose only content is a text made of one message, a line
	 * separator and the same message again: then the same result with that message once
	 */
	static CallToolResult once(CallToolResult result) {
		if (!Boolean.TRUE.equals(result.isError()) || result.content() == null || result.content().size() != 1
				|| !(result.content().get(0) instanceof TextContent content)) {
			return result;
		}
		String message = repeated(content.text());
		if (message == null) {
			return result;
		}
		return new CallToolResult(List.of(new TextContent(content.annotations(), message, content.meta())), true,
				result.structuredContent(), result.meta());
	}

	private static @Nullable String repeated(String text) {
		String separator = System.lineSeparator();
		int half = (text.length() - separator.length()) / 2;
		if (half <= 0 || 2 * half + separator.length() != text.length()
				|| !text.startsWith(separator, half) || !text.regionMatches(0, text, half + separator.length(), half)) {
			return null;
		}
		return text.substring(0, half);
	}

}
