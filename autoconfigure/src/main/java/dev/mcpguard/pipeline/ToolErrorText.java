package dev.mcpguard.pipeline;

import java.util.Map;
import java.util.UUID;

import dev.mcpguard.annotation.ShownToCaller;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What the caller of a failed tool reads, and what the operators get. Spring AI answers a tool's exception with
 * the exception's message (and its root cause's): SQL, class names, Jackson's parser internals. So the caller reads
 * an error text only where the tool wrote it for callers:
 * <ul>
 * <li>the message of an exception marked {@link ShownToCaller};</li>
 * <li>a {@link CallToolResult} the tool's method returned;</li>
 * <li>"Invalid arguments" with what an argument must be, when it could not be bound to the tool's parameter.</li>
 * </ul>
 * Any other failure reaches the caller as a reference; the server log holds the exception, or Spring AI's text,
 * under that reference, and the audit trail its detail.
 */
final class ToolErrorText {

	private static final Log logger = LogFactory.getLog(ToolErrorText.class);

	private static final int MAX_DETAIL = 1500;

	private ToolErrorText() {
	}

	/**
	 * A failed call: the result the caller gets and the detail for the audit trail.
	 *
	 * @param result the error result for the caller
	 * @param detail what the operators need to know, for the audit trail
	 */
	record Failure(CallToolResult result, String detail) {
	}

	/**
	 * The failure of a tool that answered with an error result.
	 * @param tool the tool
	 * @param caller the caller
	 * @param arguments the call's arguments
	 * @param result the error result, Spring AI's or the tool's
	 * @param call what the tool's Java method did
	 * @return the failure
	 */
	static Failure of(ToolDescriptor tool, Caller caller, Map<String, Object> arguments, CallToolResult result,
			ToolMethodCall call) {
		Throwable thrown = call.thrown();
		if (thrown != null) {
			return of(tool, caller, thrown);
		}
		String text = text(result);
		if (call.hasReturned() && tool.method() != null
				&& CallToolResult.class.isAssignableFrom(tool.method().getReturnType())) {
			return new Failure(result, text);
		}
		if (!call.wasEntered() && tool.method() != null) {
			String problem = ToolParameters.of(tool).unconvertible(arguments);
			if (problem != null) {
				String message = invalidArguments(tool, problem);
				logger.info("MCP Guard: tool '" + tool.name() + "' could not be called for principal '" + caller.name()
						+ "': " + message + " (" + abbreviate(text) + ")");
				return new Failure(error(message), message + " (" + abbreviate(text) + ")");
			}
		}
		String reference = UUID.randomUUID().toString();
		logger.error("Tool '" + tool.name() + "' failed (reference " + reference + ") for principal '" + caller.name()
				+ "': " + abbreviate(text));
		return referenced(tool, reference, text);
	}

	/**
	 * The failure of a tool that threw, itself or through Spring AI.
	 * @param tool the tool
	 * @param caller the caller
	 * @param exception what it threw
	 * @return the failure
	 */
	static Failure of(ToolDescriptor tool, Caller caller, Throwable exception) {
		String message = exception.getMessage();
		if (exception.getClass().isAnnotationPresent(ShownToCaller.class) && message != null && !message.isBlank()) {
			return new Failure(error(message), message);
		}
		String reference = UUID.randomUUID().toString();
		logger.error("Tool '" + tool.name() + "' failed (reference " + reference + ") for principal '" + caller.name() + "'",
				exception);
		return referenced(tool, reference, causes(exception));
	}

	/**
	 * The text of an argument that cannot be bound, as input validation and a failed call both give it.
	 * @param tool the tool
	 * @param problem what the argument must be
	 * @return the text for the caller
	 */
	static String invalidArguments(ToolDescriptor tool, String problem) {
		return "Invalid arguments for '" + tool.name() + "': " + problem + ".";
	}

	private static Failure referenced(ToolDescriptor tool, String reference, String detail) {
		return new Failure(error("The tool '" + tool.name() + "' failed (reference " + reference + "). If it keeps "
				+ "failing, give this reference to the server's operators."), abbreviate(detail) + " (reference " + reference + ")");
	}

	static CallToolResult error(String message) {
		return CallToolResult.builder().addContent(new TextContent(message)).isError(true).build();
	}

	/**
	 * The first text of a result.
	 * @param result the result
	 * @return its first text, or a placeholder when it has none
	 */
	static String text(CallToolResult result) {
		if (result.content() != null) {
			for (var content : result.content()) {
				if (content instanceof TextContent text) {
					return text.text();
				}
			}
		}
		return "Tool returned an error";
	}

	// The exception and its causes, each as class and message.
	private static String causes(Throwable exception) {
		StringBuilder detail = new StringBuilder(exception.toString());
		Throwable cause = exception.getCause();
		for (int depth = 0; cause != null && cause != exception && depth < 5 && detail.length() < MAX_DETAIL; depth++) {
			detail.append("; caused by ").append(cause);
			cause = cause.getCause();
		}
		return detail.toString();
	}

	private static String abbreviate(@Nullable String text) {
		String value = String.valueOf(text);
		return (value.length() > MAX_DETAIL) ? value.substring(0, MAX_DETAIL) + "…" : value;
	}

}
