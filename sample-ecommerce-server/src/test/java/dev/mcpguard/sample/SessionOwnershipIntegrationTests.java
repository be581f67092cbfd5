package dev.mcpguard.sample;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import dev.mcpguard.sample.support.SampleServerTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.mcpguard.sample.support.McpTestClients.INITIALIZE;
import static dev.mcpguard.sample.support.McpTestClients.OPERATOR;
import static dev.mcpguard.sample.support.McpTestClients.VIEWER;
import static dev.mcpguard.sample.support.McpTestClients.http;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Another principal's live MCP session is no oracle: over real HTTP, a request that names it gets the very answer
 * (status, headers, body) of a request that names a session that does not exist, on POST, GET and DELETE, with
 * correct headers and with the mistakes the transport checks for.
 */
@SampleServerTest
class SessionOwnershipIntegrationTests {

	private static final String TOOLS_LIST = """
			{"jsonrpc":"2.0","id":2,"method":"tools/list"}""";

	private static final String BOTH = "application/json, text/event-stream";

	@LocalServerPort
	int port;

	@Test
	void anotherPrincipalsSessionIsAnsweredExactlyAsAnUnknownSessionOnEveryMethod() {
		String viewersSession = initialize(VIEWER);
		String unknownSession = UUID.randomUUID().toString();
		List<Probe> probes = List.of(new Probe("POST", TOOLS_LIST, "Content-Type", "application/json", "Accept", BOTH),
				new Probe("POST", TOOLS_LIST, "Content-Type", "application/json", "Accept", "application/json"),
				new Probe("POST", TOOLS_LIST, "Content-Type", "application/json"),
				new Probe("POST", "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}", "Content-Type", "application/json", "Accept", BOTH),
				new Probe("GET", null, "Accept", "text/event-stream"), new Probe("GET", null, "Accept", "application/json"),
				new Probe("GET", null), new Probe("DELETE", null));
		for (Probe probe : probes) {
			HttpResponse<String> foreign = probe.send(this.port, OPERATOR, viewersSession);
			HttpResponse<String> unknown = probe.send(this.port, OPERATOR, unknownSession);
			assertThat(foreign.statusCode()).as("status of %s", probe).isEqualTo(unknown.statusCode()).isBetween(400, 499);
			assertThat(headersButDate(foreign)).as("headers of %s", probe).isEqualTo(headersButDate(unknown));
			assertThat(foreign.body()).as("body of %s", probe).isEqualTo(unknown.body()).doesNotContain(viewersSession);
		}
		HttpResponse<String> owner = new Probe("POST", TOOLS_LIST, "Content-Type", "application/json", "Accept", BOTH)
			.send(this.port, VIEWER, viewersSession);
		assertThat(owner.statusCode()).as("the owner's session survived every attempt").isEqualTo(200);
		assertThat(owner.body()).contains("list_products");
	}

	private String initialize(String token) {
		HttpResponse<String> initialized = http("POST", "http://localhost:" + this.port + "/mcp", INITIALIZE,
				"Authorization", "Bearer " + token, "Content-Type", "application/json", "Accept", BOTH);
		assertThat(initialized.statusCode()).isEqualTo(200);
		return initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
	}

	private static Map<String, List<String>> headersButDate(HttpResponse<String> response) {
		Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		headers.putAll(response.headers().map());
		headers.remove("date");
		return headers;
	}

	private record Probe(String method, @Nullable String body, String... headers) {

		HttpResponse<String> send(int port, String token, String sessionId) {
			List<String> all = new ArrayList<>(List.of(this.headers));
			all.addAll(List.of("Authorization", "Bearer " + token, "Mcp-Session-Id", sessionId));
			return http(this.method, "http://localhost:" + port + "/mcp", this.body, all.toArray(String[]::new));
		}

		@Override
		public String toString() {
			return this.method + " " + List.of(this.headers);
		}

	}

}
