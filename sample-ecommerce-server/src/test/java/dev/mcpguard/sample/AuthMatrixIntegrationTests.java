package dev.mcpguard.sample;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.mcpguard.sample.support.SampleServerTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.OPERATOR;
import static dev.mcpguard.sample.support.McpTestClients.http;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint (POST/GET/DELETE /mcp and each MCP Guard actuator operation) against every kind of credential:
 * exactly the expected status, and no tool ever runs for an unauthorized caller.
 */
@SampleServerTest
@TestPropertySource(properties = {
		"mcp.guard.auth.tokens.expired-bot.value=expired-bot-token-000000000000000",
		"mcp.guard.auth.tokens.expired-bot.roles=viewer",
		"mcp.guard.auth.tokens.expired-bot.expires-at=2020-01-01T00:00:00Z",
		"mcp.guard.auth.tokens.leaked-bot.value=leaked-bot-token-0000000000000000",
		"mcp.guard.auth.tokens.leaked-bot.roles=operator" })
class AuthMatrixIntegrationTests {

	private static final String ADD_NOTE = """
			{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"add_note","arguments":{"orderId":1,"text":"matrix"}}}""";

	private static final String INITIALIZE = """
			{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"matrix","version":"1"}}}""";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void everyEndpointAnswersEveryCredentialWithExactlyTheExpectedStatus() {
		assertThat(http("DELETE", url("/actuator/mcptokens/static:leaked-bot"), null, "Authorization", "Bearer " + ADMIN)
			.statusCode()).isEqualTo(200);
		int notesBefore = notes();

		Map<String, List<String>> refused = new LinkedHashMap<>();
		refused.put("none", List.of());
		refused.put("malformed", List.of("Authorization", "Token abc"));
		refused.put("wrong", List.of("Authorization", "Bearer wrong-token-0000000000000000"));
		refused.put("expired", List.of("Authorization", "Bearer expired-bot-token-000000000000000"));
		refused.put("revoked", List.of("Authorization", "Bearer leaked-bot-token-0000000000000000"));
		List<String> failures = new ArrayList<>();
		for (Map.Entry<String, List<String>> credential : refused.entrySet()) {
			for (Endpoint endpoint : endpoints()) {
				expect(failures, endpoint, credential.getKey(), credential.getValue(), 401);
			}
		}
		List<String> operator = List.of("Authorization", "Bearer " + OPERATOR);
		List<String> admin = List.of("Authorization", "Bearer " + ADMIN);
		for (Endpoint endpoint : endpoints()) {
			if (endpoint.actuator()) {
				expect(failures, endpoint, "other role", operator, 403);
				expect(failures, endpoint, "admin", admin, endpoint.adminStatus());
			}
		}
		// An authenticated caller reaches the MCP transport, which answers by its own rules.
		expect(failures, new Endpoint("POST", "/mcp", INITIALIZE, false, 200), "other role", operator, 200);
		expect(failures, new Endpoint("GET", "/mcp", null, false, 404), "other role + unknown session", operator, 404);
		expect(failures, new Endpoint("DELETE", "/mcp", null, false, 404), "other role + unknown session", operator, 404);
		assertThat(failures).isEmpty();
		assertThat(notes()).as("no tool ran for a refused caller").isEqualTo(notesBefore);
	}

	private List<Endpoint> endpoints() {
		return List.of(new Endpoint("POST", "/mcp", ADD_NOTE, false, 0), new Endpoint("GET", "/mcp", null, false, 0),
				new Endpoint("DELETE", "/mcp", null, false, 0),
				new Endpoint("GET", "/actuator/mcptokens", null, true, 200),
				new Endpoint("POST", "/actuator/mcptokens", "{\"principal\":\"matrix-bot\",\"roles\":\"viewer\"}", true, 201),
				new Endpoint("DELETE", "/actuator/mcptokens/no-such-token", null, true, 404),
				new Endpoint("GET", "/actuator/mcptools", null, true, 200),
				new Endpoint("POST", "/actuator/mcptools/no_such_tool", "{\"enabled\":false}", true, 404),
				new Endpoint("GET", "/actuator/mcpapprovals", null, true, 200),
				new Endpoint("POST", "/actuator/mcpapprovals/no-such-request", "{\"decision\":\"approve\"}", true, 404),
				new Endpoint("GET", "/actuator/mcpaudit", null, true, 200),
				new Endpoint("GET", "/actuator/mcpaudit/verify", null, true, 200));
	}

	private void expect(List<String> failures, Endpoint endpoint, String credential, List<String> auth, int status) {
		List<String> headers = new ArrayList<>(List.of("Content-Type", "application/json", "Accept",
				endpoint.method().equals("GET") && endpoint.path().equals("/mcp") ? "text/event-stream" : "application/json, text/event-stream"));
		if (endpoint.path().equals("/mcp") && !INITIALIZE.equals(endpoint.body())) {
			headers.addAll(List.of("Mcp-Session-Id", "00000000-0000-0000-0000-000000000000"));
		}
		headers.addAll(auth);
		HttpResponse<String> response = http(endpoint.method(), url(endpoint.path()), endpoint.body(), headers.toArray(String[]::new));
		if (response.statusCode() != status) {
			failures.add(endpoint.method() + " " + endpoint.path() + " with " + credential + ": expected " + status + " but was "
					+ response.statusCode());
		}
		// Stateless: no credential, right or wrong, opens an HTTP session.
		response.headers().firstValue("Set-Cookie").ifPresent((cookie) -> failures.add(endpoint.method() + " "
				+ endpoint.path() + " with " + credential + ": set a cookie " + cookie.replaceAll("=.*", "=...")));
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	private int notes() {
		return this.jdbc.queryForObject("SELECT count(*) FROM order_notes", Integer.class);
	}

	private record Endpoint(String method, String path, String body, boolean actuator, int adminStatus) {
	}

}
