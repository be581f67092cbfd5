package dev.mcpguard.protocol;

import dev.mcpguard.auth.CredentialKeys;
import dev.mcpguard.pipeline.LogText;
import dev.mcpguard.pipeline.RequestRefusals;
import dev.mcpguard.pipeline.Outcome;
import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

import dev.mcpguard.protocol.JsonRpcEnvelopeValidator.Ignore;
import dev.mcpguard.protocol.JsonRpcEnvelopeValidator.Pass;
import dev.mcpguard.protocol.JsonRpcEnvelopeValidator.Problem;
import dev.mcpguard.protocol.JsonRpcEnvelopeValidator.Verdict;
import org.jspecify.annotations.Nullable;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Guards the MCP endpoint's POST bodies before the MCP transport reads them: refuses bodies not declared as
 * {@code application/json} (415), bodies over the size limit (413) and bodies whose JSON-RPC envelope is malformed
 * or unsafe to log (400), and bodies that the MCP 2026-07-28 headers {@code Mcp-Method} / {@code Mcp-Name} misdescribe
 * (400, {@link StandardHeaderCheck}), each with a JSON-RPC error, acknowledges notifications no MCP server handles (202), then
 * hands the transport the body it already read. The body is read within a deadline and, while it is still arriving,
 * within a per-credential number of such bodies ({@link BodyReader}): a caller sending bodies slowly cannot hold
 * every request thread. The transport itself reads any body as JSON, whatever its
 * {@code Content-Type}.
 */
public class McpRequestFilter extends RequestDispatchFilter {

	private final String endpoint;

	private final long maxBytes;

	private final JsonRpcEnvelopeValidator validator;

	private final BodyReader reader;

	private final Predicate<String> knownTool;

	private final RequestRefusals refusals;

	/**
	 * Create the filter, with a 10 s read deadline and 4 bodies still arriving per credential.
	 * @param endpoint the MCP endpoint path, for example {@code /mcp}
	 * @param maxBytes the largest body accepted
	 * @param validator the envelope check
	 */
	public McpRequestFilter(String endpoint, long maxBytes, JsonRpcEnvelopeValidator validator) {
		this(endpoint, new Limits(maxBytes, Duration.ofSeconds(10), 4), validator, (tool) -> true, RequestRefusals.none());
	}

	/**
	 * Create the filter.
	 * @param endpoint the MCP endpoint path, for example {@code /mcp}
	 * @param limits the bounds of a body
	 * @param validator the envelope check
	 * @param knownTool whether the server has a tool of a name; a {@code tools/call} of another one is recorded as
	 * a refusal (the MCP server answers it with its own error)
	 * @param refusals told of every refusal, for the audit trail
	 */
	public McpRequestFilter(String endpoint, Limits limits, JsonRpcEnvelopeValidator validator,
			Predicate<String> knownTool, RequestRefusals refusals) {
		this.knownTool = knownTool;
		this.refusals = refusals;
		this.endpoint = endpoint;
		this.maxBytes = limits.maxBytes();
		this.reader = new BodyReader(limits.maxBytes(), limits.readTimeout(), limits.maxSlowBodiesPerCredential());
		this.validator = validator;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || !this.endpoint.equals(request.getRequestURI().substring(request.getContextPath().length()));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
		if (authentication == null || authentication instanceof AnonymousAuthenticationToken) {
			// Not authenticated: the authorization rules answer 401 without the body being read.
			chain.doFilter(request, response);
			return;
		}
		if (!isJson(request.getContentType())) {
			this.refusals.refused(request, "content-type", Outcome.DENIED, "Body not sent as application/json (415)");
			reject(response, 415, JsonRpcEnvelopeValidator.INVALID_REQUEST,
					"Unsupported Media Type: the body must be sent as application/json");
			return;
		}
		if (request.getContentLengthLong() > this.maxBytes) {
			this.refusals.refused(request, "body-size", Outcome.DENIED, tooLarge());
			reject(response, 413, JsonRpcEnvelopeValidator.INVALID_REQUEST, tooLarge());
			return;
		}
		byte[] body;
		try {
			body = this.reader.read(request, CredentialKeys.of(authentication));
		}
		catch (BodyReader.Refused ex) {
			this.refusals.refused(request, (ex.status() == 408) ? "body-timeout" : "slow-bodies", Outcome.DENIED,
					ex.getMessage());
			response.setHeader("Connection", "close");
			if (ex.status() == 429) {
				response.setHeader("Retry-After", "1");
			}
			reject(response, ex.status(), JsonRpcEnvelopeValidator.INVALID_REQUEST, ex.getMessage());
			return;
		}
		if (body.length > this.maxBytes) {
			this.refusals.refused(request, "body-size", Outcome.DENIED, tooLarge());
			reject(response, 413, JsonRpcEnvelopeValidator.INVALID_REQUEST, tooLarge());
			return;
		}
		Verdict verdict = this.validator.check(body);
		if (verdict instanceof Problem problem) {
			this.refusals.refused(request, "envelope", Outcome.DENIED, problem.message());
			reject(response, 400, problem.code(), problem.message());
			return;
		}
		if (verdict instanceof Pass pass) {
			Problem mismatch = StandardHeaderCheck.check(request, pass);
			if (mismatch != null) {
				this.refusals.refused(request, "header-mismatch", Outcome.DENIED, mismatch.message());
				reject(response, 400, mismatch.code(), mismatch.message());
				return;
			}
			String tool = pass.toolName();
			if (tool != null && !this.knownTool.test(tool)) {
				this.refusals.refused(request, "unknown-tool", Outcome.DENIED,
						"Unknown tool '" + LogText.safe(shortened(tool)) + "'");
			}
		}
		if (verdict instanceof Ignore) {
			response.setStatus(HttpServletResponse.SC_ACCEPTED);
			return;
		}
		chain.doFilter(new CachedBodyRequest(request, body), response);
	}

	// application/json, in any letter case and with any parameters (charset): a comparison, no parsing, as it runs
	// for every call.
	static boolean isJson(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		int end = contentType.indexOf(';');
		String type = (end >= 0) ? contentType.substring(0, end).trim() : contentType.trim();
		return type.equalsIgnoreCase("application/json");
	}

	private static String shortened(String name) {
		return (name.length() <= 100) ? name : name.substring(0, 100) + "...";
	}

	private String tooLarge() {
		return "Invalid Request: the body is larger than " + this.maxBytes + " bytes";
	}

	static void reject(HttpServletResponse response, int status, int code, String message) throws IOException {
		byte[] json = ("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":" + code + ",\"message\":\""
				+ message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}}").getBytes(StandardCharsets.UTF_8);
		JsonResponses.write(response, status, json);
	}

	/**
	 * The bounds of an MCP request body.
	 *
	 * @param maxBytes the largest body accepted (413 beyond)
	 * @param readTimeout the longest a body may take to arrive (408 beyond, and the connection is closed)
	 * @param maxSlowBodiesPerCredential how many bodies still arriving one credential may have at once (429 beyond)
	 */
	public record Limits(long maxBytes, Duration readTimeout, int maxSlowBodiesPerCredential) {

	}

	/**
	 * The request with its body already read into memory.
	 */
	private static final class CachedBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		CachedBodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			InputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {
				@Override
				public int read() throws IOException {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) throws IOException {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					try {
						return in.available() == 0;
					}
					catch (IOException ex) {
						return true;
					}
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("The body is already read");
				}
			};
		}

		@Override
		public BufferedReader getReader() {
			return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

	}

}
