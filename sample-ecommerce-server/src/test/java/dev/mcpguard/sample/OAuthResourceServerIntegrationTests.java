package dev.mcpguard.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.jwk.RSAKey;
import dev.mcpguard.sample.support.Approvals;
import dev.mcpguard.sample.support.SampleServerTest;
import dev.mcpguard.sample.support.TestAuthorizationServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.INITIALIZE;
import static dev.mcpguard.sample.support.McpTestClients.OPERATOR;
import static dev.mcpguard.sample.support.McpTestClients.call;
import static dev.mcpguard.sample.support.McpTestClients.client;
import static dev.mcpguard.sample.support.McpTestClients.http;
import static dev.mcpguard.sample.support.McpTestClients.text;
import static dev.mcpguard.sample.support.McpTestClients.toolNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample as an OAuth 2.1 resource server of a real authorization server (Spring Authorization Server on a
 * random port in this JVM): discovery from a 401, tokens for this resource accepted with the roles they carry,
 * every other token refused, a rotated signing key picked up without restart, four-eyes approval comparing
 * identities (issuer and subject) rather than credentials, and MCP Guard's own tokens working beside the
 * authorization server's.
 */
@SampleServerTest
class OAuthResourceServerIntegrationTests {

	private static final String RESOURCE = "https://mcp.example.test/mcp";

	private static final Set<String> READS = Set.of("list_products", "get_product", "get_order", "get_customer");

	private static final Set<String> WRITES = Set.of("create_order", "update_order", "add_note");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TestAuthorizationServer AS = TestAuthorizationServer.start();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@DynamicPropertySource
	static void authorizationServer(DynamicPropertyRegistry registry) {
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", AS::issuer);
		registry.add("mcp.guard.auth.oauth2.resource", () -> RESOURCE);
		registry.add("mcp.guard.auth.oauth2.required-scopes", () -> TestAuthorizationServer.SCOPE);
	}

	@AfterAll
	static void stop() {
		AS.close();
	}

	@Test
	@SuppressWarnings("unchecked")
	void aClientWithoutTokenDiscoversTheAuthorizationServerAndListsExactlyWhatItsRolesAllow() {
		HttpResponse<String> anonymous = initialize(null);
		assertThat(anonymous.statusCode()).isEqualTo(401);
		String challenge = anonymous.headers().firstValue("WWW-Authenticate").orElseThrow();
		Matcher location = Pattern.compile("resource_metadata=\"([^\"]+)\"").matcher(challenge);
		assertThat(location.find()).as(challenge).isTrue();
		assertThat(location.group(1)).isEqualTo(base() + "/.well-known/oauth-protected-resource/mcp");

		Map<?, ?> metadata = json(http("GET", location.group(1), null));
		assertThat(metadata.get("resource")).isEqualTo(RESOURCE);
		assertThat((List<Object>) metadata.get("authorization_servers")).containsExactly(AS.issuer());
		assertThat((List<Object>) metadata.get("scopes_supported")).contains(TestAuthorizationServer.SCOPE);
		assertThat((List<Object>) metadata.get("bearer_methods_supported")).containsExactly("header");
		assertThat(json(http("GET", base() + "/.well-known/oauth-protected-resource", null)).get("resource"))
			.isEqualTo(RESOURCE);

		// The client follows the metadata to the authorization server's own metadata and its token endpoint.
		Map<?, ?> server = json(http("GET", AS.issuer() + "/.well-known/oauth-authorization-server", null));
		assertThat(server.get("token_endpoint")).isEqualTo(AS.issuer() + "/oauth2/token");
		Set<String> operatorTools = new TreeSet<>(READS);
		operatorTools.addAll(WRITES);
		assertThat(tools(AS.token("operator-client", (String) metadata.get("resource")))).containsExactlyElementsOf(operatorTools);
		assertThat(tools(AS.token("viewer-client", RESOURCE))).containsExactlyElementsOf(new TreeSet<>(READS));
		long before = this.jdbc.queryForObject("SELECT coalesce(max(seq), 0) FROM mcp_guard_audit", Long.class);
		try (McpSyncClient viewer = client(this.port, AS.token("viewer-client", RESOURCE))) {
			assertThat(text(call(viewer, "create_order", Map.of("customerId", 1, "items", List.of()))))
				.startsWith("Permission denied: 'create_order' requires role");
			assertThat(call(viewer, "list_products", Map.of()).isError()).isFalse();
		}
		// Audit rows name the caller by its subject at its issuer, and how it authenticated.
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(this.jdbc.queryForList(
				"SELECT principal, auth_method, outcome FROM mcp_guard_audit WHERE seq > ? AND tool IN ('create_order', "
						+ "'list_products') ORDER BY seq", before))
			.extracting((row) -> row.get("principal") + " " + row.get("auth_method") + " " + row.get("outcome"))
			.containsExactly("viewer-client@" + AS.issuer() + " oauth2 DENIED", "viewer-client@" + AS.issuer() + " oauth2 OK"));
	}

	@Test
	void tokensNotIssuedForThisResourceByThisServerWithItsKeyAndStillValidAreRefused() {
		assertThat(initialize(AS.mint(true, RESOURCE, (claims) -> {
		})).statusCode()).as("a minted token like the others is accepted").isEqualTo(200);
		assertThat(initialize(AS.token("operator-client", "https://other.example.test/mcp")).statusCode())
			.as("another audience").isEqualTo(401);
		try (TestAuthorizationServer other = TestAuthorizationServer.start()) {
			assertThat(initialize(other.token("operator-client", RESOURCE)).statusCode()).as("another issuer").isEqualTo(401);
		}
		assertThat(initialize(AS.mint(false, RESOURCE, (claims) -> {
		})).statusCode()).as("an unknown key").isEqualTo(401);
		Instant now = Instant.now();
		assertThat(initialize(AS.mint(true, RESOURCE, (claims) -> claims.issuedAt(now.minusSeconds(900))
			.expiresAt(now.minusSeconds(300)))).statusCode()).as("expired").isEqualTo(401);
		assertThat(initialize(AS.mint(true, RESOURCE, (claims) -> claims.notBefore(now.plusSeconds(900))))
			.statusCode()).as("not yet valid").isEqualTo(401);
		HttpResponse<String> wrongAudience = initialize(AS.token("operator-client", "https://other.example.test/mcp"));
		assertThat(wrongAudience.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("resource_metadata=");
		assertThat(wrongAudience.body()).doesNotContain("audience");
	}

	@Test
	void aKeyRotatedByTheAuthorizationServerIsPickedUpWithoutRestart() {
		assertThat(initialize(AS.token("viewer-client", RESOURCE)).statusCode()).isEqualTo(200);
		AS.rotateKey();
		String signedByTheNewKey = AS.token("viewer-client", RESOURCE);
		assertThat(initialize(signedByTheNewKey).statusCode()).isEqualTo(200);
		assertThat(tools(signedByTheNewKey)).containsExactlyElementsOf(new TreeSet<>(READS));
	}

	@Test
	void aTokenWithoutTheRequiredScopeIsAnswered403NamingTheScope() {
		HttpResponse<String> response = initialize(AS.token("unscoped-client", RESOURCE));
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
			.contains("error=\"insufficient_scope\"", "scope=\"" + TestAuthorizationServer.SCOPE + "\"",
					"resource_metadata=\"" + base() + "/.well-known/oauth-protected-resource/mcp\"");
	}

	@Test
	void anApprovalRequestedByASubjectCannotBeApprovedByTheSameSubjectThroughAnotherCredential() {
		String first = AS.token("admin-client", RESOURCE);
		String id;
		try (McpSyncClient client = client(this.port, first)) {
			CallToolResult pending = call(client, "delete_order", Map.of("orderId", 424242));
			assertThat(text(pending)).startsWith("Approval required");
			id = Approvals.approvalId(pending);
		}
		assertThat(Approvals.request(this.port, id).get("principal")).isEqualTo("admin-client@" + AS.issuer());
		String second = AS.token("admin-client", RESOURCE);
		assertThat(second).as("another credential of the same subject").isNotEqualTo(first);
		HttpResponse<String> self = Approvals.decide(this.port, second, id, "approve", null);
		assertThat(self.statusCode()).as(self.body()).isEqualTo(403);
		assertThat(self.body()).contains("Self-approval is not allowed");
		assertThat(Approvals.request(this.port, id).get("status")).isEqualTo("PENDING");
		Approvals.approve(this.port, id);
	}

	@Test
	void aDPoPBoundTokenWorksOnlyWithAProofOfItsKey() {
		RSAKey key = TestAuthorizationServer.clientKey();
		String token = AS.mint(true, RESOURCE,
				(claims) -> claims.claim("cnf", Map.of("jkt", TestAuthorizationServer.thumbprint(key))));
		String url = base() + "/mcp";
		assertThat(dpop(token, TestAuthorizationServer.proof(key, "POST", url, token)).statusCode()).isEqualTo(200);
		assertThat(initialize(token).statusCode()).as("as a plain bearer token").isEqualTo(401);
		long before = this.jdbc.queryForObject("SELECT coalesce(max(seq), 0) FROM mcp_guard_audit", Long.class);
		assertThat(dpop(token, TestAuthorizationServer.proof(TestAuthorizationServer.clientKey(), "POST", url, token))
			.statusCode()).as("proof of another key").isEqualTo(401);
		// Spring Security's DPoP support answers that refusal itself; it is still a row of the audit trail.
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(this.jdbc.queryForList(
				"SELECT outcome FROM mcp_guard_audit WHERE seq > ? AND arguments LIKE '%authentication-dpop%'",
				String.class, before)).containsExactly("UNAUTHENTICATED"));
	}

	@Test
	void staticAndIssuedTokensKeepWorkingBesideAccessTokens() {
		assertThat(tools(OPERATOR)).contains("create_order");
		HttpResponse<String> issued = http("POST", base() + "/actuator/mcptokens",
				"{\"principal\":\"oauth-neighbour\",\"roles\":\"viewer\"}", "Authorization", "Bearer " + ADMIN,
				"Content-Type", "application/json");
		assertThat(issued.statusCode()).isEqualTo(201);
		assertThat(tools((String) json(issued).get("token"))).containsExactlyElementsOf(new TreeSet<>(READS));
		assertThat(initialize("not-a-token-0000000000000000").statusCode()).isEqualTo(401);
	}

	private List<String> tools(String token) {
		try (McpSyncClient client = client(this.port, token)) {
			return toolNames(client);
		}
	}

	private HttpResponse<String> initialize(String token) {
		return (token != null)
				? http("POST", base() + "/mcp", INITIALIZE, "Authorization", "Bearer " + token, "Content-Type",
						"application/json", "Accept", "application/json, text/event-stream")
				: http("POST", base() + "/mcp", INITIALIZE, "Content-Type", "application/json", "Accept",
						"application/json, text/event-stream");
	}

	private HttpResponse<String> dpop(String token, String proof) {
		return http("POST", base() + "/mcp", INITIALIZE, "Authorization", "DPoP " + token, "DPoP", proof,
				"Content-Type", "application/json", "Accept", "application/json, text/event-stream");
	}

	private static Map<?, ?> json(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
		return JSON.readValue(response.body(), Map.class);
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
