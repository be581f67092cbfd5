package dev.mcpguard.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.mcpguard.sample.support.SampleServerTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static dev.mcpguard.sample.support.McpTestClients.INITIALIZE;
import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DNS rebinding is refused by default, and only it: over real HTTP (raw requests, since the JDK's client will not
 * send a Host header of the test's choosing), a request whose {@code Host} is a foreign name or whose
 * {@code Origin} is a foreign site gets 403 on every method and on MCP Guard's actuator endpoints; the loopback
 * names and origins, IP addresses, the server's own origin and the names and origins an operator lists are served.
 */
@SampleServerTest
@TestPropertySource(properties = { "mcp.guard.network.allowed-hosts=mcp.example.com,agents.example.com:8443",
		"mcp.guard.network.allowed-origins=https://console.example.com" })
class DnsRebindingIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void aForeignHostNameIsRefusedOnEveryMethodEvenWithAMatchingOrigin() {
		String rebound = "attacker.example:" + this.port;
		assertThat(initialize(rebound, null).status()).isEqualTo(403);
		assertThat(initialize(rebound, "http://" + rebound).status()).as("the rebound page's own origin").isEqualTo(403);
		assertThat(initialize("mcp.example.com.attacker.example", null).status()).isEqualTo(403);
		assertThat(initialize("localhost.attacker.example:" + this.port, null).status()).isEqualTo(403);
		assertThat(initialize("agents.example.com:" + this.port, null).status()).as("listed with another port").isEqualTo(403);
		for (String method : List.of("GET", "DELETE")) {
			RawResponse response = send(method, "/mcp", rebound, null, null, "Authorization", "Bearer " + VIEWER,
					"Accept", "text/event-stream", "Mcp-Session-Id", "00000000-0000-0000-0000-000000000001");
			assertThat(response.status()).as(method).isEqualTo(403);
			assertThat(response.body()).as(method).contains("Host not allowed");
		}
		RawResponse admin = send("GET", "/actuator/mcptokens", rebound, null, null, "Authorization", "Bearer " + ADMIN);
		assertThat(admin.status()).isEqualTo(403);
		assertThat(admin.body()).doesNotContain("demo-admin");
	}

	@Test
	void aForeignOriginIsRefused() {
		for (String origin : List.of("http://attacker.example", "http://attacker.example:" + this.port, "null",
				"http://localhost.attacker.example", "https://console.example.com:444", "http://127.0.0.2:" + this.port)) {
			RawResponse response = initialize("localhost:" + this.port, origin);
			assertThat(response.status()).as(origin).isEqualTo(403);
			assertThat(response.body()).as(origin).contains("Origin not allowed");
		}
	}

	@Test
	void loopbackNamesAndAddressesAreServedByDefault() {
		for (String host : List.of("localhost:" + this.port, "LocalHost:" + this.port, "127.0.0.1:" + this.port,
				"[::1]:" + this.port, "localhost", "10.0.0.7:" + this.port, "[fd00::7]:" + this.port)) {
			assertThat(initialize(host, null).status()).as(host).isEqualTo(200);
		}
	}

	@Test
	void loopbackOriginsAndTheServersOwnOriginAreServedByDefault() {
		String host = "localhost:" + this.port;
		for (String origin : List.of("http://localhost:6274", "http://localhost", "https://localhost:8443",
				"http://127.0.0.1:3000", "http://[::1]:5173", "http://" + host, "HTTP://LOCALHOST:" + this.port)) {
			assertThat(initialize(host, origin).status()).as(origin).isEqualTo(200);
		}
		assertThat(initialize("mcp.example.com", "https://mcp.example.com").status()).as("its own origin, behind TLS")
			.isEqualTo(200);
	}

	@Test
	void listedHostsAndOriginsAreServed() {
		assertThat(initialize("mcp.example.com:" + this.port, null).status()).isEqualTo(200);
		assertThat(initialize("MCP.Example.Com", null).status()).isEqualTo(200);
		assertThat(initialize("agents.example.com:8443", null).status()).isEqualTo(200);
		assertThat(initialize("mcp.example.com", "https://console.example.com").status()).isEqualTo(200);
		assertThat(initialize("localhost:" + this.port, "https://console.example.com/").status()).isEqualTo(200);
	}

	private RawResponse initialize(String host, @Nullable String origin) {
		return send("POST", "/mcp", host, origin, INITIALIZE, "Authorization", "Bearer " + VIEWER, "Content-Type",
				"application/json", "Accept", "application/json, text/event-stream");
	}

	// HTTP/1.1 over a socket: the Host header is the test's, and the connection closes after the answer.
	private RawResponse send(String method, String path, String host, @Nullable String origin, @Nullable String body,
			String... headers) {
		List<String> lines = new ArrayList<>(List.of(method + " " + path + " HTTP/1.1", "Host: " + host, "Connection: close"));
		if (origin != null) {
			lines.add("Origin: " + origin);
		}
		for (int i = 0; i < headers.length; i += 2) {
			lines.add(headers[i] + ": " + headers[i + 1]);
		}
		byte[] content = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
		if (body != null) {
			lines.add("Content-Length: " + content.length);
		}
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write((String.join("\r\n", lines) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
			out.write(content);
			out.flush();
			InputStream in = socket.getInputStream();
			String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			int status = Integer.parseInt(response.substring(9, 12));
			int bodyStart = response.indexOf("\r\n\r\n");
			return new RawResponse(status, (bodyStart >= 0) ? response.substring(bodyStart + 4) : "");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private record RawResponse(int status, String body) {
	}

}
