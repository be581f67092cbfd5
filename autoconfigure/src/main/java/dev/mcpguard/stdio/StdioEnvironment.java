package dev.mcpguard.stdio;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.client.transport.ServerParameters;

/**
 * The environment of a stdio MCP server process, built from an explicit allow-list instead of the parent's whole
 * environment:
 * <pre class="code">
 * Map&lt;String, String&gt; environment = StdioEnvironment.allow("PATH", "HOME")
 *     .with("GITHUB_TOKEN", githubToken)
 *     .build();
 * McpClientTransport transport = IsolatedStdioClientTransport.create("/usr/local/bin/github-mcp", List.of("stdio"),
 *     environment, McpJsonDefaults.getMapper());
 * </pre>
 * Use the environment with {@link IsolatedStdioClientTransport}: the SDK's own {@code StdioClientTransport} adds
 * the parent's whole environment to whatever it is given.
 */
public final class StdioEnvironment {

	private StdioEnvironment() {
	}

	/**
	 * Start an environment that copies the named variables from this process's environment; names this process
	 * does not have are left out.
	 * @param names the variable names to pass on, for example {@code PATH}
	 * @return a builder
	 */
	public static Builder allow(String... names) {
		return empty().allow(names);
	}

	/**
	 * Start an empty environment.
	 * @return a builder
	 */
	public static Builder empty() {
		return new Builder(System.getenv());
	}

	/**
	 * SDK server parameters whose environment is exactly the given one. The SDK's {@code ServerParameters} always
	 * adds a few variables of the parent ({@code HOME}, {@code LOGNAME}, {@code PATH}, {@code SHELL}, {@code TERM},
	 * {@code USER} on Unix); those not in {@code environment} are removed here.
	 * @param command the executable, preferably an absolute path (the child has no {@code PATH} unless allowed)
	 * @param args the arguments
	 * @param environment the complete environment of the child, from {@link Builder#build()}
	 * @return the parameters
	 * @throws IllegalStateException if the SDK no longer lets the added variables be removed
	 */
	public static ServerParameters serverParameters(String command, List<String> args, Map<String, String> environment) {
		ServerParameters parameters = ServerParameters.builder(command).args(new ArrayList<>(args)).env(environment).build();
		try {
			parameters.getEnv().keySet().retainAll(environment.keySet());
		}
		catch (UnsupportedOperationException ex) {
			throw new IllegalStateException("The MCP SDK's ServerParameters environment cannot be narrowed", ex);
		}
		if (!parameters.getEnv().equals(environment)) {
			throw new IllegalStateException("The MCP SDK's ServerParameters changed the environment of '" + command
					+ "': variables " + parameters.getEnv().keySet() + " instead of " + environment.keySet());
		}
		return parameters;
	}

	/**
	 * Builds the environment of a child process. Values are never shown in exceptions or {@code toString()}.
	 */
	public static final class Builder {

		private final Map<String, String> parent;

		private final Map<String, String> variables = new LinkedHashMap<>();

		Builder(Map<String, String> parent) {
			this.parent = parent;
		}

		/**
		 * Copy the named variables from the parent environment; names it does not have are left out.
		 * @param names the variable names
		 * @return this builder
		 */
		public Builder allow(String... names) {
			for (String name : names) {
				checkName(name);
				String value = this.parent.get(name);
				if (value != null) {
					this.variables.put(name, value);
				}
			}
			return this;
		}

		/**
		 * Set a variable to a value, for example a credential the server needs.
		 * @param name the variable name
		 * @param value the value
		 * @return this builder
		 */
		public Builder with(String name, String value) {
			checkName(name);
			if (value == null || value.indexOf('\0') >= 0) {
				throw new IllegalArgumentException("Value of environment variable '" + name + "' is null or contains NUL");
			}
			this.variables.put(name, value);
			return this;
		}

		/**
		 * The environment.
		 * @return an unmodifiable map of variable names to values
		 */
		public Map<String, String> build() {
			return Map.copyOf(this.variables);
		}

		@Override
		public String toString() {
			return "StdioEnvironment.Builder" + this.variables.keySet();
		}

		private static void checkName(String name) {
			if (name == null || name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
				throw new IllegalArgumentException("Invalid environment variable name '" + name + "'");
			}
		}

	}

}
