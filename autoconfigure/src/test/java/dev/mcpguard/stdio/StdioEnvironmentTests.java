package dev.mcpguard.stdio;

import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.client.transport.ServerParameters;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StdioEnvironmentTests {

	private static final Map<String, String> PARENT = Map.of("PATH", "/usr/bin:/bin", "HOME", "/home/app",
			"DB_PASSWORD", "parent-secret", "SHELL", "/bin/bash");

	@Test
	void onlyAllowedAndExplicitVariablesAreInTheEnvironment() {
		Map<String, String> environment = new StdioEnvironment.Builder(PARENT).allow("PATH", "LANG")
			.with("API_KEY", "child-key")
			.build();
		assertThat(environment).containsExactlyInAnyOrderEntriesOf(Map.of("PATH", "/usr/bin:/bin", "API_KEY", "child-key"));
	}

	@Test
	void explicitValueOverridesAnAllowedOne() {
		assertThat(new StdioEnvironment.Builder(PARENT).allow("HOME").with("HOME", "/tmp/sandbox").build())
			.containsExactly(Map.entry("HOME", "/tmp/sandbox"));
	}

	@Test
	void builtEnvironmentIsUnmodifiable() {
		Map<String, String> environment = StdioEnvironment.empty().with("A", "1").build();
		assertThat(environment).isUnmodifiable();
	}

	@Test
	void invalidNamesAndValuesAreRefusedWithoutShowingTheValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> StdioEnvironment.empty().with("A=B", "x"));
		assertThatIllegalArgumentException().isThrownBy(() -> StdioEnvironment.allow(""));
		assertThatIllegalArgumentException().isThrownBy(() -> StdioEnvironment.empty().with("TOKEN", "secret\0value"))
			.withMessageNotContaining("secret");
		assertThat(StdioEnvironment.empty().with("TOKEN", "secret-value").toString()).contains("TOKEN")
			.doesNotContain("secret-value");
	}

	@Test
	void serverParametersCarryExactlyTheGivenEnvironment() {
		Map<String, String> environment = StdioEnvironment.empty().with("API_KEY", "child-key").build();
		ServerParameters parameters = StdioEnvironment.serverParameters("/usr/bin/env", List.of("-0"), environment);
		assertThat(parameters.getCommand()).isEqualTo("/usr/bin/env");
		assertThat(parameters.getArgs()).containsExactly("-0");
		assertThat(parameters.getEnv()).as("without the PATH, HOME, ... the SDK copies from the parent")
			.isEqualTo(environment);
	}

	@Test
	void sdkServerParametersAloneAddParentVariables() {
		// Why serverParameters(...) exists: the SDK adds parent variables to any environment it is given
		assertThat(System.getenv()).containsKey("PATH");
		ServerParameters parameters = ServerParameters.builder("/usr/bin/env").env(Map.of("API_KEY", "child-key")).build();
		assertThat(parameters.getEnv()).containsKey("PATH");
	}

}
