package dev.mcpguard.pipeline;

import java.time.Clock;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Tells the {@link RequestRefusalListener}s of a request the filters refuse, with who and where it came from.
 */
public final class RequestRefusals {

	private static final Log logger = LogFactory.getLog(RequestRefusals.class);

	private static final RequestRefusals NONE = new RequestRefusals(List.of(), Clock.systemUTC());

	private final List<RequestRefusalListener> listeners;

	private final Clock clock;

	/**
	 * Create the publisher.
	 * @param listeners the observers
	 * @param clock the clock
	 */
	public RequestRefusals(List<RequestRefusalListener> listeners, Clock clock) {
		this.listeners = List.copyOf(listeners);
		this.clock = clock;
	}

	/**
	 * A publisher that tells nobody.
	 * @return the publisher
	 */
	public static RequestRefusals none() {
		return NONE;
	}

	/**
	 * Tell the listeners of a refused request.
	 * @param request the request
	 * @param kind what was refused
	 * @param outcome the outcome to record
	 * @param message what was wrong, without the client's text
	 */
	public void refused(HttpServletRequest request, String kind, Outcome outcome, String message) {
		if (this.listeners.isEmpty()) {
			return;
		}
		Authentication authentication = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
		String principal = (authentication != null && authentication.isAuthenticated()) ? authentication.getName() : null;
		RequestRefusal refusal = new RequestRefusal(this.clock.instant(), request.getRemoteAddr(), principal,
				request.getHeader("Mcp-Session-Id"), kind, outcome, message, 1);
		Listeners.notifyEach(this.listeners, (listener) -> listener.onRequestRefusal(refusal), logger, "Request refusal listener");
	}

}
