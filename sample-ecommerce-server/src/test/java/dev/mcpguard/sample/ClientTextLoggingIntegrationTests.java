package dev.mcpguard.sample;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.mcpguard.sample.support.SampleServerTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.http;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client text against the server's log, through raw HTTP: line breaks in JSON-RPC fields and in {@code clientInfo}
 * cannot forge log lines, and secrets in messages the MCP SDK cannot classify (which it would log whole) never reach
 * the log.
 */
@SampleServerTest
@ExtendWith(OutputCaptureExtension.class)
class ClientTextLoggingIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void lineBreaksInClientInfoAndNotificationsForgeNoLogLine(CapturedOutput output) {
		HttpResponse<String> forgedClient = post(initialize("{\"name\":\"evil\\nINFO forged client line\",\"version\":\"1\"}"), null);
		String session = session();
		Map<String, HttpResponse<String>> notifications = new LinkedHashMap<>();
		for (String notification : List.of(
				"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":7,\"reason\":\"done\\nINFO forged cancel line\"}}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/custom\",\"params\":{\"note\":\"x\\r\\nINFO forged custom line\"}}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/custom\",\"params\":{\"note\":\"x\\u2028INFO forged separator line\"}}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/custom\\nINFO forged method line\"}")) {
			notifications.put(notification, post(notification, session));
		}

		assertThat(output.getAll().split("[\\r\\n\\u0085\\u2028\\u2029]")).noneMatch((line) -> line.startsWith("INFO forged"));
		assertThat(forgedClient.statusCode()).isEqualTo(400);
		assertThat(forgedClient.body()).contains("\"jsonrpc\":\"2.0\"").contains("\"error\"").contains("control characters");
		notifications.forEach((notification, response) -> {
			assertThat(response.statusCode()).as(notification).isEqualTo(400);
			assertThat(response.body()).as(notification).contains("\"error\"").doesNotContain("forged");
		});
	}

	@Test
	void messagesTheSdkCannotReadAreRefusedBeforeItLogsTheirSecrets(CapturedOutput output) {
		String session = session();
		Map<String, String> corpus = new LinkedHashMap<>();
		corpus.put("no method, no result", "{\"jsonrpc\":\"2.0\",\"id\":5,\"params\":{\"password\":\"hunter2\"}}");
		corpus.put("no id, no method", "{\"jsonrpc\":\"2.0\",\"password\":\"hunter2\"}");
		corpus.put("result without an id", "{\"jsonrpc\":\"2.0\",\"result\":{\"password\":\"hunter2\"}}");
		corpus.put("error not an object", "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":\"hunter2\"}");
		corpus.put("id an object", "{\"jsonrpc\":\"2.0\",\"id\":{\"password\":\"hunter2\"},\"method\":\"tools/list\"}");
		Map<String, HttpResponse<String>> responses = new LinkedHashMap<>();
		corpus.forEach((name, body) -> responses.put(name, post(body, session)));
		HttpResponse<String> clientInfoNotAnObject = post(initialize("\"hunter2\""), null);
		HttpResponse<String> unknownNotification = post(
				"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/custom\",\"params\":{\"password\":\"hunter2\"}}", session);
		HttpResponse<String> stillWorks = post("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/list\"}", session);

		assertThat(output.getAll()).doesNotContain("hunter2");
		responses.forEach((name, response) -> {
			assertThat(response.statusCode()).as(name).isEqualTo(400);
			assertThat(response.body()).as(name).contains("\"jsonrpc\":\"2.0\"").contains("\"error\"").doesNotContain("hunter2");
		});
		assertThat(clientInfoNotAnObject.statusCode()).isEqualTo(400);
		assertThat(clientInfoNotAnObject.body()).contains("\"error\"").doesNotContain("hunter2");
		assertThat(unknownNotification.statusCode()).as("a notification the server does not handle is ignored").isEqualTo(202);
		assertThat(stillWorks.statusCode()).isEqualTo(200);
		assertThat(stillWorks.body()).contains("get_product");
	}

	private String session() {
		HttpResponse<String> response = post(initialize("{\"name\":\"log-test\",\"version\":\"1\"}"), null);
		assertThat(response.statusCode()).isEqualTo(200);
		String session = response.headers().firstValue("Mcp-Session-Id").orElseThrow();
		assertThat(post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", session).statusCode()).isEqualTo(202);
		return session;
	}

	private static String initialize(String clientInfo) {
		return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
				+ "\"capabilities\":{},\"clientInfo\":" + clientInfo + "}}";
	}

	private HttpResponse<String> post(String body, @Nullable String session) {
		List<String> headers = new ArrayList<>(List.of("Authorization", "Bearer " + ADMIN, "Content-Type",
				"application/json", "Accept", "application/json, text/event-stream"));
		if (session != null) {
			headers.addAll(List.of("Mcp-Session-Id", session));
		}
		return http("POST", "http://localhost:" + this.port + "/mcp", body, headers.toArray(String[]::new));
	}

}
