package dev.mcpguard.consumers.stateless;

import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A stateless MCP server (protocol STATELESS: no MCP sessions), without any database.
 */
@SpringBootApplication
public class StatelessApplication {

	public static void main(String[] args) {
		SpringApplication.run(StatelessApplication.class, args);
	}

	@Bean
	ToolCallbackProvider adminToolCallbacks(AdminTools adminTools) {
		return MethodToolCallbackProvider.builder().toolObjects(adminTools).build();
	}

}
