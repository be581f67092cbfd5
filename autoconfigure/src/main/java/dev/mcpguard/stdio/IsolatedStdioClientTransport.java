package dev.mcpguard.stdio;

import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;

/**
 * A stdio client transport whose server process gets only the environment of its {@link ServerParameters}. The
 * MCP Java SDK's {@link StdioClientTransport} starts the process from a {@link ProcessBuilder}, which holds a copy
 * of the parent's whole environment, and only adds the parameters' variables to it: every secret of the MCP client
 * (database password, cloud credentials, other servers' tokens) reaches every server it launches. This transport
 * starts from an empty environment instead.
 * <p>
 * Build the parameters with {@link StdioEnvironment#serverParameters} (or use {@link #create}), since the SDK's
 * {@code ServerParameters} adds a few parent variables of its own.
 */
public class IsolatedStdioClientTransport extends StdioClientTransport {

	/**
	 * Create the transport.
	 * @param parameters the command, arguments and complete environment of the server process
	 * @param jsonMapper the JSON mapper
	 */
	public IsolatedStdioClientTransport(ServerParameters parameters, McpJsonMapper jsonMapper) {
		super(parameters, jsonMapper);
	}

	/**
	 * A transport that launches {@code command} with exactly {@code environment}.
	 * @param command the executable, preferably an absolute path (the child has no {@code PATH} unless allowed)
	 * @param args the arguments
	 * @param environment the complete environment of the child, from {@link StdioEnvironment}
	 * @param jsonMapper the JSON mapper, for example {@code McpJsonDefaults.getMapper()}
	 * @return the transport
	 */
	public static IsolatedStdioClientTransport create(String command, List<String> args, Map<String, String> environment,
			McpJsonMapper jsonMapper) {
		return new IsolatedStdioClientTransport(StdioEnvironment.serverParameters(command, args, environment), jsonMapper);
	}

	/**
	 * A process builder with an empty environment; the SDK then adds the parameters' environment to it.
	 * @return the process builder
	 */
	@Override
	protected ProcessBuilder getProcessBuilder() {
		ProcessBuilder builder = super.getProcessBuilder();
		builder.environment().clear();
		return builder;
	}

}
