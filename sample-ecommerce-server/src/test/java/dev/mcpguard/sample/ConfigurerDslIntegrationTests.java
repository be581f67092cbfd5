package dev.mcpguard.sample;

import dev.mcpguard.auth.McpGuardConfigurer;
import dev.mcpguard.sample.support.SampleServerTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import static dev.mcpguard.sample.support.McpTestClients.INITIALIZE;
import static dev.mcpguard.sample.support.McpTestClients.VIEWER;
import static dev.mcpguard.sample.support.McpTestClients.http;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * MCP Guard applied as a DSL inside the application's own chain ({@code http.with(McpGuardConfigurer.mcpGuard(),
 * ...)}): the chain's setting (an allowed origin the properties do not list) applies, and everything else MCP Guard
 * does on that chain (bearer tokens, the 401 for a missing one) stays.
 */
@SampleServerTest
@Import(ConfigurerDslIntegrationTests.OwnChain.class)
class ConfigurerDslIntegrationTests {

	private static final String APP = "https://app.example.com";

	@LocalServerPort
	int port;

	@Test
	void theChainsOwnSettingAppliesAndTheRestOfMcpGuardStays() {
		assertThat(initialize(VIEWER, APP).statusCode()).as("origin allowed by the chain").isEqualTo(200);
		assertThat(initialize(VIEWER, "https://evil.example.com").statusCode()).as("other origin").isEqualTo(403);
		assertThat(initialize(null, APP).statusCode()).as("no token").isEqualTo(401);
	}

	private java.net.http.HttpResponse<String> initialize(String token, String origin) {
		return (token != null)
				? http("POST", "http://localhost:" + this.port + "/mcp", INITIALIZE, "Content-Type", "application/json",
						"Accept", "application/json, text/event-stream", "Origin", origin, "Authorization", "Bearer " + token)
				: http("POST", "http://localhost:" + this.port + "/mcp", INITIALIZE, "Content-Type", "application/json",
						"Accept", "application/json, text/event-stream", "Origin", origin);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class OwnChain {

		@Bean
		SecurityFilterChain mcpGuardSecurityFilterChain(HttpSecurity http) {
			return http.securityMatcher("/mcp", "/mcp/**", "/actuator/mcp*/**")
				.with(McpGuardConfigurer.mcpGuard(), (guard) -> guard.allowedOrigins(APP))
				.authorizeHttpRequests((requests) -> requests.requestMatchers("/mcp", "/mcp/**").authenticated()
					.anyRequest().hasRole("mcp-admin"))
				.csrf((csrf) -> csrf.disable())
				.build();
		}

	}

}
