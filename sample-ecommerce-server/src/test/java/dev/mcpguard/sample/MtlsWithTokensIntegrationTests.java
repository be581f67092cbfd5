package dev.mcpguard.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import dev.mcpguard.sample.support.SampleServerTest;
import dev.mcpguard.sample.support.TestPki;
import io.modelcontextprotocol.client.McpSyncClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static dev.mcpguard.sample.support.McpTestClients.VIEWER;
import static dev.mcpguard.sample.support.McpTestClients.toolNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Client certificates and bearer tokens side by side ({@code server.ssl.client-auth=want}), over real HTTPS with a
 * real MCP client and a real PostgreSQL: a request without a certificate may use a token, a request with both is
 * decided by the token.
 */
@SampleServerTest
@TestPropertySource(properties = { "mcp.guard.auth.mtls.enabled=true", "mcp.guard.auth.mtls.roles.agent-service=operator" })
class MtlsWithTokensIntegrationTests {

	private static final List<String> VIEWER_TOOLS = List.of("get_customer", "get_order", "get_product", "list_products");

	@TempDir
	static Path certificates;

	private static TestPki pki;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void https(DynamicPropertyRegistry registry) {
		pki().registerServerProperties(registry, "want");
	}

	static synchronized TestPki pki() {
		if (pki == null) {
			pki = TestPki.create(certificates);
		}
		return pki;
	}

	@Test
	void withoutCertificateOrTokenTheRequestGets401() throws IOException {
		assertThat(pki().initialize(this.port, null).statusCode()).isEqualTo(401);
	}

	@Test
	void withoutCertificateATokenAuthenticates() {
		McpSyncClient client = pki().mcpClient(this.port, null, VIEWER);
		try {
			assertThat(toolNames(client)).isEqualTo(VIEWER_TOOLS);
		}
		finally {
			client.closeGracefully();
		}
	}

	@Test
	void certificateAloneAuthenticatesWithItsRoles() {
		McpSyncClient client = pki().mcpClient(this.port, pki().agent(), null);
		try {
			assertThat(toolNames(client)).containsExactly("add_note", "create_order", "update_order");
		}
		finally {
			client.closeGracefully();
		}
	}

	@Test
	void withCertificateAndTokenTheTokenDecides() {
		McpSyncClient client = pki().mcpClient(this.port, pki().agent(), VIEWER);
		try {
			assertThat(toolNames(client)).isEqualTo(VIEWER_TOOLS);
		}
		finally {
			client.closeGracefully();
		}
	}

	@Test
	void unmappedCertificateIsRefusedButATokenStillWorksOverItsConnection() throws IOException {
		assertThat(pki().initialize(this.port, pki().unmapped()).statusCode()).isEqualTo(401);
		McpSyncClient client = pki().mcpClient(this.port, pki().unmapped(), VIEWER);
		try {
			assertThat(toolNames(client)).isEqualTo(VIEWER_TOOLS);
		}
		finally {
			client.closeGracefully();
		}
	}

	@Test
	void certificateFromAnUntrustedCaFailsTheHandshakeEvenWhenOptional() {
		assertThatIOException().isThrownBy(() -> pki().initialize(this.port, pki().rogue()));
	}

}
