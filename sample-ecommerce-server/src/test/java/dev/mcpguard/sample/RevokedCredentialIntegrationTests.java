package dev.mcpguard.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import dev.mcpguard.sample.support.SampleServerTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.mcpguard.sample.support.McpTestClients.INITIALIZE;
import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.http;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Revoking a token ends what it holds open: its open stream stops (no further server message reaches it), and a
 * request refused with it does not count as a use of it.
 */
@SampleServerTest
class RevokedCredentialIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aRevokedTokensOpenStreamIsClosedAndItsRefusedRequestsAreNoUse() throws Exception {
		JsonNode issued = json.readTree(http("POST", url("/actuator/mcptokens"), """
				{"principal":"streaming-bot","roles":"viewer","ttl":"1d"}""", "Authorization", "Bearer " + ADMIN,
				"Content-Type", "application/json").body());
		String id = issued.get("id").asString();
		String token = issued.get("token").asString();
		HttpResponse<String> initialized = http("POST", url("/mcp"), INITIALIZE, "Authorization", "Bearer " + token,
				"Content-Type", "application/json", "Accept", "application/json, text/event-stream");
		assertThat(initialized.statusCode()).isEqualTo(200);
		String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
		http("POST", url("/mcp"), "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", "Authorization",
				"Bearer " + token, "Content-Type", "application/json", "Accept", "application/json, text/event-stream",
				"Mcp-Session-Id", session);

		// A raw connection (Connection: close), read to its end: it ends only when the server completes the stream.
		Socket socket = new Socket("localhost", this.port);
		socket.getOutputStream().write(("GET /mcp HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
				+ "\r\nAccept: text/event-stream\r\nMcp-Session-Id: " + session + "\r\nConnection: close\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
		CompletableFuture<String> ended = CompletableFuture.supplyAsync(() -> {
			try (InputStream in = socket.getInputStream()) {
				return new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
		assertThat(ended).as("the stream stays open while the token is valid")
			.failsWithin(Duration.ofSeconds(2))
			.withThrowableOfType(TimeoutException.class);

		assertThat(http("DELETE", url("/actuator/mcptokens/" + id), null, "Authorization", "Bearer " + ADMIN).statusCode())
			.isEqualTo(200);
		assertThat(ended).as("the stream of the revoked token ends")
			.succeedsWithin(Duration.ofSeconds(15))
			.asString()
			.startsWith("HTTP/1.1 200");
		socket.close();

		await().atMost(Duration.ofSeconds(10)).until(() -> lastUsed(id) != null);
		Timestamp usedBeforeRevocation = lastUsed(id);
		Thread.sleep(5);
		assertThat(http("POST", url("/mcp"), INITIALIZE, "Authorization", "Bearer " + token, "Content-Type",
				"application/json", "Accept", "application/json, text/event-stream").statusCode()).isEqualTo(401);
		// the last-use times are written every sync interval (2 s): two intervals later the refusal has left no trace
		await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(lastUsed(id)).isEqualTo(usedBeforeRevocation));
	}

	private Timestamp lastUsed(String id) {
		return this.jdbc.queryForObject("SELECT last_used_at FROM mcp_guard_token WHERE id = ?", Timestamp.class, id);
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}
