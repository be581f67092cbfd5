package dev.mcpguard.sample;

import java.net.http.HttpResponse;

import dev.mcpguard.sample.support.SampleServerTest;
import io.modelcontextprotocol.client.McpSyncClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static dev.mcpguard.sample.support.McpTestClients.INITIALIZE;
import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.VIEWER;
import static dev.mcpguard.sample.support.McpTestClients.client;
import static dev.mcpguard.sample.support.McpTestClients.http;
import static dev.mcpguard.sample.support.McpTestClients.toolNames;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client IP allow-list ({@code mcp.guard.network.allowed-ips}) over real HTTP with a real MCP client and a real
 * PostgreSQL; the tests connect from the loopback address.
 */
class IpAllowListIntegrationTests {

	@Nested
	@SampleServerTest
	@TestPropertySource(properties = "mcp.guard.network.allowed-ips=10.0.0.0/8")
	class WhenLoopbackIsNotListed {

		@LocalServerPort
		int port;

		@Test
		void everyRequestGets403BeforeAuthentication() {
			HttpResponse<String> response = http("POST", "http://localhost:" + this.port + "/mcp", INITIALIZE,
					"Authorization", "Bearer " + ADMIN, "Content-Type", "application/json", "Accept",
					"application/json, text/event-stream");
			assertThat(response.statusCode()).isEqualTo(403);
			assertThat(response.body()).isEqualTo("{\"error\":\"forbidden\",\"message\":\"Client address not allowed.\"}");
			assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
			HttpResponse<String> anonymous = http("POST", "http://localhost:" + this.port + "/mcp", INITIALIZE,
					"Content-Type", "application/json");
			assertThat(anonymous.statusCode()).as("refused before authentication, not 401").isEqualTo(403);
			assertThat(http("GET", "http://localhost:" + this.port + "/actuator/health", null).statusCode())
				.isEqualTo(403);
		}

	}

	@Nested
	@SampleServerTest
	@TestPropertySource(properties = "mcp.guard.network.allowed-ips=127.0.0.1/32,::1/128")
	class WhenLoopbackIsListed {

		@LocalServerPort
		int port;

		@Test
		void mcpClientWorks() {
			McpSyncClient mcp = client(this.port, VIEWER);
			try {
				assertThat(toolNames(mcp)).containsExactly("get_customer", "get_order", "get_product", "list_products");
			}
			finally {
				mcp.closeGracefully();
			}
		}

		@Test
		void requestsStillNeedCredentials() {
			assertThat(http("POST", "http://localhost:" + this.port + "/mcp", INITIALIZE, "Content-Type",
					"application/json").statusCode()).isEqualTo(401);
		}

	}

}
