package dev.mcpguard.ratelimit;

/**
 * What a rate limit counts.
 */
public enum RateLimitScope {

	/** Calls of one tool, by every caller of this instance. */
	TOOL("tool"),

	/** Calls in one MCP session, over all tools. */
	SESSION("session"),

	/** Calls of one principal, over all its sessions and tools. */
	PRINCIPAL("principal"),

	/** New MCP sessions (initialize requests) of one credential. */
	INITIALIZE("initialize"),

	/** Requests refused for bad credentials, per client address. */
	FAILED_AUTHENTICATION("failed_authentication");

	private final String tag;

	RateLimitScope(String tag) {
		this.tag = tag;
	}

	/**
	 * The scope as written in logs, audit details and metric tags.
	 * @return the lower-case name, for example {@code session}
	 */
	public String tag() {
		return this.tag;
	}

}
