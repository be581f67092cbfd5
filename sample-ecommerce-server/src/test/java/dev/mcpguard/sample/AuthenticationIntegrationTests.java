package dev.mcpguard.sample;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import dev.mcpguard.sample.support.SampleServerTest;
import io.modelcontextprotocol.client.McpSyncClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import static dev.mcpguard.sample.support.McpTestClients.INITIALIZE;
import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.OPERATOR;
import static dev.mcpguard.sample.support.McpTestClients.VIEWER;
import static dev.mcpguard.sample.support.McpTestClients.client;
import static dev.mcpguard.sample.support.McpTestClients.http;
import static dev.mcpguard.sample.support.McpTestClients.toolNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Authentication of the MCP endpoint and the token runbook, over real HTTP with a real MCP client and a real
 * PostgreSQL: refused credentials on every method, issued tokens, revocation, rotation, session binding, Origin.
 */
@SampleServerTest
@TestPropertySource(properties = {
		"mcp.guard.auth.tokens.expired-bot.value=expired-bot-token-000000000000000",
		"mcp.guard.auth.tokens.expired-bot.roles=viewer",
		"mcp.guard.auth.tokens.expired-bot.expires-at=2020-01-01T00:00:00Z",
		"mcp.guard.auth.tokens.leaked-bot.value=leaked-bot-token-0000000000000000",
		"mcp.guard.auth.tokens.leaked-bot.roles=operator" })
@ExtendWith(OutputCaptureExtension.class)
class AuthenticationIntegrationTests {

	private static final String EXPIRED = "expired-bot-token-000000000000000";

	private static final String LEAKED = "leaked-bot-token-0000000000000000";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String ADD_NOTE = """
			{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"add_note","arguments":{"orderId":1,"text":"intruder"}}}""";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@BeforeEach
	void revokeTheLeakedStaticToken() {
		HttpResponse<String> revoked = http("DELETE", actuator("/mcptokens/static:leaked-bot"), null, "Authorization", "Bearer " + ADMIN);
		assertThat(revoked.statusCode()).isEqualTo(200);
	}

	@Test
	void everyMethodRefusesMissingMalformedWrongExpiredAndRevokedCredentials() {
		int notesBefore = notes();
		List<List<String>> credentials = List.of(List.of(), List.of("Authorization", "Basic ZGVtbzpkZW1v"),
				List.of("Authorization", "Bearer"), List.of("Authorization", "Bearer  two parts"),
				List.of("Authorization", "Bearer not-a-real-token-at-all"), List.of("Authorization", "Bearer " + EXPIRED),
				List.of("Authorization", "Bearer " + LEAKED));
		for (List<String> credential : credentials) {
			for (String method : List.of("POST", "GET", "DELETE")) {
				HttpResponse<String> response = mcp(method, "POST".equals(method) ? ADD_NOTE : null,
						withMcpHeaders(credential, "Mcp-Session-Id", "00000000-0000-0000-0000-000000000000"));
				assertThat(response.statusCode()).as(method + " with " + credential).isEqualTo(401);
				assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
						(value) -> assertThat(value).startsWith("Bearer"));
				assertThat(response.body()).doesNotContain("token-0000").doesNotContain("expired").doesNotContain("revoked");
			}
		}
		assertThat(notes()).as("no tool ran for an unauthenticated caller").isEqualTo(notesBefore);
	}

	@Test
	void issuedTokenWorksAtOnceAndStopsWorkingAtRevocation(CapturedOutput output) throws Exception {
		HttpResponse<String> issued = http("POST", actuator("/mcptokens"), """
				{"principal":"ci-bot","roles":"viewer","ttl":"1d"}""", "Authorization", "Bearer " + ADMIN, "Content-Type", "application/json");
		assertThat(issued.statusCode()).isEqualTo(201);
		JsonNode body = json.readTree(issued.body());
		String id = body.get("id").asString();
		String token = body.get("token").asString();
		assertThat(token).startsWith("mcpg_").hasSizeGreaterThan(40);

		try (McpSyncClient client = client(this.port, token)) {
			assertThat(toolNames(client)).containsExactly("get_customer", "get_order", "get_product", "list_products");

			String listing = http("GET", actuator("/mcptokens"), null, "Authorization", "Bearer " + ADMIN).body();
			assertThat(listing).contains(id).contains("ci-bot").doesNotContain(token);

			assertThat(http("DELETE", actuator("/mcptokens/" + id), null, "Authorization", "Bearer " + ADMIN).statusCode())
				.isEqualTo(200);
			assertThatException().isThrownBy(client::listTools);
		}
		assertThat(mcp("POST", INITIALIZE, withMcpHeaders(List.of("Authorization", "Bearer " + token))).statusCode())
			.isEqualTo(401);
		assertThat(output.getAll()).doesNotContain(token).doesNotContain(ADMIN).doesNotContain(LEAKED);
	}

	@Test
	void issuedTokensNeverCarryTheAdminRoleByDefault() {
		HttpResponse<String> refused = http("POST", actuator("/mcptokens"), """
				{"principal":"second-admin","roles":"viewer,mcp-admin","ttl":"1d"}""", "Authorization", "Bearer " + ADMIN,
				"Content-Type", "application/json");
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("may not carry the admin role 'mcp-admin'");
	}

	@Test
	void rotationIssuesANewTokenAndRevokesTheOldOne() throws Exception {
		JsonNode issued = json.readTree(http("POST", actuator("/mcptokens"), """
				{"principal":"rotating-bot","roles":"viewer,operator"}""", "Authorization", "Bearer " + ADMIN, "Content-Type", "application/json").body());
		String oldToken = issued.get("token").asString();
		HttpResponse<String> rotated = http("POST", actuator("/mcptokens/" + issued.get("id").asString()),
				"{\"action\":\"rotate\"}", "Authorization", "Bearer " + ADMIN, "Content-Type", "application/json");
		assertThat(rotated.statusCode()).isEqualTo(201);
		String newToken = json.readTree(rotated.body()).get("token").asString();
		assertThat(mcp("POST", INITIALIZE, withMcpHeaders(List.of("Authorization", "Bearer " + oldToken))).statusCode()).isEqualTo(401);
		try (McpSyncClient client = client(this.port, newToken)) {
			assertThat(toolNames(client)).contains("create_order");
		}
		HttpResponse<String> staticRotation = http("POST", actuator("/mcptokens/static:leaked-bot"), "{\"action\":\"rotate\"}",
				"Authorization", "Bearer " + ADMIN, "Content-Type", "application/json");
		assertThat(staticRotation.statusCode()).isEqualTo(400);
		assertThat(staticRotation.body()).contains("rotated in configuration");
	}

	@Test
	void aSessionCreatedWithOneTokenIsUnusableWithAnother() {
		HttpResponse<String> initialized = mcp("POST", INITIALIZE, withMcpHeaders(List.of("Authorization", "Bearer " + VIEWER)));
		assertThat(initialized.statusCode()).isEqualTo(200);
		String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
		String list = """
				{"jsonrpc":"2.0","id":3,"method":"tools/list"}""";
		List<String> operator = List.of("Authorization", "Bearer " + OPERATOR);
		assertThat(mcp("POST", list, withMcpHeaders(operator, "Mcp-Session-Id", session)).statusCode()).isEqualTo(404);
		assertThat(mcp("GET", null, withMcpHeaders(operator, "Mcp-Session-Id", session)).statusCode()).isEqualTo(404);
		assertThat(mcp("DELETE", null, withMcpHeaders(operator, "Mcp-Session-Id", session)).statusCode()).isEqualTo(404);
		HttpResponse<String> owner = mcp("POST", list, withMcpHeaders(List.of("Authorization", "Bearer " + VIEWER), "Mcp-Session-Id", session));
		assertThat(owner.statusCode()).as("the owner's session survived the attempts").isEqualTo(200);
		assertThat(owner.body()).contains("list_products");
	}

	@Test
	void aForeignOriginIsRefused() {
		HttpResponse<String> response = mcp("POST", INITIALIZE,
				withMcpHeaders(List.of("Authorization", "Bearer " + VIEWER, "Origin", "http://evil.example")));
		assertThat(response.statusCode()).isEqualTo(403);
	}

	@Test
	void actuatorEndpointsNeedTheAdminRole() {
		assertThat(http("GET", actuator("/mcptokens"), null).statusCode()).isEqualTo(401);
		assertThat(http("GET", actuator("/mcptokens"), null, "Authorization", "Bearer " + OPERATOR).statusCode()).isEqualTo(403);
		assertThat(http("GET", actuator("/mcptokens"), null, "Authorization", "Bearer " + ADMIN).statusCode()).isEqualTo(200);
		assertThat(http("GET", actuator("/health"), null).statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> mcp(String method, String body, String... headers) {
		return http(method, "http://localhost:" + this.port + "/mcp", body, headers);
	}

	private static String[] withMcpHeaders(List<String> extra, String... more) {
		List<String> headers = new java.util.ArrayList<>(
				List.of("Content-Type", "application/json", "Accept", "application/json, text/event-stream"));
		headers.addAll(extra);
		headers.addAll(List.of(more));
		return headers.toArray(String[]::new);
	}

	private String actuator(String path) {
		return "http://localhost:" + this.port + "/actuator" + path;
	}

	private int notes() {
		return this.jdbc.queryForObject("SELECT count(*) FROM order_notes", Integer.class);
	}

}
