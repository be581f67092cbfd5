package dev.mcpguard.autoconfigure;

import java.util.function.Predicate;

import dev.mcpguard.pipeline.McpGuardStartupException;
import org.junit.jupiter.api.Test;

import org.springframework.util.ClassUtils;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class McpServerSupportCheckTests {

	private final Predicate<String> classLoader = (name) -> ClassUtils.isPresent(name, getClass().getClassLoader());

	@Test
	void streamableAndStatelessSyncServersAreGuarded() {
		for (String protocol : new String[] { "STREAMABLE", "stateless" }) {
			assertThatNoException().isThrownBy(() -> McpServerSupportCheck.check(
					new MockEnvironment().withProperty("spring.ai.mcp.server.protocol", protocol), this.classLoader));
		}
	}

	@Test
	void whenTheProtocolIsUnsetThenSpringAisSseDefaultIsRefusedWithWhatToSet() {
		assertThatExceptionOfType(McpGuardStartupException.class)
			.isThrownBy(() -> McpServerSupportCheck.check(new MockEnvironment(), this.classLoader))
			.withMessageContaining("MCP Guard cannot guard spring.ai.mcp.server.protocol is not set")
			.satisfies((ex) -> org.assertj.core.api.Assertions.assertThat(ex.getAction())
				.isEqualTo("Set spring.ai.mcp.server.protocol=STREAMABLE (or STATELESS)."));
	}

	@Test
	void sseAsyncAndStdioAreRefused() {
		assertThatExceptionOfType(McpGuardStartupException.class)
			.isThrownBy(() -> McpServerSupportCheck.check(
					new MockEnvironment().withProperty("spring.ai.mcp.server.protocol", "SSE"), this.classLoader))
			.withMessageContaining("spring.ai.mcp.server.protocol=SSE");
		assertThatExceptionOfType(McpGuardStartupException.class)
			.isThrownBy(() -> McpServerSupportCheck.check(new MockEnvironment()
				.withProperty("spring.ai.mcp.server.protocol", "STREAMABLE")
				.withProperty("spring.ai.mcp.server.type", "ASYNC"), this.classLoader))
			.withMessageContaining("spring.ai.mcp.server.type=ASYNC");
		assertThatExceptionOfType(McpGuardStartupException.class)
			.isThrownBy(() -> McpServerSupportCheck.check(new MockEnvironment()
				.withProperty("spring.ai.mcp.server.protocol", "STREAMABLE")
				.withProperty("spring.ai.mcp.server.stdio", "true"), this.classLoader))
			.withMessageContaining("stdio");
	}

	@Test
	void whenSpringAisWebFluxServerIsOnTheClassPathThenTheStartIsRefusedWithMcpGuardsOwnMessage() {
		Predicate<String> withWebFlux = (name) -> name.equals(McpServerSupportCheck.WEBFLUX_SERVER) || this.classLoader.test(name);
		assertThatExceptionOfType(McpGuardStartupException.class)
			.isThrownBy(() -> McpServerSupportCheck.check(
					new MockEnvironment().withProperty("spring.ai.mcp.server.protocol", "STREAMABLE"), withWebFlux))
			.withMessageContaining("MCP Guard cannot guard a WebFlux MCP server");
	}

	@Test
	void nothingIsCheckedWhenTheGuardOrTheServerIsDisabledOrThereIsNoMcpServer() {
		assertThatNoException().isThrownBy(() -> McpServerSupportCheck
			.check(new MockEnvironment().withProperty("mcp.guard.enabled", "false"), this.classLoader));
		assertThatNoException().isThrownBy(() -> McpServerSupportCheck
			.check(new MockEnvironment().withProperty("spring.ai.mcp.server.enabled", "false"), this.classLoader));
		assertThatNoException().isThrownBy(() -> McpServerSupportCheck.check(new MockEnvironment(),
				(name) -> !name.startsWith("io.modelcontextprotocol.server")));
	}

}
