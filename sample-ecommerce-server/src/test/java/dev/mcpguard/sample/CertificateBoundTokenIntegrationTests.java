package dev.mcpguard.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.mcpguard.sample.support.SampleServerTest;
import dev.mcpguard.sample.support.TestAuthorizationServer;
import dev.mcpguard.sample.support.TestPki;
import dev.mcpguard.oauth2.CertificateBinding;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.mcpguard.sample.support.McpTestClients.INITIALIZE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Certificate-bound access tokens (RFC 8705) over real HTTPS: a token whose {@code cnf.x5t#S256} names a client
 * certificate works only on a connection that presents that certificate; without it, or with another trusted
 * certificate, the token is refused. Tokens without {@code cnf} stay bearer tokens.
 */
@SampleServerTest
class CertificateBoundTokenIntegrationTests {

	private static final String RESOURCE = "https://mcp.example.test/mcp";

	private static final TestAuthorizationServer AS = TestAuthorizationServer.start();

	@TempDir
	static Path certificates;

	private static TestPki pki;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		pki().registerServerProperties(registry, "want");
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", AS::issuer);
		registry.add("mcp.guard.auth.oauth2.resource", () -> RESOURCE);
	}

	static synchronized TestPki pki() {
		if (pki == null) {
			pki = TestPki.create(certificates);
		}
		return pki;
	}

	@AfterAll
	static void stop() {
		AS.close();
	}

	@Test
	void aBoundTokenWorksOnlyWithItsCertificate() throws Exception {
		String bound = AS.mint(true, RESOURCE, (claims) -> claims.claim("cnf",
				Map.of("x5t#S256", CertificateBinding.thumbprint(pki().agent().certificate()))));
		assertThat(initialize(bound, pki().agent()).statusCode()).as("with its certificate").isEqualTo(200);
		assertThat(initialize(bound, null).statusCode()).as("without a certificate").isEqualTo(401);
		assertThat(initialize(bound, pki().unmapped()).statusCode()).as("with another trusted certificate").isEqualTo(401);
	}

	@Test
	void aTokenWithoutConfirmationStaysABearerTokenAndAnUncheckableOrDPoPBoundOneIsRefused() throws Exception {
		assertThat(initialize(AS.mint(true, RESOURCE, (claims) -> {
		}), null).statusCode()).isEqualTo(200);
		assertThat(initialize(AS.mint(true, RESOURCE, (claims) -> claims.claim("cnf", Map.of("x5t", "sha1-thumbprint"))),
				pki().agent()).statusCode()).as("a confirmation this server does not check").isEqualTo(401);
		assertThat(initialize(AS.mint(true, RESOURCE, (claims) -> claims.claim("cnf", Map.of("jkt", "a-dpop-key"))),
				pki().agent()).statusCode()).as("DPoP-bound, sent as a bearer token").isEqualTo(401);
	}

	private HttpResponse<String> initialize(String token, TestPki.@Nullable Identity client) throws Exception {
		HttpClient http = HttpClient.newBuilder().sslContext(pki().sslContext(client))
			.connectTimeout(Duration.ofSeconds(5)).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + this.port + "/mcp"))
			.timeout(Duration.ofSeconds(10))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.POST(HttpRequest.BodyPublishers.ofString(INITIALIZE))
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
