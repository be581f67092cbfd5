package dev.mcpguard.autoconfigure;

import dev.mcpguard.audit.AuditHealthIndicator;
import dev.mcpguard.audit.AuditMetrics;
import dev.mcpguard.audit.AuditTrail;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The audit trail's health indicator ({@code mcpAudit}) and meters ({@code mcp.guard.audit.*}), for a durable
 * {@link AuditTrail}.
 */
// After the audit auto-configuration: both observe the AuditTrail it defines.
@AutoConfiguration(after = McpGuardAuditAutoConfiguration.class)
@ConditionalOnBean(AuditTrail.class)
public final class McpGuardAuditHealthAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("mcpAudit")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "mcpAuditHealthIndicator")
		AuditHealthIndicator mcpAuditHealthIndicator(AuditTrail trail, McpGuardAuditProperties properties) {
			return new AuditHealthIndicator(trail, properties.getQueueCapacity());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AuditMetrics mcpGuardAuditMetrics(AuditTrail trail) {
			return new AuditMetrics(trail);
		}

	}

}
