package dev.mcpguard.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.mcpguard.pipeline.Outcome;
import dev.mcpguard.pipeline.RequestRefusal;
import dev.mcpguard.pipeline.RequestRefusals;
import jakarta.servlet.ServletRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MCP 2026-07-28 headers {@code Mcp-Method} and {@code Mcp-Name}, checked against the body by the request
 * filter with the real envelope check: absent headers change nothing, matching ones pass, any disagreement is a 400
 * with JSON-RPC error -32020 that reaches no transport and is told to the audit as a refusal.
 */
class StandardHeaderCheckTests {

	private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"%s\",\"arguments\":{}}}";

	private static final String READ = "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"resources/read\",\"params\":{\"uri\":\"file:///a/b.txt\"}}";

	private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/list\"}";

	private final List<RequestRefusal> refusals = new ArrayList<>();

	private final McpRequestFilter filter = new McpRequestFilter("/mcp",
			new McpRequestFilter.Limits(10_000, Duration.ofSeconds(5), 4), new JsonRpcEnvelopeValidator(64),
			(tool) -> true, new RequestRefusals(List.of(this.refusals::add), Clock.systemUTC()));

	@BeforeEach
	void authenticate() {
		SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("agent", "n/a", List.of()));
	}

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void whenNoStandardHeaderIsSentThenTheRequestPasses() throws Exception {
		assertPasses(CALL.formatted("delete_order"));
		assertPasses(READ);
		assertPasses(LIST);
	}

	@Test
	void whenTheHeadersMatchTheBodyThenTheRequestPasses() throws Exception {
		assertPasses(CALL.formatted("delete_order"), "Mcp-Method", "tools/call", "Mcp-Name", "delete_order");
		assertPasses(READ, "Mcp-Method", "resources/read", "Mcp-Name", "file:///a/b.txt");
		assertPasses(LIST, "Mcp-Method", "tools/list");
		assertPasses(CALL.formatted("delete_order"), "mcp-method", "tools/call", "MCP-NAME", "delete_order");
	}

	@Test
	void whenTheNameIsSentInBase64ThenItsDecodedValueIsCompared() throws Exception {
		String body = CALL.formatted("r\u00e9sum\u00e9 tool");
		assertPasses(body, "Mcp-Method", "tools/call", "Mcp-Name", base64("r\u00e9sum\u00e9 tool"));
		assertMismatch(body, "Mcp-Method", "tools/call", "Mcp-Name", base64("resume tool"));
		assertMismatch(body, "Mcp-Method", "tools/call", "Mcp-Name", "=?base64?not base64!?=");
	}

	@Test
	void whenTheHeadersDisagreeWithTheBodyThenTheRequestIsRefusedWithHeaderMismatch() throws Exception {
		// a rate limiter keyed on the header would count a harmless tool while the body deletes an order
		assertMismatch(CALL.formatted("delete_order"), "Mcp-Method", "tools/call", "Mcp-Name", "list_products");
		assertMismatch(CALL.formatted("delete_order"), "Mcp-Method", "tools/list");
		assertMismatch(CALL.formatted("delete_order"), "Mcp-Method", "Tools/Call", "Mcp-Name", "delete_order");
		assertMismatch(READ, "Mcp-Method", "resources/read", "Mcp-Name", "file:///a/other.txt");
		assertMismatch(CALL.formatted("delete_order"), "Mcp-Name", "list_products");
	}

	@Test
	void whenTheMethodIsMirroredWithoutTheNameOfANamedRequestThenTheRequestIsRefused() throws Exception {
		assertMismatch(CALL.formatted("delete_order"), "Mcp-Method", "tools/call");
		assertMismatch(READ, "Mcp-Method", "resources/read");
	}

	@Test
	void whenANameIsSentForARequestThatNamesNothingThenTheRequestIsRefused() throws Exception {
		assertMismatch(LIST, "Mcp-Method", "tools/list", "Mcp-Name", "delete_order");
		assertMismatch("{\"jsonrpc\":\"2.0\",\"id\":\"s-1\",\"result\":{}}", "Mcp-Name", "delete_order");
	}

	@Test
	void whenAStandardHeaderIsRepeatedOrNotPlainAsciiThenTheRequestIsRefused() throws Exception {
		assertMismatch(CALL.formatted("delete_order"), "Mcp-Method", "tools/call", "Mcp-Name", "delete_order",
				"Mcp-Name", "list_products");
		assertMismatch(CALL.formatted("r\u00e9sum\u00e9"), "Mcp-Method", "tools/call", "Mcp-Name", "r\u00e9sum\u00e9");
	}

	@Test
	void theRefusalNeverRepeatsTheClientsValues() throws Exception {
		MockHttpServletResponse response = assertMismatch(CALL.formatted("delete_order"), "Mcp-Method", "tools/call",
				"Mcp-Name", "forged\u0085name");
		assertThat(response.getContentAsString()).doesNotContain("forged").doesNotContain("delete_order");
		assertThat(this.refusals).singleElement()
			.satisfies((refusal) -> assertThat(refusal.message()).doesNotContain("forged"));
	}

	private void assertPasses(String body, String... headers) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicReference<ServletRequest> reached = new AtomicReference<>();
		this.filter.doFilter(post(body, headers), response, (req, res) -> reached.set(req));
		assertThat(reached.get()).as(body).isNotNull();
		assertThat(this.refusals).isEmpty();
	}

	private MockHttpServletResponse assertMismatch(String body, String... headers) throws Exception {
		this.refusals.clear();
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicReference<ServletRequest> reached = new AtomicReference<>();
		this.filter.doFilter(post(body, headers), response, (req, res) -> reached.set(req));
		assertThat(reached).as(String.join(" ", headers)).hasNullValue();
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getContentAsString())
			.startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32020,\"message\":\"Header mismatch: ");
		assertThat(this.refusals).singleElement().satisfies((refusal) -> {
			assertThat(refusal.kind()).isEqualTo("header-mismatch");
			assertThat(refusal.outcome()).isEqualTo(Outcome.DENIED);
			assertThat(refusal.principal()).isEqualTo("agent");
		});
		return response;
	}

	private static MockHttpServletRequest post(String body, String... headers) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/mcp");
		request.setContentType("application/json");
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		for (int i = 0; i < headers.length; i += 2) {
			request.addHeader(headers[i], headers[i + 1]);
		}
		return request;
	}

	private static String base64(String value) {
		return "=?base64?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
	}

}
