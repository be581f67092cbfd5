package dev.mcpguard.autoconfigure;

import java.util.Set;

import dev.mcpguard.admin.AdminActions;
import dev.mcpguard.pipeline.CredentialIssuers;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import dev.mcpguard.admin.McpApprovalsEndpoint;
import dev.mcpguard.approval.ApprovalGuard;
import dev.mcpguard.approval.ApprovalGuard.ToolSettings;
import dev.mcpguard.approval.ApprovalNotifier;
import dev.mcpguard.approval.ApprovalPolicy;
import dev.mcpguard.approval.ApprovalService;
import dev.mcpguard.approval.ElicitationConfirmation;
import dev.mcpguard.approval.JdbcApprovalStore;
import dev.mcpguard.approval.WebhookApprovalNotifier;
import dev.mcpguard.jdbc.McpGuardSchema;
import dev.mcpguard.pipeline.ArgumentRedactor;
import dev.mcpguard.pipeline.GuardPipeline;
import dev.mcpguard.pipeline.ToolRegistry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Auto-configuration of human approval: the approval stage of the guard pipeline, approval requests in the
 * database, the webhook notifier and the {@code mcpapprovals} actuator endpoint.
 */
// After the pipeline (the stage needs its tool registry and the shared ArgumentRedactor) and the JDBC auto-configuration (requests live in
// MCP Guard's schema, which it migrates).
@AutoConfiguration(after = { McpGuardAutoConfiguration.class, McpGuardJdbcAutoConfiguration.class })
@ConditionalOnBean(GuardPipeline.class)
@ConditionalOnBooleanProperty(name = McpGuardApprovalProperties.CONFIG_PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(McpGuardApprovalProperties.class)
public final class McpGuardApprovalAutoConfiguration {

	private static final Log logger = LogFactory.getLog(McpGuardApprovalAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	ApprovalGuard mcpGuardApprovalGuard(McpGuardApprovalProperties properties, ToolRegistry registry,
			ObjectProvider<ApprovalPolicy> policies, ObjectProvider<ApprovalService> service, ArgumentRedactor redactor) {
		Map<String, ToolSettings> tools = new LinkedHashMap<>();
		properties.getTools().forEach((name, tool) -> tools.put(name, new ToolSettings(tool.getMode(), tool.getWait())));
		return new ApprovalGuard(registry, policies.orderedStream().toList(), service.getIfAvailable(),
				new ElicitationConfirmation(), redactor, new ToolSettings(properties.getMode(), properties.getWait()), tools,
				properties.getPingInterval());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(McpGuardSchema.class)
	static class StoreConfiguration {

		/**
		 * Says at start-up what waiting for a decision costs: on platform threads each waiting call holds a request
		 * thread (up to max-waiting); on virtual threads (Java 21+) it holds none.
		 * @param properties the approval settings
		 * @param environment for spring.threads.virtual.enabled
		 * @return the listener
		 */
		@Bean
		@ConditionalOnMissingBean(name = "mcpGuardApprovalWaitReport")
		ApplicationListener<ApplicationReadyEvent> mcpGuardApprovalWaitReport(McpGuardApprovalProperties properties,
				Environment environment) {
			return (event) -> {
				boolean waits = isPositive(properties.getWait())
						|| properties.getTools().values().stream().anyMatch((tool) -> isPositive(tool.getWait()));
				if (waits && !environment.getProperty("spring.threads.virtual.enabled", Boolean.class, false)) {
					logger.warn("Calls waiting for an approval decision (mcp.guard.approval.wait) each hold a platform "
							+ "request thread, at most " + properties.getMaxWaiting() + " at once "
							+ "(mcp.guard.approval.max-waiting); on Java 21 or newer set spring.threads.virtual.enabled=true "
							+ "so that a waiting call holds no platform thread");
				}
			};
		}

		private static boolean isPositive(@Nullable Duration wait) {
			return wait != null && !wait.isZero() && !wait.isNegative();
		}

		@Bean
		@ConditionalOnMissingBean
		JdbcApprovalStore mcpGuardApprovalStore(McpGuardSchema schema, DataSource dataSource) {
			return new JdbcApprovalStore(JdbcClient.create(dataSource));
		}

		@Bean
		@ConditionalOnMissingBean
		ApprovalService mcpGuardApprovalService(JdbcApprovalStore store, ObjectProvider<ApprovalNotifier> notifiers,
				McpGuardApprovalProperties properties, Environment environment, ObjectProvider<CredentialIssuers> issuers) {
			return new ApprovalService(store, notifiers.orderedStream().toList(), Clock.systemUTC(),
					properties.getTimeout(), endpointPath(environment), issuers.getIfAvailable(() -> (principal) -> Set.of()),
					properties.getMaxWaiting());
		}

		private static String endpointPath(Environment environment) {
			String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
			String path = environment.getProperty("management.endpoints.web.path-mapping.mcpapprovals", "mcpapprovals");
			return (basePath.endsWith("/") ? basePath : basePath + "/") + path;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = McpGuardApprovalProperties.CONFIG_PREFIX + ".webhook", name = "url")
	static class WebhookConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WebhookApprovalNotifier mcpGuardWebhookApprovalNotifier(McpGuardApprovalProperties properties) {
			McpGuardApprovalProperties.Webhook webhook = properties.getWebhook();
			return new WebhookApprovalNotifier(webhook.getUrl(), webhook.getHeaders(), webhook.getConnectTimeout(),
					webhook.getReadTimeout(), webhook.getMaxAttempts(), webhook.getBackoff(), webhook.getQueueCapacity());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	@ConditionalOnBean(McpGuardSchema.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		McpApprovalsEndpoint mcpApprovalsEndpoint(ApprovalService approvals, McpGuardProperties properties,
				ObjectProvider<AdminActions> adminActions) {
			return new McpApprovalsEndpoint(approvals, properties.getAdmin().getRole(),
					adminActions.getIfAvailable(AdminActions::none));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(McpGuardSchema.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "mcpGuardApprovalMetrics")
		MeterBinder mcpGuardApprovalMetrics(ApprovalService approvals) {
			return (registry) -> Gauge.builder("mcp.guard.approval.waiting", approvals, ApprovalService::waiting)
				.description("Calls waiting on this instance for an out-of-band approval decision")
				.register(registry);
		}

	}

}
