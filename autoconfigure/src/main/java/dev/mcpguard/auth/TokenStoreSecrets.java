package dev.mcpguard.auth;

import java.util.List;

import dev.mcpguard.pipeline.KnownSecrets;

/**
 * The server's bearer tokens as {@link KnownSecrets}: a word is one if its SHA-256 is a token that a
 * {@link TokenStore} knows from memory (the static tokens, issued tokens in use), so tokens are found by their hash
 * as at authentication, and redaction never waits for the database.
 */
public class TokenStoreSecrets implements KnownSecrets {

	private final List<TokenStore> stores;

	/**
	 * Create the secrets.
	 * @param stores the token stores
	 */
	public TokenStoreSecrets(List<TokenStore> stores) {
		this.stores = List.copyOf(stores);
	}

	@Override
	public boolean contains(String word) {
		if (this.stores.isEmpty()) {
			return false;
		}
		String hash = TokenHashes.sha256Hex(word);
		for (TokenStore store : this.stores) {
			if (store.knowsInMemory(hash)) {
				return true;
			}
		}
		return false;
	}

}
