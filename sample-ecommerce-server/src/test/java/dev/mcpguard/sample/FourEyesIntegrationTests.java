package dev.mcpguard.sample;

import java.net.http.HttpResponse;
import java.util.Map;

import dev.mcpguard.sample.support.Approvals;
import dev.mcpguard.sample.support.SampleServerTest;
import io.modelcontextprotocol.client.McpSyncClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static dev.mcpguard.sample.support.Approvals.APPROVER;
import static dev.mcpguard.sample.support.Approvals.approvalId;
import static dev.mcpguard.sample.support.Approvals.decide;
import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.call;
import static dev.mcpguard.sample.support.McpTestClients.client;
import static dev.mcpguard.sample.support.McpTestClients.http;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Four-eyes approval cannot be bypassed by minting a second identity: a token cannot take another principal's
 * name, never carries a role its issuer lacks nor (by default) the admin role, and an approver whose credentials
 * the requester issued, directly or through a chain, cannot approve the requester's call.
 */
@SampleServerTest
@TestPropertySource(properties = "mcp.guard.admin.allow-admin-tokens=true")
class FourEyesIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Test
	void aTokenCannotTakeTheNameOfAnotherPrincipal() {
		HttpResponse<String> configured = issue(ADMIN, "demo-viewer", "viewer");
		assertThat(configured.statusCode()).isEqualTo(400);
		assertThat(configured.body()).contains("'demo-viewer' is the principal of a configured token");
		assertThat(issue(ADMIN, "reporting-bot", "viewer").statusCode()).isEqualTo(201);
		HttpResponse<String> again = issue(ADMIN, "reporting-bot", "viewer");
		assertThat(again.statusCode()).isEqualTo(400);
		assertThat(again.body()).contains("already has an issued token");
	}

	@Test
	void aTokenNeverCarriesARoleItsIssuerLacks() {
		HttpResponse<String> refused = issue(ADMIN, "auditor-bot", "viewer,auditor");
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("roles its issuer does not hold: auditor");
	}

	@Test
	void anApproverWhoseCredentialsTheRequesterIssuedCannotApproveItsCall() throws Exception {
		String twin = token(issue(ADMIN, "admin-twin", "mcp-admin"));
		String grandTwin = token(issue(twin, "admin-grandtwin", "mcp-admin"));
		String id;
		try (McpSyncClient admin = client(this.port, ADMIN)) {
			id = approvalId(call(admin, "delete_order", Map.of("orderId", Approvals.newOrder(this.port))));
		}
		for (String minted : new String[] { twin, grandTwin }) {
			HttpResponse<String> refused = decide(this.port, minted, id, "approve", "looks fine");
			assertThat(refused.statusCode()).isEqualTo(403);
			assertThat(refused.body()).contains("were issued by demo-admin");
		}
		assertThat(decide(this.port, APPROVER, id, "approve", "checked").statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> issue(String operator, String principal, String roles) {
		return http("POST", "http://localhost:" + this.port + "/actuator/mcptokens",
				"{\"principal\":\"" + principal + "\",\"roles\":\"" + roles + "\",\"ttl\":\"1d\"}", "Authorization",
				"Bearer " + operator, "Content-Type", "application/json");
	}

	private static String token(HttpResponse<String> issued) {
		assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
		return json.readTree(issued.body()).get("token").asString();
	}

}
