package dev.mcpguard.sample.shop;

import dev.mcpguard.annotation.ShownToCaller;

/**
 * A request the shop cannot carry out (unknown id, invalid quantity, insufficient stock, invalid status change).
 * Its message is written for the caller of a tool and says what to change, for example
 * {@code "Product 42 not found."}: MCP Guard shows it to the caller ({@link ShownToCaller}), while the message of
 * any other exception (SQL, say) stays in the server's log.
 */
@ShownToCaller
public class ShopException extends RuntimeException {

	/**
	 * Create an exception with a message the caller can act on.
	 * @param message a complete sentence saying what is wrong
	 */
	public ShopException(String message) {
		super(message);
	}

	static ShopException notFound(String kind, long id) {
		return new ShopException(kind + " " + id + " not found.");
	}

	static ShopException required(String field) {
		return new ShopException("'" + field + "' is required.");
	}

}
