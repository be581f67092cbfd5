package dev.mcpguard.consumers.nodb;

import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * An MCP server without any database: the guard's state (static tokens, kill switch) lives in memory.
 */
@SpringBootApplication
public class NoDatabaseApplication {

	public static void main(String[] args) {
		SpringApplication.run(NoDatabaseApplication.class, args);
	}

	@Bean
	ToolCallbackProvider adminToolCallbacks(AdminTools adminTools) {
		return MethodToolCallbackProvider.builder().toolObjects(adminTools).build();
	}

}
