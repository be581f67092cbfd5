package dev.mcpguard.protocol;

import java.io.IOException;

import dev.mcpguard.pipeline.LogText;
import dev.mcpguard.protocol.JsonRpcEnvelopeValidator.Problem;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Checks the parameters of the messages the MCP SDK logs whole, before it sees them: {@code initialize} (logged at
 * INFO, with the client's name and capabilities) and notifications (logged at WARN when no handler takes them).
 * Runs once per session or notification, never for {@code tools/call}.
 * <ul>
 * <li>No string of the parameters, name or value, may hold a character that is unsafe in a log line
 * ({@link LogText}): it would let the client write lines of its own into the server's log.</li>
 * <li>The parameters of {@code initialize} must be readable as the SDK's {@code InitializeRequest}: the SDK logs its
 * reading error at ERROR, and that error quotes the offending value.</li>
 * </ul>
 */
final class LoggedParamsCheck {

	private final JsonFactory factory;

	private volatile @Nullable McpJsonMapper mapper;

	LoggedParamsCheck(JsonFactory factory) {
		this.factory = factory;
	}

	/**
	 * Check a message already found well-formed.
	 * @param body the message
	 * @param initialize whether it is an {@code initialize} request
	 * @return the problem, or {@code null}
	 */
	@Nullable Problem check(byte[] body, boolean initialize) {
		if (!paramsAreSafe(body)) {
			return new Problem(JsonRpcEnvelopeValidator.INVALID_PARAMS,
					"Invalid params: names and values must not contain control characters or line separators");
		}
		if (initialize && !readableAsInitializeRequest(body)) {
			return new Problem(JsonRpcEnvelopeValidator.INVALID_PARAMS, "Invalid params: the initialize parameters do "
					+ "not match the MCP schema (\"protocolVersion\", \"capabilities\", \"clientInfo\")");
		}
		return null;
	}

	private boolean paramsAreSafe(byte[] body) {
		try (JsonParser parser = this.factory.createParser(ObjectReadContext.empty(), body)) {
			parser.nextToken();
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String field = parser.currentName();
				parser.nextToken();
				if ("params".equals(field)) {
					return stringsAreSafe(parser);
				}
				parser.skipChildren();
			}
			return true;
		}
	}

	private static boolean stringsAreSafe(JsonParser parser) {
		int depth = 0;
		JsonToken token = parser.currentToken();
		do {
			if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
				depth++;
			}
			else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
				depth--;
			}
			else if ((token == JsonToken.PROPERTY_NAME || token == JsonToken.VALUE_STRING) && !LogText.isSafe(parser.getString())) {
				return false;
			}
			if (depth == 0) {
				return true;
			}
			token = parser.nextToken();
		}
		while (token != null);
		return true;
	}

	private boolean readableAsInitializeRequest(byte[] body) {
		McpJsonMapper json = mapper();
		try {
			McpSchema.JSONRPCRequest request = json.readValue(body, McpSchema.JSONRPCRequest.class);
			return json.convertValue(request.params(), McpSchema.InitializeRequest.class) != null;
		}
		catch (IOException | IllegalArgumentException | JacksonException ex) {
			// what the SDK would fail on, and log with the value quoted
			return false;
		}
	}

	// The SDK's default mapper reads MCP's types as the transport does (they ignore unknown properties).
	private McpJsonMapper mapper() {
		McpJsonMapper json = this.mapper;
		if (json == null) {
			json = McpJsonDefaults.getMapper();
			this.mapper = json;
		}
		return json;
	}

}
