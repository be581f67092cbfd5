package dev.mcpguard.sample;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.mcpguard.sample.support.SampleServerTest;
import dev.mcpguard.sample.support.TestAuthorizationServer;
import io.modelcontextprotocol.client.McpSyncClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.mcpguard.sample.support.McpTestClients.INITIALIZE;
import static dev.mcpguard.sample.support.McpTestClients.OPERATOR;
import static dev.mcpguard.sample.support.McpTestClients.client;
import static dev.mcpguard.sample.support.McpTestClients.http;
import static dev.mcpguard.sample.support.McpTestClients.toolNames;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opaque access tokens of a real authorization server (Spring Authorization Server in this JVM), checked by
 * introspection (RFC 7662) with Spring Boot's {@code spring.security.oauth2.resourceserver.opaquetoken.*}: a token
 * for this resource lists what its roles allow, one for another resource or an unknown one is refused, and MCP
 * Guard's own tokens are still looked up first.
 */
@SampleServerTest
class OpaqueTokenIntegrationTests {

	private static final String RESOURCE = "https://mcp.example.test/mcp";

	private static final TestAuthorizationServer AS = TestAuthorizationServer.start();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void authorizationServer(DynamicPropertyRegistry registry) {
		String prefix = "spring.security.oauth2.resourceserver.opaquetoken.";
		registry.add(prefix + "introspection-uri", () -> AS.issuer() + "/oauth2/introspect");
		registry.add(prefix + "client-id", () -> TestAuthorizationServer.INTROSPECTOR);
		registry.add(prefix + "client-secret", () -> TestAuthorizationServer.INTROSPECTOR + "-secret");
		registry.add("mcp.guard.auth.oauth2.resource", () -> RESOURCE);
		registry.add("mcp.guard.auth.oauth2.authorization-servers", AS::issuer);
	}

	@AfterAll
	static void stop() {
		AS.close();
	}

	@Test
	void anOpaqueTokenForThisResourceListsWhatItsRolesAllow() {
		String token = AS.token(TestAuthorizationServer.OPAQUE_CLIENT, RESOURCE);
		assertThat(token).as("opaque, not a JWT").doesNotContain(".");
		assertThat(tools(token)).containsExactlyElementsOf(
				new TreeSet<>(Set.of("list_products", "get_product", "get_order", "get_customer")));
	}

	@Test
	void anOpaqueTokenForAnotherResourceOrUnknownToTheAuthorizationServerIsRefused() {
		assertThat(initialize(AS.token(TestAuthorizationServer.OPAQUE_CLIENT, "https://other.example.test/mcp")).statusCode())
			.isEqualTo(401);
		assertThat(initialize("unknown-opaque-token-00000000000000").statusCode()).isEqualTo(401);
		assertThat(initialize(AS.token(TestAuthorizationServer.OPAQUE_CLIENT, RESOURCE)).statusCode()).isEqualTo(200);
	}

	@Test
	void mcpGuardTokensStillWork() {
		assertThat(tools(OPERATOR)).contains("create_order");
	}

	private List<String> tools(String token) {
		try (McpSyncClient client = client(this.port, token)) {
			return toolNames(client);
		}
	}

	private HttpResponse<String> initialize(String token) {
		return http("POST", "http://localhost:" + this.port + "/mcp", INITIALIZE, "Authorization", "Bearer " + token,
				"Content-Type", "application/json", "Accept", "application/json, text/event-stream");
	}

}
