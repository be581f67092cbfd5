package dev.mcpguard.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.mcpguard.sample.support.SampleServerTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.INITIALIZE;
import static dev.mcpguard.sample.support.McpTestClients.http;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients sending bodies one byte at a time. Unauthenticated ones are refused, and Tomcat does not sit on a request
 * thread reading the rest of their bodies; an authenticated one holds at most a few threads, each until the body
 * read deadline. Health (and everyone else) keeps being served with few threads.
 */
@SampleServerTest
@TestPropertySource(properties = { "server.tomcat.threads.max=8", "mcp.guard.network.body-read-timeout=3s",
		"mcp.guard.network.max-slow-bodies-per-credential=2" })
class SlowBodyIntegrationTests {

	private static final int CONNECTIONS = 24;

	private final List<Socket> sockets = new ArrayList<>();

	private final ExecutorService trickle = Executors.newSingleThreadExecutor();

	@LocalServerPort
	int port;

	@AfterEach
	void close() throws IOException {
		this.trickle.shutdownNow();
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

	@Test
	void healthStaysUpWhileManyRefusedClientsTrickleTheirBodies() throws Exception {
		for (int i = 0; i < CONNECTIONS; i++) {
			this.sockets.add(startBody(null));
		}
		trickleAndCheckHealth();
	}

	@Test
	void anAuthenticatedCallerTricklingBodiesHoldsAFewThreadsForTheDeadlineOnly() throws Exception {
		ExecutorService readers = Executors.newFixedThreadPool(10);
		List<Future<String>> answers = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			Socket socket = startBody(ADMIN);
			this.sockets.add(socket);
			socket.setSoTimeout(15_000);
			answers.add(readers.submit(() -> new BufferedReader(new InputStreamReader(socket.getInputStream(),
					StandardCharsets.US_ASCII)).readLine()));
		}
		trickleAndCheckHealth();
		List<String> statusLines = new ArrayList<>();
		for (Future<String> answer : answers) {
			statusLines.add(answer.get(15, TimeUnit.SECONDS));
		}
		readers.shutdownNow();
		// two bodies may be still arriving at once; the others are refused at once, the two when the deadline passes
		assertThat(statusLines).filteredOn((line) -> line.startsWith("HTTP/1.1 429")).hasSize(8);
		assertThat(statusLines).filteredOn((line) -> line.startsWith("HTTP/1.1 408")).hasSize(2);
		// the caller's calls sent as usual go on
		assertThat(http("POST", "http://localhost:" + this.port + "/mcp", INITIALIZE, "Authorization", "Bearer " + ADMIN,
				"Content-Type", "application/json", "Accept", "application/json, text/event-stream").statusCode()).isEqualTo(200);
	}

	private Socket startBody(@Nullable String token) throws IOException {
		Socket socket = new Socket("localhost", this.port);
		String authorization = (token != null) ? "Authorization: Bearer " + token + "\r\n" : "";
		socket.getOutputStream().write(("POST /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ authorization + "Accept: application/json, text/event-stream\r\nContent-Length: 1000\r\n\r\n{")
			.getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
		return socket;
	}

	private void trickleAndCheckHealth() throws Exception {
		// one more byte on each connection every 2 s, for as long as the test runs
		this.trickle.submit(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				for (Socket socket : this.sockets) {
					try {
						OutputStream out = socket.getOutputStream();
						out.write(' ');
						out.flush();
					}
					catch (IOException ex) {
						// closed by the server: what this test wants
					}
				}
				TimeUnit.SECONDS.sleep(2);
			}
			return null;
		});
		TimeUnit.SECONDS.sleep(3);
		for (int i = 0; i < 5; i++) {
			long start = System.nanoTime();
			assertThat(http("GET", "http://localhost:" + this.port + "/actuator/health", null).statusCode()).isEqualTo(200);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("health answered at once").isLessThan(Duration.ofSeconds(3));
			TimeUnit.SECONDS.sleep(1);
		}
	}

}
