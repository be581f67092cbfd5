package dev.mcpguard.conformance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.mcpguard.annotation.RequiresApproval;
import dev.mcpguard.annotation.RequiresRole;
import dev.mcpguard.annotation.ShownToCaller;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.AudioContent;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageRequest;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.EmbeddedResource;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.SamplingMessage;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;

import org.springframework.ai.mcp.annotation.McpTool;
import org.springframework.ai.mcp.annotation.McpToolParam;
import org.springframework.stereotype.Component;

/**
 * The conformance suite's tool fixtures (scenarios {@code tools-*}, {@code elicitation-*}). Every tool needs the
 * role {@code conformance}; a sampling request whose prompt asks for it needs a human approval (never the suite's).
 */
@Component
@RequiresRole("conformance")
public class ConformanceTools {

	@McpTool(name = "test_simple_text", description = "Returns simple text")
	public CallToolResult simpleText() {
		return text("This is a simple text response for testing.");
	}

	@McpTool(name = "test_image_content", description = "Returns an image")
	public CallToolResult imageContent() {
		return CallToolResult.builder().addContent(new ImageContent(null, TestMedia.PNG, "image/png")).build();
	}

	@McpTool(name = "test_audio_content", description = "Returns a sound")
	public CallToolResult audioContent() {
		return CallToolResult.builder().addContent(new AudioContent(null, TestMedia.WAV, "audio/wav")).build();
	}

	@McpTool(name = "test_embedded_resource", description = "Returns an embedded resource")
	public CallToolResult embeddedResource() {
		return CallToolResult.builder()
			.addContent(new EmbeddedResource(null, new TextResourceContents("test://embedded-resource", "text/plain",
					"This is an embedded resource content.")))
			.build();
	}

	@McpTool(name = "test_multiple_content_types", description = "Returns text, an image and a resource")
	public CallToolResult multipleContentTypes() {
		return CallToolResult.builder()
			.addContent(new TextContent("Multiple content types test:"))
			.addContent(new ImageContent(null, TestMedia.PNG, "image/png"))
			.addContent(new EmbeddedResource(null, new TextResourceContents("test://mixed-content-resource",
					"application/json", "{\"test\":\"data\",\"value\":123}")))
			.build();
	}

	@McpTool(name = "test_tool_with_logging", description = "Sends three log messages while it runs")
	public CallToolResult toolWithLogging(McpSyncServerExchange exchange) throws InterruptedException {
		log(exchange, "Tool execution started");
		Thread.sleep(50);
		log(exchange, "Tool processing data");
		Thread.sleep(50);
		log(exchange, "Tool execution completed");
		return text("Tool with logging executed successfully");
	}

	@McpTool(name = "test_tool_with_progress", description = "Reports progress while it runs")
	public CallToolResult toolWithProgress(McpSyncServerExchange exchange, CallToolRequest request)
			throws InterruptedException {
		Object progressToken = request.progressToken();
		for (int progress = 0; progress <= 100; progress += 50) {
			if (progressToken != null) {
				exchange.progressNotification(new ProgressNotification(progressToken, progress, 100.0, null));
			}
			if (progress < 100) {
				Thread.sleep(50);
			}
		}
		return text("Tool with progress executed successfully");
	}

	@McpTool(name = "test_error_handling", description = "Always fails")
	public CallToolResult errorHandling() {
		throw new IntentionalError("This tool intentionally returns an error for testing");
	}

	@RequiresApproval(when = "#prompt.contains('needs approval')", reason = "The prompt asks for an approval")
	@McpTool(name = "test_sampling", description = "Asks the client's LLM to complete a prompt")
	public CallToolResult sampling(McpSyncServerExchange exchange,
			@McpToolParam(description = "The prompt to send to the LLM", required = true) String prompt) {
		if (exchange.getClientCapabilities() == null || exchange.getClientCapabilities().sampling() == null) {
			return error("The client does not support sampling");
		}
		CreateMessageResult result = exchange.createMessage(CreateMessageRequest.builder()
			.messages(List.of(new SamplingMessage(Role.USER, new TextContent(prompt))))
			.maxTokens(100)
			.build());
		String answer = (result.content() instanceof TextContent text) ? text.text() : String.valueOf(result.content());
		return text("LLM response: " + answer);
	}

	@McpTool(name = "test_elicitation", description = "Asks the user for a name and an email address")
	public CallToolResult elicitation(McpSyncServerExchange exchange,
			@McpToolParam(description = "The message to show the user", required = true) String message) {
		Map<String, Object> schema = Map.of("type", "object", "properties",
				Map.of("username", Map.of("type", "string", "description", "User's response"), "email",
						Map.of("type", "string", "description", "User's email address")),
				"required", List.of("username", "email"));
		return elicit(exchange, message, schema, "User response: ");
	}

	@McpTool(name = "test_elicitation_sep1034_defaults", description = "Asks the user with a default for each type")
	public CallToolResult elicitationDefaults(McpSyncServerExchange exchange) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("name", Map.of("type", "string", "default", "John Doe"));
		properties.put("age", Map.of("type", "integer", "default", 30));
		properties.put("score", Map.of("type", "number", "default", 95.5));
		properties.put("status", Map.of("type", "string", "enum", List.of("active", "inactive", "pending"), "default", "active"));
		properties.put("verified", Map.of("type", "boolean", "default", true));
		return elicit(exchange, "Please review and update the form fields with defaults",
				Map.of("type", "object", "properties", properties), "Elicitation completed: ");
	}

	@McpTool(name = "test_elicitation_sep1330_enums", description = "Asks the user with each kind of enumeration")
	public CallToolResult elicitationEnums(McpSyncServerExchange exchange) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("untitledSingle", Map.of("type", "string", "enum", List.of("option1", "option2", "option3")));
		properties.put("titledSingle", Map.of("type", "string", "oneOf", List.of(
				Map.of("const", "value1", "title", "First Option"), Map.of("const", "value2", "title", "Second Option"),
				Map.of("const", "value3", "title", "Third Option"))));
		properties.put("legacyEnum", Map.of("type", "string", "enum", List.of("opt1", "opt2", "opt3"), "enumNames",
				List.of("Option One", "Option Two", "Option Three")));
		properties.put("untitledMulti", Map.of("type", "array", "items",
				Map.of("type", "string", "enum", List.of("option1", "option2", "option3"))));
		properties.put("titledMulti", Map.of("type", "array", "items", Map.of("anyOf", List.of(
				Map.of("const", "value1", "title", "First Choice"), Map.of("const", "value2", "title", "Second Choice"),
				Map.of("const", "value3", "title", "Third Choice")))));
		return elicit(exchange, "Please select options from the enum fields",
				Map.of("type", "object", "properties", properties), "Elicitation completed: ");
	}

	private static CallToolResult elicit(McpSyncServerExchange exchange, String message, Map<String, Object> schema,
			String prefix) {
		if (exchange.getClientCapabilities() == null || exchange.getClientCapabilities().elicitation() == null) {
			return error("The client does not support elicitation");
		}
		ElicitResult result = exchange.createElicitation(ElicitRequest.builder(message, schema).build());
		return text(prefix + "action=" + result.action().name().toLowerCase() + ", content=" + result.content());
	}

	private static void log(McpSyncServerExchange exchange, String message) {
		exchange.loggingNotification(LoggingMessageNotification.builder()
			.level(LoggingLevel.INFO)
			.logger("conformance")
			.data(message)
			.build());
	}

	private static CallToolResult text(String text) {
		return CallToolResult.builder().addTextContent(text).build();
	}

	private static CallToolResult error(String text) {
		return CallToolResult.builder().addTextContent(text).isError(true).build();
	}

	/**
	 * The failure of {@code test_error_handling}, whose message the caller may read.
	 */
	@ShownToCaller
	static class IntentionalError extends RuntimeException {

		IntentionalError(String message) {
			super(message);
		}

	}

}
