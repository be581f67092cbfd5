package dev.mcpguard.ratelimit;

import java.util.List;
import java.util.function.LongSupplier;

import dev.mcpguard.auth.AuthenticationFailure;
import dev.mcpguard.auth.AuthenticationFailureListener;

/**
 * Counts requests refused with 401 for bad credentials per client address, against token guessing. Once an
 * address has used up its limit, {@link FailedAuthenticationFilter} answers every request from it with 429 until
 * the period ends, whatever credentials it carries: letting a valid token through would tell a guesser when a
 * guess is right, which is what the limit is there to prevent.
 * <p>
 * Requests without any credentials (reason {@code missing}) are not counted: clients send one to discover how to
 * authenticate, and it guesses nothing.
 */
public class FailedAuthenticationLimiter implements AuthenticationFailureListener {

	private static final String MISSING = "missing";

	// The token store was unreachable: the credentials were not wrong, so this is no guess.
	private static final String UNAVAILABLE = "unavailable";

	private final KeyedRateLimiters addresses;

	private final RateLimitViolationReporter reporter;

	/**
	 * Create the limiter.
	 * @param addresses the per-address limiters (their limit is the number of failures allowed per period)
	 * @param listeners observers of refused requests
	 * @param ticker the time source in nanoseconds, for the one-line-per-second log throttle
	 */
	public FailedAuthenticationLimiter(KeyedRateLimiters addresses, List<RateLimitViolationListener> listeners,
			LongSupplier ticker) {
		this.addresses = addresses;
		this.reporter = new RateLimitViolationReporter(listeners, ticker);
	}

	@Override
	public void onAuthenticationFailure(AuthenticationFailure failure) {
		if (!MISSING.equals(failure.reason()) && !UNAVAILABLE.equals(failure.reason())) {
			this.addresses.handle(failure.clientIp()).tryAcquire();
		}
	}

	/**
	 * Whether requests from an address are refused now; a refusal is reported as a violation.
	 * @param clientIp the client address
	 * @return whole seconds until the address may try again, {@code 0} if it may now
	 */
	public long retryAfterSeconds(String clientIp) {
		LimiterHandle handle = this.addresses.find(clientIp);
		if (handle == null || handle.hasPermission()) {
			return 0;
		}
		long retryAfter = handle.retryAfterSeconds();
		this.reporter.report(new RateLimitViolation(RateLimitScope.FAILED_AUTHENTICATION, null, null, null, clientIp,
				handle.limit(), retryAfter), handle);
		return retryAfter;
	}

	/**
	 * How many client addresses have a live limiter now, to watch memory.
	 * @return the number of tracked addresses
	 */
	public int trackedAddresses() {
		return this.addresses.size();
	}

}
