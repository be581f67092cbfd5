package dev.mcpguard.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

import io.modelcontextprotocol.spec.McpError;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.EntityResponse;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Rewrites the MCP transport's error responses, which carry the whole {@code McpError} exception (stack trace
 * included) as their body, into plain JSON-RPC error objects. A 404 says {@value #SESSION_NOT_FOUND} without
 * repeating the session id the request named: the answer to another principal's session, which the transport sees
 * under another id, must not differ from the answer to an unknown one.
 */
public class McpErrorResponses implements HandlerFilterFunction<ServerResponse, ServerResponse> {

	/** The message of every 404: the request named no session of its principal. */
	public static final String SESSION_NOT_FOUND = "Session not found";

	@Override
	public ServerResponse filter(ServerRequest request, HandlerFunction<ServerResponse> next) throws Exception {
		ServerResponse response = next.handle(request);
		if (response instanceof EntityResponse<?> entity && entity.entity() instanceof McpError error) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("code", (error.getJsonRpcError() != null) ? error.getJsonRpcError().code() : JsonRpcEnvelopeValidator.INVALID_REQUEST);
			body.put("message", message(response, error));
			Map<String, Object> envelope = new LinkedHashMap<>();
			envelope.put("jsonrpc", "2.0");
			envelope.put("id", null);
			envelope.put("error", body);
			return ServerResponse.status(response.statusCode())
				.headers((headers) -> headers.addAll(response.headers()))
				.contentType(MediaType.APPLICATION_JSON)
				.body(envelope);
		}
		return response;
	}

	private static String message(ServerResponse response, McpError error) {
		if (response.statusCode().value() == 404) {
			return SESSION_NOT_FOUND;
		}
		return (error.getJsonRpcError() != null) ? error.getJsonRpcError().message() : "Invalid request";
	}

}
