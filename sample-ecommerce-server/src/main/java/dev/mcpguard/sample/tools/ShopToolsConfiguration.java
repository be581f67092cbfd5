package dev.mcpguard.sample.tools;

import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the {@code @Tool} methods of {@link ShopCommandTools}; Spring AI turns every
 * {@link ToolCallbackProvider} bean into MCP tools. ({@code @McpTool} beans need no registration.)
 */
@Configuration(proxyBeanMethods = false)
public class ShopToolsConfiguration {

	@Bean
	ToolCallbackProvider shopCommandToolCallbacks(ShopCommandTools shopCommandTools) {
		return MethodToolCallbackProvider.builder().toolObjects(shopCommandTools).build();
	}

}
