package dev.mcpguard.admin;

import java.util.Map;

/**
 * Per-tool settings of a layer (for example rate limits) that the {@code mcptools} endpoint shows and lets an
 * operator change at runtime.
 */
public interface ToolSettings {

	/**
	 * The key under which the settings are shown, for example {@code rateLimit}.
	 * @return the key
	 */
	String name();

	/**
	 * The current settings of a tool.
	 * @param toolName the tool
	 * @return the settings
	 */
	Map<String, Object> describe(String toolName);

	/**
	 * Apply the changes this layer understands and ignore the others.
	 * @param toolName the tool
	 * @param changes the requested changes, by name
	 * @param operator who
	 * @throws IllegalArgumentException if a value is invalid
	 */
	void update(String toolName, Map<String, String> changes, String operator);

}
