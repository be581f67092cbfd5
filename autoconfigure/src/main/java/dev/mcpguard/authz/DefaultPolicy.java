package dev.mcpguard.authz;

/**
 * What the guard does with a tool that carries no {@link dev.mcpguard.annotation.RequiresRole}.
 */
public enum DefaultPolicy {

	/** Any authenticated caller may use it. */
	ALLOW_AUTHENTICATED,

	/** Nobody may use it until it is annotated (deny by default). */
	DENY

}
