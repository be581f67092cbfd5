package dev.mcpguard.protocol;

import java.util.function.Consumer;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * A response that tells a consumer each value set or added for one header (its name compared ignoring case), then
 * passes it on unchanged: how a filter learns what a later part of the chain answered, for example the session id
 * the MCP transport hands out or the challenge another authentication filter sent.
 */
public final class HeaderWatchingResponse extends HttpServletResponseWrapper {

	private final String header;

	private final Consumer<String> onValue;

	/**
	 * Wrap a response.
	 * @param response the response to pass everything on to
	 * @param header the header to watch
	 * @param onValue told of every non-null value set or added for it
	 */
	public HeaderWatchingResponse(HttpServletResponse response, String header, Consumer<String> onValue) {
		super(response);
		this.header = header;
		this.onValue = onValue;
	}

	@Override
	public void setHeader(String name, String value) {
		watch(name, value);
		super.setHeader(name, value);
	}

	@Override
	public void addHeader(String name, String value) {
		watch(name, value);
		super.addHeader(name, value);
	}

	private void watch(String name, String value) {
		if (value != null && this.header.equalsIgnoreCase(name)) {
			this.onValue.accept(value);
		}
	}

}
