package dev.mcpguard.consumers.webflux;

import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A reactive MCP server (Spring AI on WebFlux) without any database.
 */
@SpringBootApplication
public class WebfluxApplication {

	public static void main(String[] args) {
		SpringApplication.run(WebfluxApplication.class, args);
	}

	@Bean
	ToolCallbackProvider adminToolCallbacks(AdminTools adminTools) {
		return MethodToolCallbackProvider.builder().toolObjects(adminTools).build();
	}

}
