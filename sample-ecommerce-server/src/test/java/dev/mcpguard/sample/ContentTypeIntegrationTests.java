package dev.mcpguard.sample;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import dev.mcpguard.sample.support.SampleServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.mcpguard.sample.support.McpTestClients.INITIALIZE;
import static dev.mcpguard.sample.support.McpTestClients.OPERATOR;
import static dev.mcpguard.sample.support.McpTestClients.http;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MCP endpoint reads a POST body as JSON only when the request says it is JSON: over real HTTP, a tool call sent
 * as text, as XML or with no type at all is refused with 415 and a JSON-RPC error, and no tool runs; JSON with
 * parameters or in another letter case is served.
 */
@SampleServerTest
class ContentTypeIntegrationTests {

	private static final String ADD_NOTE = """
			{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"add_note","arguments":{"orderId":1,"text":"sent as %s"}}}""";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	private String session;

	@BeforeEach
	void initialize() {
		HttpResponse<String> initialized = post(INITIALIZE, "application/json", null);
		assertThat(initialized.statusCode()).isEqualTo(200);
		this.session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
	}

	@Test
	void aToolCallThatIsNotDeclaredAsJsonIsRefusedWith415AndRunsNoTool() {
		int notesBefore = notes();
		for (String type : new String[] { "text/plain", "application/xml", "text/xml; charset=utf-8",
				"application/x-www-form-urlencoded", "application/jsonp", "application/json-patch+json", "multipart/form-data; boundary=x" }) {
			HttpResponse<String> response = post(ADD_NOTE.formatted(type), type, this.session);
			assertThat(response.statusCode()).as(type).isEqualTo(415);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
			assertThat(response.body()).as(type)
				.startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,")
				.contains("application/json");
		}
		HttpResponse<String> untyped = post(ADD_NOTE.formatted("no type"), null, this.session);
		assertThat(untyped.statusCode()).isEqualTo(415);
		assertThat(untyped.body()).contains("\"code\":-32600");
		assertThat(notes()).as("no note was written").isEqualTo(notesBefore);
	}

	@Test
	void jsonWithParametersOrInAnotherLetterCaseIsServed() {
		int notesBefore = notes();
		for (String type : new String[] { "application/json; charset=utf-8", "Application/JSON", "application/json;charset=UTF-8" }) {
			HttpResponse<String> response = post(ADD_NOTE.formatted(type), type, this.session);
			assertThat(response.statusCode()).as(type).isEqualTo(200);
			assertThat(response.body()).as(type).contains("\"isError\":false");
		}
		assertThat(notes()).isEqualTo(notesBefore + 3);
	}

	@Test
	void anUnauthenticatedRequestIsRefusedWith401WhateverItsType() {
		HttpResponse<String> response = http("POST", url(), ADD_NOTE.formatted("text/plain"), "Content-Type", "text/plain");
		assertThat(response.statusCode()).isEqualTo(401);
	}

	private HttpResponse<String> post(String body, String contentType, String sessionId) {
		List<String> headers = new ArrayList<>(List.of("Authorization", "Bearer " + OPERATOR, "Accept",
				"application/json, text/event-stream"));
		if (contentType != null) {
			headers.addAll(List.of("Content-Type", contentType));
		}
		if (sessionId != null) {
			headers.addAll(List.of("Mcp-Session-Id", sessionId));
		}
		return http("POST", url(), body, headers.toArray(String[]::new));
	}

	private String url() {
		return "http://localhost:" + this.port + "/mcp";
	}

	private int notes() {
		return this.jdbc.queryForObject("SELECT count(*) FROM order_notes", Integer.class);
	}

}
