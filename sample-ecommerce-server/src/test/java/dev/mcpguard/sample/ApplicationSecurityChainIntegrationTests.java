package dev.mcpguard.sample;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import dev.mcpguard.sample.support.SampleServerTest;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static dev.mcpguard.sample.support.McpTestClients.INITIALIZE;
import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.VIEWER;
import static dev.mcpguard.sample.support.McpTestClients.call;
import static dev.mcpguard.sample.support.McpTestClients.client;
import static dev.mcpguard.sample.support.McpTestClients.http;
import static dev.mcpguard.sample.support.McpTestClients.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that declares its own security chain, HTTP Basic against its own users for {@code /api/**} and
 * everything else open, as a careless one would: the MCP endpoint and MCP Guard's actuator endpoints stay guarded
 * by MCP Guard's tokens, and the application's own login keeps working beside them.
 */
@SampleServerTest
@Import(ApplicationSecurityChainIntegrationTests.ApplicationSecurity.class)
class ApplicationSecurityChainIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void theMcpEndpointStillNeedsAToken() {
		assertThat(http("POST", url("/mcp"), INITIALIZE, "Content-Type", "application/json", "Accept",
				"application/json, text/event-stream").statusCode()).isEqualTo(401);
		assertThat(http("POST", url("/mcp"), INITIALIZE, "Content-Type", "application/json", "Accept",
				"application/json, text/event-stream", "Authorization", basic("alice", "alice-password")).statusCode())
			.isEqualTo(401);
		try (McpSyncClient viewer = client(this.port, VIEWER)) {
			McpSchema.CallToolResult refused = call(viewer, "delete_order", Map.of("orderId", 1));
			assertThat(refused.isError()).isTrue();
			assertThat(text(refused)).startsWith("Permission denied");
			assertThat(call(viewer, "get_product", Map.of("productId", 1)).isError()).isFalse();
		}
	}

	@Test
	void mcpGuardsActuatorEndpointsRefuseAnonymousCallersAndTheApplicationsUsers() {
		String issue = """
				{"principal":"intruder","roles":["mcp-admin"],"ttl":"P1D"}""";
		assertThat(http("POST", url("/actuator/mcptokens"), issue, "Content-Type", "application/json").statusCode())
			.isEqualTo(401);
		assertThat(http("POST", url("/actuator/mcptokens"), issue, "Content-Type", "application/json", "Authorization",
				basic("alice", "alice-password")).statusCode()).isEqualTo(401);
		assertThat(http("POST", url("/actuator/mcptools/get_product"), """
				{"enabled":false,"reason":"anyone"}""", "Content-Type", "application/json").statusCode()).isEqualTo(401);
		assertThat(http("GET", url("/actuator/mcpaudit"), null).statusCode()).isEqualTo(401);
		assertThat(http("GET", url("/actuator/mcptools"), null, "Authorization", "Bearer " + VIEWER).statusCode())
			.isEqualTo(403);
		assertThat(http("GET", url("/actuator/mcptools"), null, "Authorization", "Bearer " + ADMIN).statusCode())
			.isEqualTo(200);
	}

	@Test
	void theApplicationsOwnLoginKeepsWorkingOnItsPaths() {
		var hello = http("GET", url("/api/hello"), null, "Authorization", basic("alice", "alice-password"));
		assertThat(hello.statusCode()).isEqualTo(200);
		assertThat(hello.body()).isEqualTo("hello alice");
		assertThat(http("GET", url("/api/hello"), null).statusCode()).isEqualTo(401);
		assertThat(http("GET", url("/api/hello"), null, "Authorization", basic("alice", "wrong")).statusCode())
			.isEqualTo(401);
		// MCP Guard's tokens are not the application's credentials
		assertThat(http("GET", url("/api/hello"), null, "Authorization", "Bearer " + ADMIN).statusCode()).isEqualTo(401);
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ApplicationSecurity {

		@Bean
		SecurityFilterChain applicationChain(HttpSecurity http) {
			return http.authorizeHttpRequests((requests) -> requests.requestMatchers("/api/**").authenticated()
				.anyRequest().permitAll())
				.httpBasic(Customizer.withDefaults())
				.csrf((csrf) -> csrf.disable())
				.build();
		}

		@Bean
		UserDetailsService applicationUsers() {
			return new InMemoryUserDetailsManager(
					User.withUsername("alice").password("{noop}alice-password").roles("USER").build());
		}

		@Bean
		HelloController helloController() {
			return new HelloController();
		}

	}

	@RestController
	static class HelloController {

		@GetMapping("/api/hello")
		String hello(java.security.Principal principal) {
			return "hello " + principal.getName();
		}

	}

}
