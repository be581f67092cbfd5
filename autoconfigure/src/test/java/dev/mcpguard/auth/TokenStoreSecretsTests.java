package dev.mcpguard.auth;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the server's tokens as secrets that redaction masks.
 */
class TokenStoreSecretsTests {

	private static final String VALUE = "agent-token-0123456789abcdef";

	private static final String HASHED = "ops-token-fedcba9876543210";

	@Test
	void aWordIsASecretWhenItsHashIsATokenOfAStore() {
		TokenStoreSecrets secrets = new TokenStoreSecrets(List.of(statics()));
		assertThat(secrets.contains(VALUE)).as("configured by value").isTrue();
		assertThat(secrets.contains(HASHED)).as("configured by hash").isTrue();
		assertThat(secrets.contains("agent-token-0123456789abcdeX")).isFalse();
		assertThat(secrets.contains("7f3c2a9e-1b4d-4c8e-9f00-123456789abc")).isFalse();
	}

	@Test
	void aStoreThatCannotAnswerFromMemoryKnowsNoSecret() {
		TokenStore database = (hash) -> new TokenPrincipal("t1", "p", Set.of(), null, null, hash);
		assertThat(new TokenStoreSecrets(List.of(database)).contains(VALUE)).isFalse();
		assertThat(new TokenStoreSecrets(List.of()).contains(VALUE)).isFalse();
	}

	private static StaticTokenStore statics() {
		return new StaticTokenStore(Map.of("agent", new StaticTokenStore.Declared(VALUE, null, List.of(), null), "ops",
				new StaticTokenStore.Declared(null, TokenHashes.SHA256_PREFIX + TokenHashes.sha256Hex(HASHED), List.of(), null)));
	}

}
