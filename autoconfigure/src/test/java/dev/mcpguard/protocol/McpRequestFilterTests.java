package dev.mcpguard.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

class McpRequestFilterTests {

	private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"h\u00e9\"}}}";

	private final McpRequestFilter filter = new McpRequestFilter("/mcp", 200, new JsonRpcEnvelopeValidator(64));

	@BeforeEach
	void authenticate() {
		SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("agent", "n/a", List.of()));
	}

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void aBodyWithContentLengthReachesTheTransportWhole() throws Exception {
		MockHttpServletRequest request = post(CALL.getBytes(StandardCharsets.UTF_8));
		assertThat(request.getContentLengthLong()).isPositive();
		assertThat(passedOn(request)).isEqualTo(CALL);
	}

	@Test
	void aChunkedBodyReachesTheTransportWhole() throws Exception {
		assertThat(passedOn(chunked(CALL.getBytes(StandardCharsets.UTF_8)))).isEqualTo(CALL);
	}

	@Test
	void aChunkedBodyOverTheLimitIsRefusedWith413() throws Exception {
		String big = CALL.replace("h\u00e9", "x".repeat(300));
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicReference<ServletRequest> reached = new AtomicReference<>();
		this.filter.doFilter(chunked(big.getBytes(StandardCharsets.UTF_8)), response, (req, res) -> reached.set(req));
		assertThat(response.getStatus()).isEqualTo(413);
		assertThat(response.getContentAsString()).contains("larger than 200 bytes");
		assertThat(reached).hasNullValue();
	}

	@Test
	void aBodyShorterThanItsContentLengthIsCheckedAsReceived() throws Exception {
		byte[] body = CALL.getBytes(StandardCharsets.UTF_8);
		MockHttpServletRequest request = post(body);
		request.setContent(Arrays.copyOf(body, body.length - 5));
		HttpServletRequest lying = new HttpServletRequestWrapper(request) {
			@Override
			public long getContentLengthLong() {
				return body.length;
			}
		};
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicReference<ServletRequest> reached = new AtomicReference<>();
		this.filter.doFilter(lying, response, (req, res) -> reached.set(req));
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getContentAsString()).contains("Parse error");
		assertThat(reached).hasNullValue();
	}

	@Test
	void aBodyNotDeclaredAsJsonIsRefusedWith415WithoutBeingRead() throws Exception {
		for (String type : new String[] { "text/plain", "application/xml", "application/jsonp", "application/json-patch+json",
				"application/x-www-form-urlencoded", "", "json" }) {
			MockHttpServletRequest request = post(CALL.getBytes(StandardCharsets.UTF_8));
			request.setContentType(type);
			MockHttpServletResponse response = new MockHttpServletResponse();
			AtomicReference<ServletRequest> reached = new AtomicReference<>();
			this.filter.doFilter(request, response, (req, res) -> reached.set(req));
			assertThat(response.getStatus()).as(type).isEqualTo(415);
			assertThat(response.getContentType()).isEqualTo("application/json");
			assertThat(response.getContentAsString()).as(type)
				.isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":"
						+ "\"Unsupported Media Type: the body must be sent as application/json\"}}");
			assertThat(reached).as(type).hasNullValue();
		}
	}

	@Test
	void aBodyWithoutContentTypeIsRefusedWith415() throws Exception {
		MockHttpServletRequest request = post(CALL.getBytes(StandardCharsets.UTF_8));
		request.setContentType(null);
		request.removeHeader("Content-Type");
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, (req, res) -> {
		});
		assertThat(response.getStatus()).isEqualTo(415);
	}

	@Test
	void jsonWithParametersOrInAnotherLetterCaseIsAccepted() throws Exception {
		for (String type : new String[] { "application/json; charset=utf-8", "APPLICATION/JSON", " application/json ;charset=UTF-8" }) {
			MockHttpServletRequest request = post(CALL.getBytes(StandardCharsets.UTF_8));
			request.setContentType(type);
			assertThat(passedOn(request)).as(type).isEqualTo(CALL);
		}
	}

	@Test
	void aNotificationNoServerHandlesIsAcknowledgedWithoutTheTransport() throws Exception {
		byte[] body = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/custom\",\"params\":{\"password\":\"hunter2\"}}"
			.getBytes(StandardCharsets.UTF_8);
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicReference<ServletRequest> reached = new AtomicReference<>();
		this.filter.doFilter(post(body), response, (req, res) -> reached.set(req));
		assertThat(response.getStatus()).isEqualTo(202);
		assertThat(response.getContentAsString()).isEmpty();
		assertThat(reached).hasNullValue();
	}

	@Test
	void aMessageWithoutMethodIsRefusedWithAJsonRpcErrorBeforeTheTransport() throws Exception {
		byte[] body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"params\":{\"password\":\"hunter2\"}}".getBytes(StandardCharsets.UTF_8);
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicReference<ServletRequest> reached = new AtomicReference<>();
		this.filter.doFilter(post(body), response, (req, res) -> reached.set(req));
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getContentAsString()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600")
			.doesNotContain("hunter2");
		assertThat(reached).hasNullValue();
	}

	private String passedOn(HttpServletRequest request) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicReference<String> body = new AtomicReference<>();
		this.filter.doFilter(request, response, (req, res) -> body
			.set(new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8)));
		assertThat(response.getStatus()).isEqualTo(200);
		return body.get();
	}

	private static MockHttpServletRequest post(byte[] body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/mcp");
		request.setContentType("application/json");
		request.setContent(body);
		return request;
	}

	// A body without Content-Length (chunked transfer): the length is unknown until the stream ends.
	private static HttpServletRequest chunked(byte[] body) {
		return new HttpServletRequestWrapper(post(body)) {

			@Override
			public long getContentLengthLong() {
				return -1;
			}

			@Override
			public int getContentLength() {
				return -1;
			}

			@Override
			public ServletInputStream getInputStream() {
				ByteArrayInputStream in = new ByteArrayInputStream(body);
				return new ServletInputStream() {
					@Override
					public int read() {
						return in.read();
					}

					@Override
					public int read(byte[] buffer, int offset, int length) throws IOException {
						// a chunk at a time, as a network stream would deliver it
						return in.read(buffer, offset, Math.min(length, 16));
					}

					@Override
					public boolean isFinished() {
						return in.available() == 0;
					}

					@Override
					public boolean isReady() {
						return true;
					}

					@Override
					public void setReadListener(ReadListener listener) {
						throw new UnsupportedOperationException();
					}
				};
			}
		};
	}

}
