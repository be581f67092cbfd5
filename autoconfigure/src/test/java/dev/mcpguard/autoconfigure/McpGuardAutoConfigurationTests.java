package dev.mcpguard.autoconfigure;

import java.util.List;
import java.util.Map;

import dev.mcpguard.authz.RoleAuthorizationGuard;
import dev.mcpguard.authz.StaticToolFilterGuard;
import dev.mcpguard.pipeline.ArgumentRedactor;
import dev.mcpguard.pipeline.GuardPipeline;
import dev.mcpguard.pipeline.ToolRegistry;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

import org.springframework.ai.mcp.server.common.autoconfigure.McpServerAutoConfiguration;
import org.springframework.ai.mcp.server.common.autoconfigure.McpServerJsonMapperAutoConfiguration;
import org.springframework.ai.mcp.server.webmvc.autoconfigure.McpServerStreamableHttpWebMvcAutoConfiguration;
import org.springframework.ai.mcp.server.webmvc.transport.WebMvcStreamableServerTransportProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class McpGuardAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(McpServerJsonMapperAutoConfiguration.class,
				McpServerStreamableHttpWebMvcAutoConfiguration.class, McpServerAutoConfiguration.class,
				McpGuardAutoConfiguration.class, McpGuardAuthorizationAutoConfiguration.class))
		.withPropertyValues("spring.ai.mcp.server.protocol=STREAMABLE")
		.withUserConfiguration(EchoToolConfiguration.class);

	@Test
	void whenStarterPresentThenEveryToolIsWrappedByThePipeline() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(GuardPipeline.class).hasSingleBean(McpSyncServer.class);
			ToolRegistry registry = context.getBean(ToolRegistry.class);
			assertThat(registry.descriptor("echo")).isNotNull();
			assertThat(registry.guardedSpecification("echo").callHandler())
				.isNotSameAs(EchoToolConfiguration.ORIGINAL.callHandler());
			@SuppressWarnings("unchecked")
			List<SyncToolSpecification> tools = (List<SyncToolSpecification>) context.getBean("echoTools");
			assertThat(tools).singleElement().isSameAs(registry.guardedSpecification("echo"));
		});
	}

	@Test
	void whenStarterPresentThenTransportIsTheGuardsOwn() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(WebMvcStreamableServerTransportProvider.class)
			.getBean(WebMvcStreamableServerTransportProvider.class)
			.isSameAs(context.getBean("webMvcStreamableServerTransportProvider")));
	}

	@Test
	void whenDisabledThenToolsAreNotWrapped() {
		this.runner.withPropertyValues("mcp.guard.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(GuardPipeline.class).doesNotHaveBean(ToolRegistry.class)
				.doesNotHaveBean(RoleAuthorizationGuard.class);
			@SuppressWarnings("unchecked")
			List<SyncToolSpecification> tools = (List<SyncToolSpecification>) context.getBean("echoTools");
			assertThat(tools).singleElement().isSameAs(EchoToolConfiguration.ORIGINAL);
		});
	}

	@Test
	void whenMcpSdkMissingThenGuardBacksOff() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(McpGuardAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(McpSyncServer.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(GuardPipeline.class));
	}

	@Test
	void thePipelineDefinesTheRedactorThatEveryLayerShares() {
		this.runner.withPropertyValues("mcp.guard.audit.sensitive-keys=iban", "mcp.guard.audit.max-argument-size=1KB")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(ArgumentRedactor.class);
				ArgumentRedactor redactor = context.getBean(ArgumentRedactor.class);
				assertThat(redactor.isSensitiveKey("IBAN")).isTrue();
				assertThat(redactor.isSensitiveKey("password")).as("built in, whatever is configured").isTrue();
				assertThat(redactor.isSensitiveKey("quantity")).isFalse();
				assertThat(redactor.toJson(null, Map.of("text", "x".repeat(2000)))).startsWith("{\"truncated\":true");
			});
		this.runner.withPropertyValues("mcp.guard.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ArgumentRedactor.class));
	}

	@Test
	void whenUserDefinesPipelineThenItWins() {
		GuardPipeline own = new GuardPipeline(List.of(), List.of());
		this.runner.withBean("ownPipeline", GuardPipeline.class, () -> own)
			.run((context) -> assertThat(context).getBean(GuardPipeline.class).isSameAs(own));
	}

	@Test
	void whenAuthzPropertiesSetThenStagesUseThem() {
		this.runner.withPropertyValues("mcp.guard.authz.deny=echo").run((context) -> {
			StaticToolFilterGuard filter = context.getBean(StaticToolFilterGuard.class);
			assertThat(filter.isExposed("echo")).isFalse();
			assertThat(filter.isExposed("other")).isTrue();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class EchoToolConfiguration {

		static final SyncToolSpecification ORIGINAL = new SyncToolSpecification(
				McpSchema.Tool.builder("echo", Map.of("type", "object")).build(),
				(exchange, request) -> McpSchema.CallToolResult.builder().addTextContent("echo").build());

		@Bean
		List<SyncToolSpecification> echoTools() {
			return List.of(ORIGINAL);
		}

	}

}
