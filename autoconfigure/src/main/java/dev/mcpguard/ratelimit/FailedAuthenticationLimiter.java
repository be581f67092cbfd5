package dev.mcpguard.ratelimit;

import java.util.List;
import java.util.function.LongSupplier;

import dev.mcpguard.auth.AuthenticationFailure;
import dev.mcpguard.auth.AuthenticationFailureListener;
import dev.mcpguard.auth.BearerAuthenticationEntryPoint;
import dev.mcpguard.auth.LockedOutRequests;

/**
 * Counts requests refused for bad credentials per client address, against token guessing. Once an address has
 * used up its limit, {@link FailedAuthenticationFilter} marks its requests ({@link LockedOutRequests}) until the
 * period ends: their credentials are then checked only against those known without a database lookup, and a failed
 * one is answered 429. A caller with a valid credential behind the same address (one NAT, one proxy) keeps working.
 * <p>
 * Requests without any credentials (reason {@code missing}) are not counted: clients send one to discover how to
 * authenticate, and it guesses nothing. Nor are credentials that could not be checked (token store unreachable).
 */
public class FailedAuthenticationLimiter implements AuthenticationFailureListener {

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
		if (BearerAuthenticationEntryPoint.MISSING.equals(failure.reason())
				|| BearerAuthenticationEntryPoint.UNAVAILABLE_REASON.equals(failure.reason())) {
			return;
		}
		LimiterHandle handle = this.addresses.handle(failure.clientIp());
		if (!handle.tryAcquire()) {
			this.reporter.report(new RateLimitViolation(RateLimitScope.FAILED_AUTHENTICATION, null, null, null,
					failure.clientIp(), handle.limit(), handle.retryAfterSeconds()), handle);
		}
	}

	/**
	 * Whether an address has used up its failed attempts.
	 * @param clientIp the client address
	 * @return whole seconds until the address may try again, {@code 0} if it may now
	 */
	public long retryAfterSeconds(String clientIp) {
		LimiterHandle handle = this.addresses.find(clientIp);
		return (handle == null || handle.hasPermission()) ? 0 : handle.retryAfterSeconds();
	}

	/**
	 * How many client addresses have a live limiter now, to watch memory.
	 * @return the number of tracked addresses
	 */
	public int trackedAddresses() {
		return this.addresses.size();
	}

}
