package dev.mcpguard.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.mcpguard.autoconfigure.McpGuardRateLimitProperties.ToolLimit;
import dev.mcpguard.pipeline.GuardPipeline;
import dev.mcpguard.pipeline.ToolRegistry;
import dev.mcpguard.auth.McpGuardConfigurer;
import dev.mcpguard.auth.McpGuardHttpCustomizer;
import dev.mcpguard.ratelimit.FailedAuthenticationHttpCustomizer;
import dev.mcpguard.ratelimit.InitializeRateLimitFilter;
import dev.mcpguard.ratelimit.KeyedRateLimiters;
import org.springframework.core.env.Environment;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import dev.mcpguard.ratelimit.FailedAuthenticationLimiter;
import dev.mcpguard.ratelimit.KeyedRateLimiters;
import dev.mcpguard.ratelimit.MicrometerRateLimitViolationCounter;
import dev.mcpguard.ratelimit.RateLimit;
import dev.mcpguard.ratelimit.RateLimitGuard;
import dev.mcpguard.ratelimit.RateLimitToolSettings;
import dev.mcpguard.ratelimit.RateLimitViolationListener;
import dev.mcpguard.ratelimit.ToolRateLimits;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * Auto-configuration of MCP Guard's rate limits: the pipeline stage with its per-tool, per-session and
 * per-principal limits on Resilience4j, the runtime API {@link ToolRateLimits}, a Micrometer counter of violations
 * and the per-address limit on failed authentication attempts.
 */
// After the pipeline (the stage needs it) and after Resilience4j's and Micrometer's auto-configurations, so the
// application's RateLimiterRegistry and the MeterRegistry are seen by the conditions below.
@AutoConfiguration(after = McpGuardAutoConfiguration.class, afterName = {
		"io.github.resilience4j.springboot.ratelimiter.autoconfigure.RateLimiterAutoConfiguration",
		"io.github.resilience4j.springboot.ratelimiter.autoconfigure.RateLimiterRefreshScopedRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(RateLimiter.class)
@ConditionalOnBean(GuardPipeline.class)
@ConditionalOnBooleanProperty(name = McpGuardRateLimitProperties.CONFIG_PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(McpGuardRateLimitProperties.class)
public final class McpGuardRateLimitAutoConfiguration {

	private static final String PREFIX = McpGuardRateLimitProperties.CONFIG_PREFIX + ".";

	@Bean
	@ConditionalOnMissingBean
	RateLimiterRegistry mcpGuardRateLimiterRegistry(McpGuardRateLimitProperties properties) {
		return RateLimiterRegistry.of(defaultLimit(properties).toConfig());
	}

	@Bean
	@ConditionalOnMissingBean
	ToolRateLimits mcpGuardToolRateLimits(RateLimiterRegistry registry, McpGuardRateLimitProperties properties,
			ObjectProvider<ToolRegistry> tools) {
		RateLimit defaults = defaultLimit(properties);
		Map<String, RateLimit> configured = new LinkedHashMap<>();
		properties.getTools().forEach((name, limit) -> configured.put(name, toolLimit(name, limit, defaults)));
		return new ToolRateLimits(registry, defaults, configured, tools.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	RateLimitToolSettings mcpGuardRateLimitToolSettings(ToolRateLimits limits) {
		return new RateLimitToolSettings(limits);
	}

	@Bean
	@ConditionalOnMissingBean
	RateLimitGuard mcpGuardRateLimitGuard(ToolRateLimits tools, McpGuardRateLimitProperties properties,
			ObjectProvider<RateLimitViolationListener> listeners) {
		McpGuardRateLimitProperties.Limit session = properties.getSession();
		McpGuardRateLimitProperties.Limit principal = properties.getPrincipal();
		return new RateLimitGuard(tools,
				keyed("mcp-session", limit("session", session.getLimitForPeriod(), session.getRefreshPeriod()), properties),
				keyed("mcp-principal", limit("principal", principal.getLimitForPeriod(), principal.getRefreshPeriod()), properties),
				listeners.orderedStream().toList(), System::nanoTime);
	}

	private static RateLimit defaultLimit(McpGuardRateLimitProperties properties) {
		McpGuardRateLimitProperties.Limit limit = properties.getDefault();
		return limit("default", limit.getLimitForPeriod(), limit.getRefreshPeriod());
	}

	private static RateLimit toolLimit(String name, ToolLimit limit, RateLimit defaults) {
		Integer limitForPeriod = limit.getLimitForPeriod();
		Duration refreshPeriod = limit.getRefreshPeriod();
		return limit("tools." + name, (limitForPeriod != null) ? limitForPeriod : defaults.limitForPeriod(),
				(refreshPeriod != null) ? refreshPeriod : defaults.refreshPeriod());
	}

	static RateLimit limit(String path, int limitForPeriod, Duration refreshPeriod) {
		if (limitForPeriod < 1) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + path + ".limit-for-period", limitForPeriod,
					"It must be at least 1.");
		}
		if (!RateLimit.isSettable(refreshPeriod)) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + path + ".refresh-period", refreshPeriod,
					"It " + RateLimit.REFRESH_PERIOD_RULE + ".");
		}
		return new RateLimit(limitForPeriod, refreshPeriod);
	}

	static KeyedRateLimiters keyed(String name, RateLimit limit, McpGuardRateLimitProperties properties) {
		if (properties.getMaxKeys() < 1) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "max-keys", properties.getMaxKeys(),
					"It must be at least 1.");
		}
		return new KeyedRateLimiters(name, limit, properties.getIdleTimeout(), properties.getMaxKeys(), System::nanoTime);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MicrometerRateLimitViolationCounter mcpGuardRateLimitViolationCounter(MeterRegistry registry) {
			return new MicrometerRateLimitViolationCounter(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HttpSecurity.class)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	// Sessions exist with the Streamable HTTP protocol only; a stateless server has no initialize to limit.
	@ConditionalOnProperty(prefix = "spring.ai.mcp.server", name = "protocol", havingValue = "STREAMABLE")
	static class InitializeConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "mcpGuardInitializeRateLimitHttpCustomizer")
		McpGuardHttpCustomizer mcpGuardInitializeRateLimitHttpCustomizer(McpGuardRateLimitProperties properties,
				ObjectProvider<RateLimitViolationListener> listeners, Environment environment) {
			McpGuardRateLimitProperties.Limit initialize = properties.getInitialize();
			KeyedRateLimiters credentials = keyed("mcp-initialize",
					limit("initialize", initialize.getLimitForPeriod(), initialize.getRefreshPeriod()), properties);
			RequestMatcher mcp = McpGuardConfigurer.mcpRequests(environment);
			return (http) -> http.addFilterAfter(new InitializeRateLimitFilter(mcp, credentials,
					listeners.orderedStream().toList(), System::nanoTime,
					McpGuardConfigurer.refusals(http.getSharedObject(ApplicationContext.class))),
					AnonymousAuthenticationFilter.class);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HttpSecurity.class)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnBooleanProperty(name = McpGuardRateLimitProperties.CONFIG_PREFIX + ".failed-auth.enabled", matchIfMissing = true)
	static class FailedAuthenticationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		FailedAuthenticationLimiter mcpGuardFailedAuthenticationLimiter(McpGuardRateLimitProperties properties,
				ObjectProvider<RateLimitViolationListener> listeners) {
			McpGuardRateLimitProperties.FailedAuth failedAuth = properties.getFailedAuth();
			RateLimit limit = limit("failed-auth", failedAuth.getLimitForPeriod(), failedAuth.getRefreshPeriod());
			return new FailedAuthenticationLimiter(keyed("mcp-failed-auth", limit, properties),
					listeners.orderedStream().toList(), System::nanoTime);
		}

		@Bean
		@ConditionalOnMissingBean
		FailedAuthenticationHttpCustomizer mcpGuardFailedAuthenticationHttpCustomizer(FailedAuthenticationLimiter limiter) {
			return new FailedAuthenticationHttpCustomizer(limiter);
		}

	}

}
