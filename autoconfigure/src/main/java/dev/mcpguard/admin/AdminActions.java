package dev.mcpguard.admin;

import dev.mcpguard.pipeline.Listeners;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import dev.mcpguard.pipeline.AdminAction;
import dev.mcpguard.pipeline.AdminActionListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Tells the {@link AdminActionListener}s (the audit trail) of every change an operator makes through the runbook
 * endpoints, with the operator's identity and address.
 */
public class AdminActions {

	private static final Log logger = LogFactory.getLog(AdminActions.class);

	private final List<AdminActionListener> listeners;

	private final Clock clock;

	/**
	 * Create the publisher.
	 * @param listeners the observers of admin actions
	 * @param clock the clock
	 */
	public AdminActions(List<AdminActionListener> listeners, Clock clock) {
		this.listeners = List.copyOf(listeners);
		this.clock = clock;
	}

	/**
	 * None: for endpoints built without an audit trail.
	 * @return a publisher that tells nobody
	 */
	public static AdminActions none() {
		return new AdminActions(List.of(), Clock.systemUTC());
	}

	void publish(SecurityContext operator, String endpoint, String action, String target, Map<String, Object> details,
			@Nullable String reason) {
		if (this.listeners.isEmpty()) {
			return;
		}
		AdminAction event = new AdminAction(this.clock.instant(), McpTokensEndpoint.operator(operator), clientIp(),
				endpoint, action, target, details, reason);
		Listeners.notifyEach(this.listeners, (listener) -> listener.onAdminAction(event), logger, "Admin action listener");
	}

	private static @Nullable String clientIp() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		return (attributes instanceof ServletRequestAttributes servlet) ? servlet.getRequest().getRemoteAddr() : null;
	}

}
