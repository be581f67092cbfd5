package dev.mcpguard.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Enumeration;
import java.util.Set;

import dev.mcpguard.protocol.JsonRpcEnvelopeValidator.Pass;
import dev.mcpguard.protocol.JsonRpcEnvelopeValidator.Problem;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Checks the standard request headers of MCP 2026-07-28 (Streamable HTTP, "Request Metadata") against the body
 * they mirror: {@code Mcp-Method} must equal the body's {@code method}, and {@code Mcp-Name} (plain visible ASCII,
 * or UTF-8 in the {@code =?base64?…?=} form) the {@code params.name} or {@code params.uri} the body names. A load
 * balancer, gateway or rate limiter that routes or counts by these headers would otherwise see one tool while the
 * server runs another. Requests without these headers (every client of protocol revisions up to 2025-11-25) are not
 * affected; a request that mirrors its method mirrors its target too, so {@code Mcp-Method} of a
 * {@code tools/call}, {@code prompts/get} or {@code resources/read} without {@code Mcp-Name} is refused as well.
 * The answer is {@code 400} with JSON-RPC error {@value #HEADER_MISMATCH} ({@code HeaderMismatch}); its message never
 * repeats the client's values.
 */
public final class StandardHeaderCheck {

	/** JSON-RPC "HeaderMismatch" of MCP 2026-07-28. */
	public static final int HEADER_MISMATCH = -32020;

	/** The header mirroring the body's {@code method}. */
	public static final String METHOD_HEADER = "Mcp-Method";

	/** The header mirroring the body's {@code params.name} or {@code params.uri}. */
	public static final String NAME_HEADER = "Mcp-Name";

	/** The requests for which a client that sends {@code Mcp-Method} must send {@code Mcp-Name}. */
	static final Set<String> NAMED_METHODS = Set.of("tools/call", "prompts/get", "resources/read");

	private static final String BASE64_PREFIX = "=?base64?";

	private static final String BASE64_SUFFIX = "?=";

	private StandardHeaderCheck() {
	}

	/**
	 * Check the headers of a request whose body passed the envelope check.
	 * @param request the request
	 * @param body what the body says
	 * @return the problem, or {@code null} when the headers are absent or match the body
	 */
	public static @Nullable Problem check(HttpServletRequest request, Pass body) {
		String method = request.getHeader(METHOD_HEADER);
		String name = request.getHeader(NAME_HEADER);
		if (method == null && name == null) {
			return null;
		}
		if (repeated(request, METHOD_HEADER) || repeated(request, NAME_HEADER)) {
			return mismatch("a standard header is sent more than once");
		}
		// the body's method has no control characters (the envelope check refuses them)
		if (method != null && !method.equals(body.method())) {
			return mismatch("the Mcp-Method header does not match the body's method");
		}
		if (name == null) {
			return (body.method() != null && NAMED_METHODS.contains(body.method()))
					? mismatch("the Mcp-Name header is missing for " + body.method()) : null;
		}
		String decoded = decode(name);
		if (decoded == null) {
			return mismatch("the Mcp-Name header is not a valid header value");
		}
		if (!decoded.equals(body.target())) {
			return mismatch("the Mcp-Name header does not match what the body names");
		}
		return null;
	}

	private static boolean repeated(HttpServletRequest request, String header) {
		Enumeration<String> values = request.getHeaders(header);
		if (values == null || !values.hasMoreElements()) {
			return false;
		}
		values.nextElement();
		return values.hasMoreElements();
	}

	// Visible ASCII, spaces and tabs only (RFC 9110 field values); a client encodes anything else in Base64.
	private static boolean isPlainValue(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((c < 0x20 && c != '\t') || c > 0x7E) {
				return false;
			}
		}
		return true;
	}

	private static @Nullable String decode(String value) {
		if (!isPlainValue(value)) {
			return null;
		}
		if (!(value.startsWith(BASE64_PREFIX) && value.endsWith(BASE64_SUFFIX)
				&& value.length() >= BASE64_PREFIX.length() + BASE64_SUFFIX.length())) {
			return value;
		}
		try {
			byte[] bytes = Base64.getDecoder()
				.decode(value.substring(BASE64_PREFIX.length(), value.length() - BASE64_SUFFIX.length()));
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (IllegalArgumentException | CharacterCodingException ex) {
			return null;
		}
	}

	private static Problem mismatch(String why) {
		return new Problem(HEADER_MISMATCH, "Header mismatch: " + why);
	}

}
