package dev.mcpguard.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.BadCredentialsException;

import static org.assertj.core.api.Assertions.assertThat;

class BearerAuthenticationEntryPointTests {

	private final List<AuthenticationFailure> failures = new CopyOnWriteArrayList<>();

	private final BearerAuthenticationEntryPoint entryPoint = new BearerAuthenticationEntryPoint(List.of(this.failures::add),
			Clock.systemUTC(), Duration.ofSeconds(5));

	@Test
	void aRequestWithoutCredentialsIsRefusedAsMissingNotAsAFailedLogin() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.entryPoint.commence(new MockHttpServletRequest("POST", "/mcp"), response,
				new AuthenticationCredentialsNotFoundException("An Authentication object was not found"));
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(this.failures).singleElement().satisfies((failure) -> assertThat(failure.reason()).isEqualTo("missing"));
	}

	@Test
	void fromALockedOutAddressAFailedCredentialGets429ButMissingCredentialsStay401() throws Exception {
		MockHttpServletRequest guess = new MockHttpServletRequest("POST", "/mcp");
		guess.addHeader("Authorization", "Bearer guessed-token-000000000000");
		LockedOutRequests.lock(guess, 42);
		MockHttpServletResponse refused = new MockHttpServletResponse();
		this.entryPoint.commence(guess, refused, new BadCredentialsException("Invalid bearer token"));
		assertThat(refused.getStatus()).isEqualTo(429);
		assertThat(refused.getHeader("Retry-After")).isEqualTo("42");
		assertThat(refused.getContentAsString()).isEqualTo(
				"{\"error\":\"too_many_requests\",\"message\":\"Too many failed authentication attempts. Retry in 42 s.\"}");

		MockHttpServletRequest anonymous = new MockHttpServletRequest("POST", "/mcp");
		LockedOutRequests.lock(anonymous, 42);
		MockHttpServletResponse unauthorized = new MockHttpServletResponse();
		this.entryPoint.commence(anonymous, unauthorized, new AuthenticationCredentialsNotFoundException("none"));
		assertThat(unauthorized.getStatus()).isEqualTo(401);
		assertThat(this.failures).extracting(AuthenticationFailure::reason).containsExactly("invalid", "missing");
	}

}
