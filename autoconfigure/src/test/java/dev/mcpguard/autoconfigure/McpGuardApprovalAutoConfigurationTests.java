package dev.mcpguard.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.mcpguard.admin.McpApprovalsEndpoint;
import dev.mcpguard.annotation.RequiresApproval;
import dev.mcpguard.approval.ApprovalGuard;
import dev.mcpguard.approval.ApprovalMode;
import dev.mcpguard.approval.ApprovalService;
import dev.mcpguard.approval.JdbcApprovalStore;
import dev.mcpguard.approval.WebhookApprovalNotifier;
import dev.mcpguard.auth.StaticTokenStore;
import dev.mcpguard.pipeline.ArgumentRedactor;
import dev.mcpguard.pipeline.GuardPipeline;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.mcp.server.common.autoconfigure.McpServerAutoConfiguration;
import org.springframework.ai.mcp.server.common.autoconfigure.McpServerJsonMapperAutoConfiguration;
import org.springframework.ai.mcp.server.webmvc.autoconfigure.McpServerStreamableHttpWebMvcAutoConfiguration;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;

class McpGuardApprovalAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(McpServerJsonMapperAutoConfiguration.class,
				McpServerStreamableHttpWebMvcAutoConfiguration.class, McpServerAutoConfiguration.class,
				McpGuardAutoConfiguration.class, McpGuardApprovalAutoConfiguration.class))
		.withPropertyValues("spring.ai.mcp.server.protocol=STREAMABLE")
		.withUserConfiguration(ApprovalToolConfiguration.class);

	private final WebApplicationContextRunner withDatabase = this.runner
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
				McpGuardJdbcAutoConfiguration.class, EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:approval-autoconfig;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
				"spring.flyway.enabled=false", "management.endpoints.web.exposure.include=mcpapprovals")
		.withBean(StaticTokenStore.class, () -> new StaticTokenStore(Map.of()));

	@Test
	void whenPipelineExistsThenTheApprovalStageJoinsIt() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(ApprovalGuard.class).hasSingleBean(ArgumentRedactor.class);
			assertThat(context.getBean(GuardPipeline.class)).isNotNull();
			assertThat(context.getBean(ApprovalGuard.class).describe(
					context.getBean(dev.mcpguard.pipeline.ToolRegistry.class).descriptor("transfer"))).isEqualTo("#amount > 1000");
		});
	}

	@Test
	void whenNoDatabaseThenThereIsNoStoreServiceOrEndpoint() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(JdbcApprovalStore.class)
			.doesNotHaveBean(ApprovalService.class)
			.doesNotHaveBean(McpApprovalsEndpoint.class)
			.doesNotHaveBean(WebhookApprovalNotifier.class));
	}

	@Test
	void whenDatabaseExistsThenRequestsAreStoredAndTheEndpointIsAvailable() {
		this.withDatabase.run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(JdbcApprovalStore.class)
			.hasSingleBean(ApprovalService.class)
			.hasSingleBean(McpApprovalsEndpoint.class));
	}

	@Test
	void whenEndpointNotExposedOrActuatorMissingThenThereIsNoEndpoint() {
		this.withDatabase.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).hasSingleBean(ApprovalService.class).doesNotHaveBean(McpApprovalsEndpoint.class));
		this.withDatabase.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasSingleBean(ApprovalService.class).doesNotHaveBean(McpApprovalsEndpoint.class));
	}

	@Test
	void whenApprovalDisabledThenThereIsNoStage() {
		this.withDatabase.withPropertyValues("mcp.guard.approval.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ApprovalGuard.class)
				.doesNotHaveBean(ApprovalService.class)
				.doesNotHaveBean(McpApprovalsEndpoint.class));
	}

	@Test
	void whenGuardDisabledThenThereIsNoStage() {
		this.runner.withPropertyValues("mcp.guard.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ApprovalGuard.class));
	}

	@Test
	void whenWebhookUrlSetThenTheWebhookNotifierIsDefined() {
		this.withDatabase.withPropertyValues("mcp.guard.approval.webhook.url=http://localhost:9/hook")
			.run((context) -> assertThat(context).hasSingleBean(WebhookApprovalNotifier.class));
	}

	@Test
	void whenUserDefinesARedactorThenTheStageUsesIt() {
		ArgumentRedactor own = new ArgumentRedactor(List.of("pin"), 1024, JsonMapper.builder().build());
		this.runner.withBean("ownRedactor", ArgumentRedactor.class, () -> own)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ApprovalGuard.class)
				.getBean(ArgumentRedactor.class)
				.isSameAs(own));
	}

	@Test
	void whenAuditIsDisabledThenTheStageStillHasTheSharedRedactor() {
		this.runner.withConfiguration(AutoConfigurations.of(McpGuardAuditAutoConfiguration.class))
			.withPropertyValues("mcp.guard.audit.enabled=false", "mcp.guard.audit.sensitive-keys=pin")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(ApprovalGuard.class).hasSingleBean(ArgumentRedactor.class);
				assertThat(context.getBean(ArgumentRedactor.class).isSensitiveKey("pin")).isTrue();
			});
	}

	@Test
	void propertiesBind() {
		this.runner.withPropertyValues("mcp.guard.approval.timeout=5m", "mcp.guard.approval.wait=15s",
				"mcp.guard.approval.mode=elicitation", "mcp.guard.approval.tools.transfer.mode=out-of-band",
				"mcp.guard.approval.tools.transfer.wait=30s", "mcp.guard.approval.webhook.url=https://hooks.example.com/x",
				"mcp.guard.approval.webhook.max-attempts=5", "mcp.guard.audit.sensitive-keys=pin")
			.run((context) -> {
				McpGuardApprovalProperties properties = context.getBean(McpGuardApprovalProperties.class);
				assertThat(properties.getTimeout()).isEqualTo(Duration.ofMinutes(5));
				assertThat(properties.getWait()).isEqualTo(Duration.ofSeconds(15));
				assertThat(properties.getMode()).isEqualTo(ApprovalMode.ELICITATION);
				assertThat(properties.getTools().get("transfer").getMode()).isEqualTo(ApprovalMode.OUT_OF_BAND);
				assertThat(properties.getTools().get("transfer").getWait()).isEqualTo(Duration.ofSeconds(30));
				assertThat(properties.getWebhook().getUrl()).hasToString("https://hooks.example.com/x");
				assertThat(properties.getWebhook().getMaxAttempts()).isEqualTo(5);
				// the approval layer hides the keys of the shared property
				assertThat(context.getBean(ArgumentRedactor.class).isSensitiveKey("pin")).isTrue();
				assertThat(context.getBean(ArgumentRedactor.class).isSensitiveKey("ssn")).isFalse();
			});
	}

	@Test
	void whenConditionIsBrokenThenStartupFailsNamingTheTool() {
		this.runner.withUserConfiguration(BrokenToolConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.hasMessageContaining("tool 'broken'")
				.hasMessageContaining("unknown variable #amonut")
				.hasMessageContaining("the tool's parameters are amount");
		});
	}

	static SyncToolSpecification spec(String name) {
		return new SyncToolSpecification(McpSchema.Tool.builder(name, Map.of("type", "object", "properties",
				Map.of("amount", Map.of("type", "integer")))).build(),
				(exchange, request) -> McpSchema.CallToolResult.builder().addTextContent("done").build());
	}

	@Configuration(proxyBeanMethods = false)
	static class ApprovalToolConfiguration {

		@Bean
		TransferTool transferTool() {
			return new TransferTool();
		}

		@Bean
		List<SyncToolSpecification> transferTools() {
			return List.of(spec("transfer"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BrokenToolConfiguration {

		@Bean
		BrokenTool brokenTool() {
			return new BrokenTool();
		}

		@Bean
		List<SyncToolSpecification> brokenTools() {
			return List.of(spec("broken"));
		}

	}

	static class TransferTool {

		@Tool(name = "transfer")
		@RequiresApproval(when = "#amount > 1000", reason = "Large transfer")
		public String transfer(Integer amount) {
			return "done";
		}

	}

	static class BrokenTool {

		@Tool(name = "broken")
		@RequiresApproval(when = "#amonut > 1000")
		public String broken(Integer amount) {
			return "done";
		}

	}

}
