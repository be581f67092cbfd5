package dev.mcpguard.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Which store a bearer token is looked up in: with introspection configured, a token MCP Guard cannot have issued
 * never reaches the database-backed lookup, so an authorization server's opaque token costs no query and keeps
 * working while the token database is away; MCP Guard's own tokens are still looked up.
 */
class BearerAuthenticationManagersTests {

	/** A store whose database is away: every full lookup fails, the in-memory one knows nothing. */
	private final List<String> lookups = new ArrayList<>();

	private final TokenStore unavailable = new TokenStore() {

		@Override
		public TokenPrincipal findByHash(String sha256Hex) {
			BearerAuthenticationManagersTests.this.lookups.add(sha256Hex);
			throw new AuthenticationServiceException("token store unavailable");
		}

		@Override
		public TokenPrincipal findKnownByHash(String sha256Hex) {
			return null;
		}

	};

	private final TokenAuthenticator authenticator = new TokenAuthenticator(List.of(this.unavailable), null,
			Clock.systemUTC(), Duration.ZERO, false);

	private final AuthenticationManager introspection = (token) -> new TestingAuthenticationToken("agent", null, "ROLE_viewer");

	@Test
	void withIntrospectionAnOpaqueTokenOfTheAuthorizationServerIsNeverLookedUpInTheDatabase() {
		BearerAuthenticationManagers managers = new BearerAuthenticationManagers(this.authenticator, null,
				(request) -> this.introspection);
		Authentication result = managers.resolve(new MockHttpServletRequest())
			.authenticate(new BearerTokenAuthenticationToken("opaque-token-of-the-authorization-server"));
		assertThat(result.getName()).isEqualTo("agent");
		assertThat(this.lookups).isEmpty();
	}

	@Test
	void anIssuedTokenIsStillLookedUpAndItsStoreOutageStaysA503() {
		BearerAuthenticationManagers managers = new BearerAuthenticationManagers(this.authenticator, null,
				(request) -> this.introspection);
		assertThatExceptionOfType(AuthenticationServiceException.class).isThrownBy(() -> managers
			.resolve(new MockHttpServletRequest())
			.authenticate(new BearerTokenAuthenticationToken(TokenHashes.newToken())));
		assertThat(this.lookups).hasSize(1);
	}

	@Test
	void withoutIntrospectionEveryTokenIsLookedUp() {
		BearerAuthenticationManagers managers = new BearerAuthenticationManagers(this.authenticator, null, null);
		assertThatExceptionOfType(AuthenticationServiceException.class).isThrownBy(() -> managers
			.resolve(new MockHttpServletRequest())
			.authenticate(new BearerTokenAuthenticationToken("some-static-looking-token")));
		assertThat(this.lookups).hasSize(1);
	}

}
