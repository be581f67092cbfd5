package dev.mcpguard.sample;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import dev.mcpguard.sample.support.SampleServerTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static dev.mcpguard.sample.support.McpTestClients.INITIALIZE;
import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.OPERATOR;
import static dev.mcpguard.sample.support.McpTestClients.VIEWER;
import static dev.mcpguard.sample.support.McpTestClients.http;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One caller opening MCP sessions in a loop: it meets its own session cap and its own initialize rate, with 429,
 * {@code Retry-After} and which limit in the answer, while other callers, admins included, keep opening sessions.
 */
@SampleServerTest
@TestPropertySource(properties = { "mcp.guard.session.max-sessions-per-credential=3",
		"mcp.guard.rate-limit.initialize.limit-for-period=6", "mcp.guard.rate-limit.initialize.refresh-period=10m" })
class SessionLimitsIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void aCredentialHoldsAtMostItsShareOfSessionsAndOthersAreNotAffected() {
		List<String> sessions = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> opened = initialize(VIEWER);
			assertThat(opened.statusCode()).isEqualTo(200);
			sessions.add(opened.headers().firstValue("Mcp-Session-Id").orElseThrow());
		}
		HttpResponse<String> refused = initialize(VIEWER);
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.body()).contains("Session limit reached").contains("at most 3");
		assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
				(seconds) -> assertThat(Long.parseLong(seconds)).isBetween(1L, 1800L));
		assertThat(initialize(ADMIN).statusCode()).as("another credential").isEqualTo(200);

		assertThat(http("DELETE", mcp(), null, "Authorization", "Bearer " + VIEWER, "Mcp-Session-Id", sessions.get(0))
			.statusCode()).isLessThan(300);
		assertThat(initialize(VIEWER).statusCode()).as("a closed session frees a place").isEqualTo(200);
	}

	@Test
	void aCredentialOpeningSessionsInALoopMeetsItsInitializeRate() {
		for (int i = 0; i < 6; i++) {
			HttpResponse<String> opened = initialize(OPERATOR);
			assertThat(opened.statusCode()).isEqualTo(200);
			http("DELETE", mcp(), null, "Authorization", "Bearer " + OPERATOR, "Mcp-Session-Id",
					opened.headers().firstValue("Mcp-Session-Id").orElseThrow());
		}
		HttpResponse<String> refused = initialize(OPERATOR);
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.body()).contains("Too many new MCP sessions").contains("6 per 10m");
		assertThat(refused.headers().firstValue("Retry-After")).isPresent();
		assertThat(initialize(ADMIN).statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> initialize(String token) {
		return http("POST", mcp(), INITIALIZE, "Authorization", "Bearer " + token, "Content-Type", "application/json",
				"Accept", "application/json, text/event-stream");
	}

	private String mcp() {
		return "http://localhost:" + this.port + "/mcp";
	}

}
