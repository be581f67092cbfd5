package dev.mcpguard.ratelimit;

import dev.mcpguard.auth.LockedOutRequests;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import dev.mcpguard.auth.AuthenticationFailure;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class FailedAuthenticationLimiterTests {

	private final AtomicLong ticker = new AtomicLong();

	private final List<RateLimitViolation> violations = new CopyOnWriteArrayList<>();

	private final FailedAuthenticationLimiter limiter = new FailedAuthenticationLimiter(
			new KeyedRateLimiters("mcp-failed-auth", new RateLimit(3, Duration.ofMinutes(1)), Duration.ofMinutes(10), 1_000,
					this.ticker::get),
			List.of(this.violations::add), this.ticker::get);

	private final FailedAuthenticationFilter filter = new FailedAuthenticationFilter(this.limiter);

	@Test
	void whenAnAddressFailsMoreThanTheLimitThenItsRequestsAreMarkedLockedOutAndFurtherFailuresReported() throws Exception {
		for (int i = 0; i < 3; i++) {
			assertThat(passes("203.0.113.7")).isTrue();
			this.limiter.onAuthenticationFailure(failure("203.0.113.7", "invalid"));
		}
		this.ticker.addAndGet(Duration.ofSeconds(18).toNanos());
		assertThat(LockedOutRequests.retryAfterSeconds(request("203.0.113.7"))).isEqualTo(42);
		assertThat(this.violations).as("a locked-out request with a valid credential is no violation").isEmpty();
		this.limiter.onAuthenticationFailure(failure("203.0.113.7", "invalid"));
		assertThat(this.violations).singleElement().satisfies((violation) -> {
			assertThat(violation.scope()).isEqualTo(RateLimitScope.FAILED_AUTHENTICATION);
			assertThat(violation.clientIp()).isEqualTo("203.0.113.7");
			assertThat(violation.retryAfterSeconds()).isEqualTo(42);
		});

		assertThat(passes("203.0.113.8")).as("other addresses are not affected").isTrue();
		this.ticker.addAndGet(Duration.ofSeconds(42).toNanos());
		assertThat(passes("203.0.113.7")).as("next period").isTrue();
	}

	@Test
	void requestsWithoutCredentialsAreNotCounted() throws Exception {
		for (int i = 0; i < 10; i++) {
			this.limiter.onAuthenticationFailure(failure("203.0.113.7", "missing"));
		}
		assertThat(passes("203.0.113.7")).isTrue();
		assertThat(this.limiter.trackedAddresses()).isZero();
	}

	@Test
	void everyKindOfBadCredentialCounts() throws Exception {
		for (String reason : new String[] { "malformed", "expired", "revoked" }) {
			this.limiter.onAuthenticationFailure(failure("203.0.113.7", reason));
		}
		assertThat(passes("203.0.113.7")).isFalse();
	}

	@Test
	void whenManyAddressesFailThenTrackedAddressesStayBounded() {
		for (int i = 0; i < 20_000; i++) {
			this.ticker.addAndGet(1_000);
			this.limiter.onAuthenticationFailure(failure("198.51." + (i / 256) + "." + (i % 256), "invalid"));
			assertThat(this.limiter.trackedAddresses()).isLessThanOrEqualTo(1_000);
		}
	}

	private boolean passes(String ip) throws Exception {
		return LockedOutRequests.retryAfterSeconds(request(ip)) == 0;
	}

	private MockHttpServletRequest request(String ip) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/mcp");
		request.setRemoteAddr(ip);
		MockFilterChain chain = new MockFilterChain();
		this.filter.doFilter(request, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).as("the request always goes on to authentication").isSameAs(request);
		return request;
	}

	private static AuthenticationFailure failure(String ip, String reason) {
		return new AuthenticationFailure(Instant.now(), ip, "POST", "/mcp", reason, null);
	}

}
