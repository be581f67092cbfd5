package dev.mcpguard.protocol;

import java.util.Set;

import dev.mcpguard.pipeline.LogText;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;

/**
 * Checks the JSON-RPC envelope of an MCP request in one streaming pass, without building a tree: a single JSON
 * object (no batch), {@code "jsonrpc": "2.0"}, and exactly one of
 * <ul>
 * <li>a request: a string {@code method} and a string or integer {@code id};</li>
 * <li>a notification: a string {@code method} and no {@code id};</li>
 * <li>a response: a string or integer {@code id} and either a {@code result} or an {@code error} object with an
 * integer {@code code} and a string {@code message} (an error may lack the id);</li>
 * </ul>
 * with object {@code params}, for {@code tools/call} a string {@code name} and object {@code arguments}. The MCP
 * SDK logs what it cannot read, and some messages it reads, whole and at once (a body without {@code method}
 * at ERROR, {@code initialize} parameters at INFO, notifications it has no handler for at WARN), so the check also
 * refuses what would reach those log lines unsafe ({@link LoggedParamsCheck}): a method, or a string in the parameters
 * of {@code initialize} or of a notification, with a line break or another control character ({@link LogText}), and
 * {@code initialize} parameters the SDK cannot read. A notification that MCP does not define for clients is
 * acknowledged without reaching the SDK ({@link Ignore}). The MCP SDK answers some malformed requests with an empty
 * response; this check answers them with a JSON-RPC error instead.
 */
public class JsonRpcEnvelopeValidator {

	/** JSON-RPC "Parse error". */
	public static final int PARSE_ERROR = -32700;

	/** JSON-RPC "Invalid Request". */
	public static final int INVALID_REQUEST = -32600;

	/** JSON-RPC "Invalid params". */
	public static final int INVALID_PARAMS = -32602;

	/** The requests whose target is {@code params.uri}; other requests name theirs in {@code params.name}. */
	static final Set<String> NAMED_BY_URI = Set.of("resources/read", "resources/subscribe", "resources/unsubscribe");

	/** The notifications the MCP specification defines for a client to send to a server. */
	static final Set<String> CLIENT_NOTIFICATIONS = Set.of("notifications/initialized", "notifications/cancelled",
			"notifications/progress", "notifications/roots/list_changed");

	private static final Pass PASS = new Pass(null, null);

	private static final Ignore IGNORE = new Ignore();

	private final JsonFactory factory;

	private final LoggedParamsCheck loggedParams;

	/**
	 * Create the validator.
	 * @param maxNestingDepth the deepest nesting of arrays and objects accepted
	 */
	public JsonRpcEnvelopeValidator(int maxNestingDepth) {
		this.factory = JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxNestingDepth).build())
			.build();
		this.loggedParams = new LoggedParamsCheck(this.factory);
	}

	/**
	 * Check a request body and decide what becomes of it.
	 * @param body the raw body
	 * @return {@link Pass}, {@link Ignore} or the {@link Problem}
	 */
	public Verdict check(byte[] body) {
		Envelope envelope = new Envelope();
		try (JsonParser parser = this.factory.createParser(ObjectReadContext.empty(), body)) {
			JsonToken first = parser.nextToken();
			if (first == JsonToken.START_ARRAY) {
				return new Problem(INVALID_REQUEST, "Invalid Request: batch requests are not supported");
			}
			if (first != JsonToken.START_OBJECT) {
				return new Problem(INVALID_REQUEST, "Invalid Request: the body must be a JSON-RPC object");
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String field = parser.currentName();
				JsonToken value = parser.nextToken();
				switch (field) {
					case "jsonrpc" -> envelope.version = (value == JsonToken.VALUE_STRING) ? parser.getString() : "";
					case "method" -> envelope.method = (value == JsonToken.VALUE_STRING) ? parser.getString() : "";
					case "id" -> envelope.id = value;
					case "result" -> envelope.result = true;
					case "error" -> readError(parser, value, envelope);
					case "params" -> readParams(parser, value, envelope);
					default -> {
					}
				}
				// the rest of an object or array value, not read above
				parser.skipChildren();
			}
			if (parser.nextToken() != null) {
				return new Problem(PARSE_ERROR, "Parse error: content after the JSON-RPC object");
			}
		}
		catch (StreamConstraintsException ex) {
			return new Problem(INVALID_REQUEST, "Invalid Request: JSON nested too deeply");
		}
		catch (JacksonException ex) {
			return new Problem(PARSE_ERROR, "Parse error: the body is not well-formed UTF-8 JSON");
		}
		Verdict verdict = envelope.verdict();
		if (verdict != PASS) {
			return verdict;
		}
		if (envelope.isNotification() || "initialize".equals(envelope.method)) {
			Problem problem = this.loggedParams.check(body, "initialize".equals(envelope.method));
			if (problem != null) {
				return problem;
			}
			if (envelope.isNotification() && !CLIENT_NOTIFICATIONS.contains(envelope.method)) {
				return IGNORE;
			}
		}
		if (envelope.method == null) {
			return PASS;
		}
		return new Pass(envelope.method, NAMED_BY_URI.contains(envelope.method) ? envelope.uri : envelope.name);
	}

	private static void readParams(JsonParser parser, JsonToken value, Envelope envelope) {
		envelope.params = value;
		if (value != JsonToken.START_OBJECT) {
			parser.skipChildren();
			return;
		}
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String field = parser.currentName();
			JsonToken token = parser.nextToken();
			if ("name".equals(field)) {
				envelope.toolName = token;
				if (token == JsonToken.VALUE_STRING) {
					envelope.name = parser.getString();
				}
			}
			else if ("uri".equals(field) && token == JsonToken.VALUE_STRING) {
				envelope.uri = parser.getString();
			}
			else if ("arguments".equals(field)) {
				envelope.arguments = token;
			}
			parser.skipChildren();
		}
	}

	private static void readError(JsonParser parser, JsonToken value, Envelope envelope) {
		envelope.error = value;
		if (value != JsonToken.START_OBJECT) {
			parser.skipChildren();
			return;
		}
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String field = parser.currentName();
			JsonToken token = parser.nextToken();
			if (("code".equals(field) && token != JsonToken.VALUE_NUMBER_INT)
					|| ("message".equals(field) && token != JsonToken.VALUE_STRING)) {
				envelope.malformedError = true;
			}
			parser.skipChildren();
		}
	}

	private static final class Envelope {

		@Nullable String version;

		@Nullable String method;

		@Nullable JsonToken id;

		boolean result;

		@Nullable JsonToken error;

		boolean malformedError;

		@Nullable JsonToken params;

		@Nullable JsonToken toolName;

		@Nullable String name;

		@Nullable String uri;

		@Nullable JsonToken arguments;

		boolean isNotification() {
			return this.method != null && this.id == null;
		}

		Verdict verdict() {
			if (!"2.0".equals(this.version)) {
				return new Problem(INVALID_REQUEST, "Invalid Request: \"jsonrpc\" must be \"2.0\"");
			}
			Problem kind = (this.method != null) ? requestOrNotification() : response();
			if (kind != null) {
				return kind;
			}
			if (this.params != null && this.params != JsonToken.START_OBJECT && this.params != JsonToken.VALUE_NULL) {
				return new Problem(INVALID_PARAMS, "Invalid params: \"params\" must be an object");
			}
			if ("tools/call".equals(this.method)) {
				if (this.toolName != JsonToken.VALUE_STRING) {
					return new Problem(INVALID_PARAMS, "Invalid params: tools/call needs a string \"name\"");
				}
				if (this.arguments != null && this.arguments != JsonToken.START_OBJECT && this.arguments != JsonToken.VALUE_NULL) {
					return new Problem(INVALID_PARAMS, "Invalid params: tools/call \"arguments\" must be an object");
				}
			}
			if ("initialize".equals(this.method) && this.params != JsonToken.START_OBJECT) {
				return new Problem(INVALID_PARAMS, "Invalid params: initialize needs \"params\" with \"clientInfo\"");
			}
			return PASS;
		}

		private @Nullable Problem requestOrNotification() {
			if ("".equals(this.method)) {
				return new Problem(INVALID_REQUEST, "Invalid Request: \"method\" must be a string");
			}
			if (!LogText.isSafe(this.method)) {
				return new Problem(INVALID_REQUEST, "Invalid Request: \"method\" must not contain control characters");
			}
			if (this.result || this.error != null) {
				return new Problem(INVALID_REQUEST, "Invalid Request: a message with a \"method\" has no \"result\" or \"error\"");
			}
			if (this.id != null && !isId(this.id)) {
				return new Problem(INVALID_REQUEST, "Invalid Request: \"id\" must be a string or an integer");
			}
			return null;
		}

		private @Nullable Problem response() {
			if (this.result == (this.error != null)) {
				return new Problem(INVALID_REQUEST, "Invalid Request: neither a request, a notification nor a response "
						+ "(a request or notification needs a \"method\", a response exactly one of \"result\" or \"error\")");
			}
			if (this.error != null && (this.error != JsonToken.START_OBJECT || this.malformedError)) {
				return new Problem(INVALID_REQUEST,
						"Invalid Request: \"error\" must be an object with an integer \"code\" and a string \"message\"");
			}
			boolean idOptional = this.error != null && (this.id == null || this.id == JsonToken.VALUE_NULL);
			if (!idOptional && (this.id == null || !isId(this.id))) {
				return new Problem(INVALID_REQUEST, "Invalid Request: a response needs the string or integer \"id\" of its request");
			}
			return null;
		}

		private static boolean isId(JsonToken id) {
			return id == JsonToken.VALUE_STRING || id == JsonToken.VALUE_NUMBER_INT;
		}

	}

	/**
	 * What becomes of a request body.
	 */
	public sealed interface Verdict permits Pass, Ignore, Problem {

	}

	/**
	 * The message goes to the MCP transport.
	 *
	 * @param method the method of a request or notification, {@code null} for a response
	 * @param target what the message names: the string {@code params.uri} of a resource request, else the string
	 * {@code params.name} (a tool, a prompt), {@code null} when it names nothing
	 */
	public record Pass(@Nullable String method, @Nullable String target) implements Verdict {

		/**
		 * The tool a {@code tools/call} names.
		 * @return the tool name, {@code null} for other messages
		 */
		public @Nullable String toolName() {
			return "tools/call".equals(this.method) ? this.target : null;
		}

	}

	/**
	 * A notification that MCP does not define for clients, so no server handles it: answered with 202 Accepted, as
	 * the transport would, without reaching the MCP SDK, which would log it whole.
	 */
	public record Ignore() implements Verdict {

	}

	/**
	 * What is wrong with a request.
	 *
	 * @param code the JSON-RPC error code
	 * @param message the message for the client
	 */
	public record Problem(int code, String message) implements Verdict {
	}

}
