package dev.mcpguard.sample;

import java.util.Map;

import dev.mcpguard.sample.support.SampleServerTest;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.Test;

import org.springframework.ai.mcp.annotation.McpTool;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.TestPropertySource;

import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.call;
import static dev.mcpguard.sample.support.McpTestClients.client;
import static dev.mcpguard.sample.support.McpTestClients.text;
import static dev.mcpguard.sample.support.McpTestClients.toolNames;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code mcp.guard.authz.default-policy=deny}, a tool without {@code @RequiresRole} is hidden and refused for
 * everyone, while annotated tools keep working; {@code deny} removes a tool whatever its roles.
 */
@SampleServerTest
@TestPropertySource(properties = { "mcp.guard.authz.default-policy=deny", "mcp.guard.authz.deny=get_customer" })
class DenyByDefaultIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void anUnannotatedToolIsRefusedAndAStaticallyDeniedToolIsDisabled() {
		try (McpSyncClient admin = client(this.port, ADMIN)) {
			assertThat(toolNames(admin)).doesNotContain("ping", "get_customer").contains("get_product", "delete_order");
			CallToolResult ping = call(admin, "ping", Map.of());
			assertThat(ping.isError()).isTrue();
			assertThat(text(ping)).isEqualTo("Permission denied: 'ping' is not open to any role (deny-by-default policy).");
			CallToolResult denied = call(admin, "get_customer", Map.of("customerId", 1));
			assertThat(text(denied)).isEqualTo("Tool 'get_customer' is not exposed by this server's configuration (mcp.guard.authz).");
			assertThat(call(admin, "get_product", Map.of("productId", 1)).isError()).isFalse();
			assertThat(PingTool.calls).isZero();
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class PingToolConfiguration {

		@Bean
		PingTool pingTool() {
			return new PingTool();
		}

	}

	static class PingTool {

		static int calls;

		@McpTool(name = "ping", description = "Answers pong; carries no @RequiresRole.")
		public String ping() {
			calls++;
			return "pong";
		}

	}

}
