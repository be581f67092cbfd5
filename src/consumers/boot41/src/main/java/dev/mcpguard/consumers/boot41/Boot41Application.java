package dev.mcpguard.consumers.boot41;

import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * An MCP server without any database, on Spring Boot 4.1 and the newest MCP Java SDK.
 */
@SpringBootApplication
public class Boot41Application {

	public static void main(String[] args) {
		SpringApplication.run(Boot41Application.class, args);
	}

	@Bean
	ToolCallbackProvider adminToolCallbacks(AdminTools adminTools) {
		return MethodToolCallbackProvider.builder().toolObjects(adminTools).build();
	}

}
