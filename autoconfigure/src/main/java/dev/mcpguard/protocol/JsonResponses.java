package dev.mcpguard.protocol;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;

/**
 * Writes the short JSON bodies with which MCP Guard's filters refuse a request (401, 403, 404, 413, 429, 503).
 */
public final class JsonResponses {

	private JsonResponses() {
	}

	/**
	 * Answer with a status and a JSON body.
	 * @param response the response, not yet committed
	 * @param status the HTTP status
	 * @param body the UTF-8 JSON body
	 * @throws IOException if the body cannot be written
	 */
	public static void write(HttpServletResponse response, int status, byte[] body) throws IOException {
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

}
