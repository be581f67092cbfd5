package dev.mcpguard.conformance;

import java.util.List;

import io.modelcontextprotocol.spec.McpSchema.CompleteRequest;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult.CompleteCompletion;
import io.modelcontextprotocol.spec.McpSchema.EmbeddedResource;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;

import org.springframework.ai.mcp.annotation.McpArg;
import org.springframework.ai.mcp.annotation.McpComplete;
import org.springframework.ai.mcp.annotation.McpPrompt;
import org.springframework.stereotype.Component;

/**
 * The conformance suite's prompt fixtures (scenarios {@code prompts-*}) and the completion of a prompt argument
 * ({@code completion-complete}).
 */
@Component
public class ConformancePrompts {

	@McpPrompt(name = "test_simple_prompt", description = "A prompt without arguments")
	public GetPromptResult simple() {
		return messages(new PromptMessage(Role.USER, new TextContent("This is a simple prompt for testing.")));
	}

	@McpPrompt(name = "test_prompt_with_arguments", description = "A prompt with two arguments")
	public GetPromptResult withArguments(@McpArg(name = "arg1", description = "First test argument", required = true) String arg1,
			@McpArg(name = "arg2", description = "Second test argument", required = true) String arg2) {
		return messages(new PromptMessage(Role.USER,
				new TextContent("Prompt with arguments: arg1='" + arg1 + "', arg2='" + arg2 + "'")));
	}

	@McpPrompt(name = "test_prompt_with_embedded_resource", description = "A prompt that embeds a resource")
	public GetPromptResult withEmbeddedResource(
			@McpArg(name = "resourceUri", description = "URI of the resource to embed", required = true) String resourceUri) {
		return messages(
				new PromptMessage(Role.USER, new EmbeddedResource(null,
						new TextResourceContents(resourceUri, "text/plain", "Embedded resource content for testing."))),
				new PromptMessage(Role.USER, new TextContent("Please process the embedded resource above.")));
	}

	@McpPrompt(name = "test_prompt_with_image", description = "A prompt with an image")
	public GetPromptResult withImage() {
		return messages(new PromptMessage(Role.USER, new ImageContent(null, TestMedia.PNG, "image/png")),
				new PromptMessage(Role.USER, new TextContent("Please analyze the image above.")));
	}

	@McpComplete(prompt = "test_prompt_with_arguments")
	public CompleteResult complete(CompleteRequest request) {
		List<String> values = List.of("paris", "park", "party")
			.stream()
			.filter((value) -> value.startsWith(request.argument().value()))
			.toList();
		return new CompleteResult(new CompleteCompletion(values, values.size(), false));
	}

	private static GetPromptResult messages(PromptMessage... messages) {
		return new GetPromptResult(null, List.of(messages));
	}

}
