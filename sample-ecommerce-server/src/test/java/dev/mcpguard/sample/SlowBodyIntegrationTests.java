package dev.mcpguard.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.mcpguard.sample.support.SampleServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static dev.mcpguard.sample.support.McpTestClients.http;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unauthenticated clients sending large bodies one byte at a time: each is refused, and Tomcat does not sit on a
 * request thread reading the rest of its body, so health (and everyone else) keeps being served with few threads.
 */
@SampleServerTest
@TestPropertySource(properties = "server.tomcat.threads.max=8")
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
			Socket socket = new Socket("localhost", this.port);
			socket.getOutputStream().write(("POST /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Accept: application/json, text/event-stream\r\nContent-Length: 1000000\r\n\r\n{")
				.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			this.sockets.add(socket);
		}
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
