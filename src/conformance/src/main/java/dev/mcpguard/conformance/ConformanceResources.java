package dev.mcpguard.conformance;

import java.util.List;

import io.modelcontextprotocol.spec.McpSchema.BlobResourceContents;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;

import org.springframework.ai.mcp.annotation.McpResource;
import org.springframework.stereotype.Component;

/**
 * The conformance suite's resource fixtures (scenarios {@code resources-*}): a text, a binary, a template and the
 * resource the subscription scenarios watch.
 */
@Component
public class ConformanceResources {

	@McpResource(uri = "test://static-text", name = "static-text", description = "A static text resource",
			mimeType = "text/plain")
	public ReadResourceResult staticText() {
		return new ReadResourceResult(List.of(new TextResourceContents("test://static-text", "text/plain",
				"This is the content of the static text resource.")));
	}

	@McpResource(uri = "test://static-binary", name = "static-binary", description = "A static binary resource",
			mimeType = "image/png")
	public ReadResourceResult staticBinary() {
		return new ReadResourceResult(List.of(new BlobResourceContents("test://static-binary", "image/png", TestMedia.PNG)));
	}

	@McpResource(uri = "test://template/{id}/data", name = "template", description = "A resource template with an id",
			mimeType = "application/json")
	public ReadResourceResult template(String id) {
		String uri = "test://template/" + id + "/data";
		return new ReadResourceResult(List.of(new TextResourceContents(uri, "application/json",
				"{\"id\":\"" + id + "\",\"templateTest\":true,\"data\":\"Data for ID: " + id + "\"}")));
	}

	@McpResource(uri = "test://watched-resource", name = "watched-resource",
			description = "A resource clients may subscribe to", mimeType = "text/plain")
	public ReadResourceResult watched() {
		return new ReadResourceResult(List.of(new TextResourceContents("test://watched-resource", "text/plain",
				"Watched resource content")));
	}

}
