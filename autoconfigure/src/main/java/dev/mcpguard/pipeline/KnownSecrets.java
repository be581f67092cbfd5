package dev.mcpguard.pipeline;

/**
 * The server's own secrets (its bearer tokens), which redaction masks wherever they appear as a word in arguments
 * and texts, whatever their shape. Asked on the request path, for token-like words of at least 16 characters only:
 * an answer must be cheap and must not do I/O.
 */
@FunctionalInterface
public interface KnownSecrets {

	/** No secrets of the server's own. */
	KnownSecrets NONE = (word) -> false;

	/**
	 * Whether a word is one of the server's secrets.
	 * @param word a token-like word of the text
	 * @return {@code true} if it must be masked
	 */
	boolean contains(String word);

}
