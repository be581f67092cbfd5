package dev.mcpguard.consumers.postgres;

import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * An MCP server with its own JPA entities and Flyway migrations on PostgreSQL.
 */
@SpringBootApplication
public class PostgresJpaApplication {

	public static void main(String[] args) {
		SpringApplication.run(PostgresJpaApplication.class, args);
	}

	@Bean
	ToolCallbackProvider adminToolCallbacks(AdminTools adminTools) {
		return MethodToolCallbackProvider.builder().toolObjects(adminTools).build();
	}

}
