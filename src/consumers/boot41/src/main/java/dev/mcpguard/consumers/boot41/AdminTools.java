package dev.mcpguard.consumers.boot41;

import dev.mcpguard.annotation.RequiresRole;

import org.springframework.ai.tool.annotation.Tool;
import org.springframework.stereotype.Component;

/**
 * A dangerous tool, for admins only ({@code @Tool} style, registered through a {@code MethodToolCallbackProvider}).
 */
@Component
public class AdminTools {

	@RequiresRole("admin")
	@Tool(name = "reset_all", description = "Resets all state of the server")
	public String resetAll() {
		return "all state reset";
	}

}
