package dev.mcpguard.sample;

import java.time.Duration;
import java.util.Map;

import dev.mcpguard.audit.AuditTrail;
import dev.mcpguard.sample.support.SampleServerTest;
import io.modelcontextprotocol.client.McpSyncClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.VIEWER;
import static dev.mcpguard.sample.support.McpTestClients.call;
import static dev.mcpguard.sample.support.McpTestClients.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Secrets inside free text, through a real MCP client: the audit row keeps the words around them and masks only
 * the secrets (provider keys, Basic credentials, PEM private keys, passwords in URLs, the server's own tokens).
 */
@SampleServerTest
class SecretRedactionIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	// Throw-away values shaped like real secrets; none of them is a real credential.
	private static final String PROVIDER_KEY = "sk-live-abcdef0123456789abcdef";

	private static final String BASIC = "YWxpY2U6czNjcjN0LXBhc3N3b3Jk";

	private static final String PEM_BODY = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun";

	private static final String URL_PASSWORD = "Tr0ub4dor-3";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	AuditTrail auditTrail;

	@Test
	void aNoteWithSecretsKeepsItsWordsInTheAuditRowAndLosesOnlyTheSecrets() {
		String text = "Please call me back, my key is " + PROVIDER_KEY + " and thanks. "
				+ "The proxy wants Authorization: Basic " + BASIC + " for now. "
				+ "Deploy key:\n-----BEGIN RSA PRIVATE KEY-----\n" + PEM_BODY + "\n" + PEM_BODY
				+ "\n-----END RSA PRIVATE KEY-----\nend of key. "
				+ "Database at postgres://shop:" + URL_PASSWORD + "@db.example.com:5432/shop please. "
				+ "The viewer token " + VIEWER + " was shared by mistake. Order 7f3c2a9e-1b4d-4c8e-9f00-123456789abc, 42 units.";
		assertThat(this.auditTrail.flush(Duration.ofSeconds(30))).isTrue();
		long watermark = this.jdbc.queryForObject("SELECT last_seq FROM mcp_guard_audit_chain", Long.class);

		try (McpSyncClient admin = client(this.port, ADMIN)) {
			assertThat(call(admin, "add_note", Map.of("orderId", 1, "text", text)).isError()).isFalse();
		}

		await().atMost(Duration.ofSeconds(30)).until(() -> this.jdbc.queryForObject(
				"SELECT count(*) FROM mcp_guard_audit WHERE seq > ? AND tool = 'add_note'", Long.class, watermark) == 1);
		String arguments = this.jdbc.queryForObject(
				"SELECT arguments FROM mcp_guard_audit WHERE seq > ? AND tool = 'add_note'", String.class, watermark);
		Map<?, ?> stored = JSON.readValue(arguments, Map.class);
		assertThat(stored.get("orderId")).isEqualTo(1);
		assertThat((String) stored.get("text"))
			.contains("Please call me back, my key is ", " and thanks. ", "The proxy wants Authorization: Basic ",
					" for now. ", "Deploy key:\n", "\nend of key. ", "Database at postgres://shop:",
					"@db.example.com:5432/shop please. ", "The viewer token ", " was shared by mistake.",
					"Order 7f3c2a9e-1b4d-4c8e-9f00-123456789abc, 42 units.")
			.doesNotContain(PROVIDER_KEY, BASIC, PEM_BODY, URL_PASSWORD, VIEWER);
	}

}
