package dev.mcpguard.ratelimit;

import dev.mcpguard.auth.McpGuardHttpCustomizer;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * Puts the {@link FailedAuthenticationFilter} into the guard's security filter chain, before the security context
 * is loaded and so before any authentication: a blocked address costs no token lookup.
 */
public class FailedAuthenticationHttpCustomizer implements McpGuardHttpCustomizer {

	private final FailedAuthenticationLimiter limiter;

	/**
	 * Create the customizer.
	 * @param limiter the failed-attempt counts
	 */
	public FailedAuthenticationHttpCustomizer(FailedAuthenticationLimiter limiter) {
		this.limiter = limiter;
	}

	@Override
	public void customize(HttpSecurity http) {
		http.addFilterBefore(new FailedAuthenticationFilter(this.limiter), SecurityContextHolderFilter.class);
	}

}
