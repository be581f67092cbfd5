package dev.mcpguard.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TokenAuthenticatorTests {

	private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	@Test
	void whenTokenMatchesThenPrincipalAndRolesAreAuthenticated() {
		Authentication result = provider(store("agent", "agent-token-0123456789", null), false)
			.authenticate(new BearerTokenAuthenticationToken("agent-token-0123456789"));
		assertThat(result.isAuthenticated()).isTrue();
		assertThat(result.getName()).isEqualTo("agent");
		assertThat(result.getCredentials()).isNull();
		assertThat(result.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_operator");
	}

	@Test
	void whenTokenUnknownThenBadCredentialsWithoutTheToken() {
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> provider(store("agent", "agent-token-0123456789", null), false)
				.authenticate(new BearerTokenAuthenticationToken("guess-0123456789")))
			.withMessageNotContaining("guess");
	}

	@Test
	void whenTokenExpiredThenRefused() {
		assertThatExceptionOfType(CredentialsExpiredException.class)
			.isThrownBy(() -> provider(store("agent", "agent-token-0123456789", NOW), false)
				.authenticate(new BearerTokenAuthenticationToken("agent-token-0123456789")));
	}

	@Test
	void whenIssuedTokenOlderThanMaxAgeThenRefusedOnlyIfPolicySaysSo() {
		String token = "old-token-0123456789";
		TokenPrincipal old = new TokenPrincipal("id-1", "old-bot", Set.of("viewer"), NOW.minus(Duration.ofDays(91)), null,
				TokenHashes.sha256Hex(token));
		TokenStore store = (hash) -> hash.equals(old.hash()) ? old : null;
		assertThat(provider(store, false).authenticate(new BearerTokenAuthenticationToken(token)).isAuthenticated()).isTrue();
		assertThatExceptionOfType(CredentialsExpiredException.class)
			.isThrownBy(() -> provider(store, true).authenticate(new BearerTokenAuthenticationToken(token)))
			.withMessageContaining("maximum token age");
	}

	@Test
	void whenAuthenticationPrintedThenNoSecret() {
		Authentication result = provider(store("agent", "secret-0123456789", null), false)
			.authenticate(new BearerTokenAuthenticationToken("secret-0123456789"));
		assertThat(result.toString()).doesNotContain("secret-0123456789");
		assertThat(result.getCredentials()).isNull();
	}

	@Test
	void configuredHashesMustBeWellFormed() {
		assertThat(TokenHashes.parseConfiguredHash("SHA256:" + "A".repeat(64))).isEqualTo("a".repeat(64));
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> TokenHashes.parseConfiguredHash("md5:abc"));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> TokenHashes.parseConfiguredHash("sha256:" + "z".repeat(64)));
		assertThat(TokenHashes.newToken()).startsWith("mcpg_").isNotEqualTo(TokenHashes.newToken());
	}

	private TokenAuthenticator provider(TokenStore store, boolean rejectOverdue) {
		return new TokenAuthenticator(List.of(store), null, this.clock, Duration.ofDays(90), rejectOverdue);
	}

	private static StaticTokenStore store(String principal, String value, Instant expiresAt) {
		return new StaticTokenStore(Map.of(principal, new StaticTokenStore.Declared(value, null, List.of("operator"), expiresAt)));
	}

}
