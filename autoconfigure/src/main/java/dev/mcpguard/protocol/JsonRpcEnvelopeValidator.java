package dev.mcpguard.protocol;

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
 * object (no batch), {@code "jsonrpc": "2.0"}, a string {@code method}, object {@code params}, and for
 * {@code tools/call} a string {@code name} and object {@code arguments}. The MCP SDK answers some malformed
 * requests with an empty response; this check answers them with a JSON-RPC error instead.
 */
public class JsonRpcEnvelopeValidator {

	/** JSON-RPC "Parse error". */
	public static final int PARSE_ERROR = -32700;

	/** JSON-RPC "Invalid Request". */
	public static final int INVALID_REQUEST = -32600;

	/** JSON-RPC "Invalid params". */
	public static final int INVALID_PARAMS = -32602;

	private final JsonFactory factory;

	/**
	 * Create the validator.
	 * @param maxNestingDepth the deepest nesting of arrays and objects accepted
	 */
	public JsonRpcEnvelopeValidator(int maxNestingDepth) {
		this.factory = JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxNestingDepth).build())
			.build();
	}

	/**
	 * Check a request body.
	 * @param body the raw body
	 * @return {@code null} if the envelope is acceptable, else the problem
	 */
	public @Nullable Problem validate(byte[] body) {
		try (JsonParser parser = this.factory.createParser(ObjectReadContext.empty(), body)) {
			JsonToken first = parser.nextToken();
			if (first == JsonToken.START_ARRAY) {
				return new Problem(INVALID_REQUEST, "Invalid Request: batch requests are not supported");
			}
			if (first != JsonToken.START_OBJECT) {
				return new Problem(INVALID_REQUEST, "Invalid Request: the body must be a JSON-RPC object");
			}
			Envelope envelope = new Envelope();
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String field = parser.currentName();
				JsonToken value = parser.nextToken();
				switch (field) {
					case "jsonrpc" -> envelope.version = (value == JsonToken.VALUE_STRING) ? parser.getString() : "";
					case "method" -> envelope.method = (value == JsonToken.VALUE_STRING) ? parser.getString() : "";
					case "params" -> readParams(parser, value, envelope);
					default -> parser.skipChildren();
				}
			}
			if (parser.nextToken() != null) {
				return new Problem(PARSE_ERROR, "Parse error: content after the JSON-RPC object");
			}
			return envelope.problem();
		}
		catch (StreamConstraintsException ex) {
			return new Problem(INVALID_REQUEST, "Invalid Request: JSON nested too deeply");
		}
		catch (JacksonException ex) {
			return new Problem(PARSE_ERROR, "Parse error: the body is not well-formed UTF-8 JSON");
		}
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
			}
			else if ("arguments".equals(field)) {
				envelope.arguments = token;
			}
			parser.skipChildren();
		}
	}

	private static final class Envelope {

		@Nullable String version;

		@Nullable String method;

		@Nullable JsonToken params;

		@Nullable JsonToken toolName;

		@Nullable JsonToken arguments;

		@Nullable Problem problem() {
			if (!"2.0".equals(this.version)) {
				return new Problem(INVALID_REQUEST, "Invalid Request: \"jsonrpc\" must be \"2.0\"");
			}
			if ("".equals(this.method)) {
				return new Problem(INVALID_REQUEST, "Invalid Request: \"method\" must be a string");
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
			return null;
		}

	}

	/**
	 * What is wrong with a request.
	 *
	 * @param code the JSON-RPC error code
	 * @param message the message for the client
	 */
	public record Problem(int code, String message) {
	}

}
