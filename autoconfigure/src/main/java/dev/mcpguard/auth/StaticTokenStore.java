package dev.mcpguard.auth;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * The tokens declared under {@code mcp.guard.auth.tokens}, held as hashes only.
 */
public class StaticTokenStore implements TokenStore {

	private final Map<String, TokenPrincipal> byHash;

	/**
	 * Create the store from configuration.
	 * @param tokens the configured tokens by principal name
	 * @throws IllegalStateException if a token has neither or both of value and hash, or a malformed hash
	 */
	public StaticTokenStore(Map<String, Declared> tokens) {
		Map<String, TokenPrincipal> map = new HashMap<>();
		tokens.forEach((principal, token) -> {
			String hash = hashOf(principal, token);
			TokenPrincipal previous = map.put(hash, new TokenPrincipal("static:" + principal, principal,
					new LinkedHashSet<>(token.roles()), null, token.expiresAt(), hash));
			if (previous != null) {
				throw new IllegalStateException("mcp.guard.auth.tokens." + principal + " uses the same token as mcp.guard.auth.tokens."
						+ previous.name() + "; every principal needs its own token");
			}
		});
		this.byHash = Map.copyOf(map);
	}

	private static String hashOf(String principal, Declared token) {
		String property = "mcp.guard.auth.tokens." + principal;
		String value = token.value();
		String configuredHash = token.hash();
		boolean hasValue = StringUtils.hasText(value);
		boolean hasHash = StringUtils.hasText(configuredHash);
		if (hasValue == hasHash) {
			throw new IllegalStateException(property + " needs exactly one of 'value' or 'hash'");
		}
		if (hasHash) {
			try {
				return TokenHashes.parseConfiguredHash(configuredHash);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException(property + ".hash: " + ex.getMessage(), ex);
			}
		}
		if (value.length() < 16) {
			throw new IllegalStateException(property + ".value is shorter than 16 characters; use a long random token");
		}
		return TokenHashes.sha256Hex(value);
	}

	/**
	 * A token as configuration declares it.
	 *
	 * @param value the token itself, or {@code null} when given as a hash
	 * @param hash its {@code sha256:<hex>} hash, or {@code null} when given as a value
	 * @param roles the roles of its principal
	 * @param expiresAt when it stops working, if ever
	 */
	public record Declared(@Nullable String value, @Nullable String hash, List<String> roles,
			@Nullable Instant expiresAt) {
	}

	@Override
	public @Nullable TokenPrincipal findByHash(String sha256Hex) {
		return this.byHash.get(sha256Hex);
	}

	@Override
	public boolean knowsInMemory(String sha256Hex) {
		return this.byHash.containsKey(sha256Hex);
	}

	/**
	 * The configured tokens, without secrets.
	 * @return the principals of all static tokens
	 */
	public List<TokenPrincipal> principals() {
		return List.copyOf(this.byHash.values());
	}

	/**
	 * Whether no static token is configured.
	 * @return {@code true} if empty
	 */
	public boolean isEmpty() {
		return this.byHash.isEmpty();
	}

}
