package dev.mcpguard.stdio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Launches a real child process ({@code /usr/bin/env}) through the transport's own {@code connect} and reads the
 * environment it received.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "launches /usr/bin/env")
class IsolatedStdioClientTransportTests {

	private static final String ENV = "/usr/bin/env";

	@TempDir
	Path directory;

	@Test
	void childReceivesExactlyTheAllowListAndNoParentSecret() throws IOException {
		Set<String> parentOnly = parentVariablesExcept("PATH");
		assertThat(parentOnly).as("the parent has variables that must not reach the child").isNotEmpty();
		Map<String, String> environment = StdioEnvironment.allow("PATH").with("API_KEY", "child-key").build();
		Path output = this.directory.resolve("isolated.env");
		Map<String, String> child = run(new IsolatedStdioClientTransport(
				StdioEnvironment.serverParameters(ENV, List.of(), environment), McpJsonDefaults.getMapper()) {
			@Override
			protected ProcessBuilder getProcessBuilder() {
				return super.getProcessBuilder().redirectOutput(output.toFile());
			}
		}, output);
		// names only in assertions: a failure must not print the parent's values into the build log
		assertThat(child.keySet()).containsExactlyInAnyOrder("PATH", "API_KEY").doesNotContainAnyElementsOf(parentOnly);
		assertThat(child.get("API_KEY")).isEqualTo("child-key");
		assertThat(child.get("PATH")).isEqualTo(environment.get("PATH"));
	}

	@Test
	void createBuildsATransportWithTheSameIsolation() throws IOException {
		Map<String, String> environment = StdioEnvironment.empty().with("ONLY", "this").build();
		IsolatedStdioClientTransport transport = IsolatedStdioClientTransport.create(ENV, List.of(), environment,
				McpJsonDefaults.getMapper());
		assertThat(transport.getProcessBuilder().environment().keySet()).isEmpty();
	}

	@Test
	void sdkTransportPassesTheWholeParentEnvironment() throws IOException {
		// The leak this package exists to prevent; if the SDK stops copying, this test says so
		Set<String> parentOnly = parentVariablesExcept("PATH");
		Path output = this.directory.resolve("sdk.env");
		Map<String, String> child = run(new StdioClientTransport(
				ServerParameters.builder(ENV).env(Map.of("API_KEY", "child-key")).build(), McpJsonDefaults.getMapper()) {
			@Override
			protected ProcessBuilder getProcessBuilder() {
				return super.getProcessBuilder().redirectOutput(output.toFile());
			}
		}, output);
		assertThat(child.keySet()).containsAll(parentOnly);
	}

	private static Map<String, String> run(StdioClientTransport transport, Path output) throws IOException {
		try {
			transport.connect((message) -> message).block(Duration.ofSeconds(10));
			// env prints its environment and exits: once it has exited, the output is complete
			transport.awaitForExit();
			return parse(Files.readAllLines(output));
		}
		finally {
			transport.closeGracefully().block(Duration.ofSeconds(10));
		}
	}

	private static Map<String, String> parse(List<String> lines) {
		Map<String, String> environment = new LinkedHashMap<>();
		for (String line : lines) {
			int equals = line.indexOf('=');
			if (equals > 0) {
				environment.put(line.substring(0, equals), line.substring(equals + 1));
			}
		}
		return environment;
	}

	private static Set<String> parentVariablesExcept(String... allowed) {
		Set<String> names = new HashSet<>(System.getenv().keySet());
		names.removeAll(Set.of(allowed));
		return names;
	}

}
