package dev.mcpguard.consumers.stateless;

import org.springframework.ai.mcp.annotation.McpTool;
import org.springframework.ai.mcp.annotation.McpToolParam;
import org.springframework.stereotype.Component;

/**
 * A tool every authenticated caller may use.
 */
@Component
public class EchoTools {

	@McpTool(name = "echo", description = "Answers with the message it is given")
	public String echo(@McpToolParam(description = "the message to echo", required = true) String message) {
		return "echo: " + message;
	}

}
