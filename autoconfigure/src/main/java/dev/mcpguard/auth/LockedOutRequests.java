package dev.mcpguard.auth;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Marks a request whose client address has used up its failed authentication attempts. Such a request is still
 * authenticated, but only against credentials already known without a database lookup (static tokens, tokens seen
 * before), so a caller with a valid credential is not refused because another client behind the same address
 * guessed wrong, while guesses from that address cost no lookup and are answered 429. With tokens of 128 bits or
 * more, letting valid credentials through tells a guesser nothing it could use.
 */
public final class LockedOutRequests {

	private static final String ATTRIBUTE = LockedOutRequests.class.getName() + ".retryAfter";

	private LockedOutRequests() {
	}

	/**
	 * Mark a request as coming from a locked-out address.
	 * @param request the request
	 * @param retryAfterSeconds whole seconds until the address may try again
	 */
	public static void lock(HttpServletRequest request, long retryAfterSeconds) {
		request.setAttribute(ATTRIBUTE, retryAfterSeconds);
	}

	/**
	 * Whole seconds until the request's address may try again.
	 * @param request the request
	 * @return the seconds, {@code 0} when the address is not locked out
	 */
	public static long retryAfterSeconds(HttpServletRequest request) {
		return (request.getAttribute(ATTRIBUTE) instanceof Long seconds) ? seconds : 0;
	}

}
