package dev.mcpguard.protocol;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.mcpguard.protocol.JsonRpcEnvelopeValidator.Ignore;
import dev.mcpguard.protocol.JsonRpcEnvelopeValidator.Pass;
import dev.mcpguard.protocol.JsonRpcEnvelopeValidator.Problem;
import dev.mcpguard.protocol.JsonRpcEnvelopeValidator.Verdict;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the JSON-RPC check that runs before the MCP transport reads a body.
 */
class JsonRpcEnvelopeValidatorTests {

	private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
			+ "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"roots\":{\"listChanged\":true}},\"clientInfo\":%s}}";

	private final JsonRpcEnvelopeValidator validator = new JsonRpcEnvelopeValidator(64);

	@Test
	void requestsNotificationsAndResponsesPass() {
		for (String message : List.of(
				"{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"a\\nb\"}}}",
				"{\"id\":\"abc-1\",\"method\":\"tools/list\",\"jsonrpc\":\"2.0\"}",
				"{\"params\":{\"name\":\"echo\"},\"method\":\"tools/call\",\"id\":8,\"jsonrpc\":\"2.0\"}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":7,\"reason\":\"user stopped it\"}}",
				"{\"jsonrpc\":\"2.0\",\"id\":\"srv-1\",\"result\":{\"action\":\"accept\",\"content\":{\"note\":\"line 1\\nline 2\"}}}",
				"{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32601,\"message\":\"Method not found\",\"data\":{\"x\":1}}}",
				"{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}",
				INITIALIZE.formatted("{\"name\":\"Claude Desktop\",\"title\":\"Claude – Mac\",\"version\":\"1.2.3\",\"extra\":1}"))) {
			assertThat(this.validator.check(bytes(message))).as(message).isInstanceOf(Pass.class);
		}
	}

	@Test
	void aMessageThatIsNeitherARequestANotificationNorAResponseIsRefused() {
		Map<String, String> corpus = new LinkedHashMap<>();
		corpus.put("no method, no result", "{\"jsonrpc\":\"2.0\",\"id\":5,\"params\":{\"password\":\"hunter2\"}}");
		corpus.put("nothing but the version", "{\"jsonrpc\":\"2.0\",\"password\":\"hunter2\"}");
		corpus.put("result and error", "{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{},\"error\":{\"code\":1,\"message\":\"m\"}}");
		corpus.put("method and result", "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\",\"result\":{}}");
		corpus.put("result without id", "{\"jsonrpc\":\"2.0\",\"result\":{\"password\":\"hunter2\"}}");
		corpus.put("error not an object", "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":\"hunter2\"}");
		corpus.put("error code not an integer", "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":\"hunter2\",\"message\":\"m\"}}");
		corpus.put("error message not a string", "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":1,\"message\":{\"a\":1}}}");
		corpus.put("id an object", "{\"jsonrpc\":\"2.0\",\"id\":{\"password\":\"hunter2\"},\"method\":\"tools/list\"}");
		corpus.put("id a fraction", "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"tools/list\"}");
		corpus.put("method an object", "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":{\"password\":\"hunter2\"}}");
		corpus.put("id null on a request", "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"tools/list\"}");
		corpus.forEach((name, message) -> {
			Verdict verdict = this.validator.check(bytes(message));
			assertThat(verdict).as(name).isInstanceOfSatisfying(Problem.class, (problem) -> {
				assertThat(problem.code()).isEqualTo(JsonRpcEnvelopeValidator.INVALID_REQUEST);
				assertThat(problem.message()).doesNotContain("hunter2");
			});
		});
	}

	@Test
	void aMethodWithALineBreakIsRefused() {
		for (String method : List.of("tools/list\\nINFO forged", "notifications/x\\r", "ping\\u2028", "a\\u0000")) {
			assertThat(this.validator.check(bytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\"}")))
				.as(method).isInstanceOfSatisfying(Problem.class, (problem) -> assertThat(problem.message()).contains("control characters"));
			assertThat(this.validator.check(bytes("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\"}"))).as(method)
				.isInstanceOf(Problem.class);
		}
	}

	@Test
	void controlCharactersInClientInfoAreRefused() {
		for (String clientInfo : List.of("{\"name\":\"evil\\nINFO forged\",\"version\":\"1\"}",
				"{\"name\":\"ok\",\"version\":\"1\\r\\n2\"}", "{\"name\":\"ok\",\"version\":\"1\",\"title\":\"t\\u2029\"}",
				"{\"name\":\"ok\",\"version\":\"1\",\"icons\":[{\"src\":\"https://x/\\u0085y\"}]}",
				"{\"name\":\"ok\",\"version\":\"1\",\"nested\\nkey\":1}")) {
			assertThat(this.validator.check(bytes(INITIALIZE.formatted(clientInfo)))).as(clientInfo)
				.isInstanceOfSatisfying(Problem.class, (problem) -> assertThat(problem.code()).isEqualTo(JsonRpcEnvelopeValidator.INVALID_PARAMS));
		}
		String capabilities = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
				+ "\"capabilities\":{\"experimental\":{\"x\":\"a\\nb\"}},\"clientInfo\":{\"name\":\"ok\",\"version\":\"1\"}}}";
		assertThat(this.validator.check(bytes(capabilities))).isInstanceOf(Problem.class);
	}

	@Test
	void initializeParametersTheSdkCannotReadAreRefusedWithoutQuotingThem() {
		for (String message : List.of(INITIALIZE.formatted("\"hunter2\""), INITIALIZE.formatted("[\"hunter2\"]"),
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
						+ "\"capabilities\":{\"roots\":{\"listChanged\":\"hunter2\"}},\"clientInfo\":{\"name\":\"n\",\"version\":\"1\"}}}",
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"}")) {
			assertThat(this.validator.check(bytes(message))).as(message)
				.isInstanceOfSatisfying(Problem.class, (problem) -> {
					assertThat(problem.code()).isEqualTo(JsonRpcEnvelopeValidator.INVALID_PARAMS);
					assertThat(problem.message()).doesNotContain("hunter2");
				});
		}
	}

	@Test
	void controlCharactersInNotificationParametersAreRefused() {
		for (String notification : List.of(
				"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":7,\"reason\":\"done\\nINFO forged\"}}",
				"{\"params\":{\"note\":\"x\\u2028y\"},\"jsonrpc\":\"2.0\",\"method\":\"notifications/custom\"}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":1,\"progress\":1,\"message\":\"a\\tb\"}}")) {
			assertThat(this.validator.check(bytes(notification))).as(notification).isInstanceOf(Problem.class);
		}
	}

	@Test
	void aNotificationThatMcpDoesNotDefineForClientsIsOnlyAcknowledged() {
		assertThat(this.validator.check(bytes("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/custom\",\"params\":{\"password\":\"hunter2\"}}")))
			.isInstanceOf(Ignore.class);
		assertThat(this.validator.check(bytes("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}")))
			.isInstanceOf(Ignore.class);
		for (String method : JsonRpcEnvelopeValidator.CLIENT_NOTIFICATIONS) {
			assertThat(this.validator.check(bytes("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\"}"))).as(method)
				.isInstanceOf(Pass.class);
		}
	}

	@Test
	void theEarlierChecksStillApply() {
		assertThat(this.validator.check(bytes("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]")))
			.isEqualTo(new Problem(JsonRpcEnvelopeValidator.INVALID_REQUEST, "Invalid Request: batch requests are not supported"));
		assertThat(this.validator.check(bytes("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}"))).isInstanceOf(Problem.class);
		assertThat(this.validator.check(bytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{}}")))
			.isInstanceOf(Problem.class);
		assertThat(this.validator.check(bytes("{\"jsonrpc\":")))
			.isInstanceOfSatisfying(Problem.class, (problem) -> assertThat(problem.code()).isEqualTo(JsonRpcEnvelopeValidator.PARSE_ERROR));
	}

	private static byte[] bytes(String json) {
		return json.getBytes(StandardCharsets.UTF_8);
	}

}
