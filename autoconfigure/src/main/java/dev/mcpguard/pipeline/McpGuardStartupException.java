package dev.mcpguard.pipeline;

/**
 * Refuses the start of an application that MCP Guard cannot guard as configured (a transport it does not wrap, a
 * security chain that would serve the MCP endpoint without it, ...): failing closed rather than serving unguarded
 * tools. Spring Boot reports it as a failed start, with what was found and what to do.
 */
public class McpGuardStartupException extends IllegalStateException {

	private final String description;

	private final String action;

	/**
	 * Create the exception.
	 * @param description what MCP Guard found
	 * @param action what to do about it
	 */
	public McpGuardStartupException(String description, String action) {
		super(description + "\n" + action);
		this.description = description;
		this.action = action;
	}

	/**
	 * What MCP Guard found.
	 * @return the description
	 */
	public String getDescription() {
		return this.description;
	}

	/**
	 * What to do about it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
