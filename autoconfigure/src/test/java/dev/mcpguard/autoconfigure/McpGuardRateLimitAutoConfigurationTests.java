package dev.mcpguard.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import dev.mcpguard.autoconfigure.McpGuardAutoConfigurationTests.EchoToolConfiguration;
import dev.mcpguard.pipeline.GuardPipeline;
import dev.mcpguard.ratelimit.FailedAuthenticationFilter;
import dev.mcpguard.ratelimit.FailedAuthenticationHttpCustomizer;
import dev.mcpguard.ratelimit.FailedAuthenticationLimiter;
import dev.mcpguard.ratelimit.MicrometerRateLimitViolationCounter;
import dev.mcpguard.ratelimit.RateLimitGuard;
import dev.mcpguard.ratelimit.RateLimitScope;
import dev.mcpguard.ratelimit.RateLimit;
import dev.mcpguard.ratelimit.RateLimitViolation;
import dev.mcpguard.ratelimit.ToolRateLimits;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.springboot.ratelimiter.autoconfigure.RateLimiterAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;

import org.springframework.ai.mcp.server.common.autoconfigure.McpServerAutoConfiguration;
import org.springframework.ai.mcp.server.common.autoconfigure.McpServerJsonMapperAutoConfiguration;
import org.springframework.ai.mcp.server.webmvc.autoconfigure.McpServerStreamableHttpWebMvcAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;

import static org.assertj.core.api.Assertions.assertThat;

class McpGuardRateLimitAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(McpServerJsonMapperAutoConfiguration.class,
				McpServerStreamableHttpWebMvcAutoConfiguration.class, McpServerAutoConfiguration.class,
				McpGuardAutoConfiguration.class, McpGuardRateLimitAutoConfiguration.class))
		.withPropertyValues("spring.ai.mcp.server.protocol=STREAMABLE")
		.withUserConfiguration(EchoToolConfiguration.class);

	@Test
	void whenStarterPresentThenToolsAreLimitedWithTheDocumentedDefaults() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(RateLimiterRegistry.class)
				.hasSingleBean(RateLimitGuard.class)
				.hasSingleBean(ToolRateLimits.class)
				.hasSingleBean(FailedAuthenticationLimiter.class)
				.hasSingleBean(FailedAuthenticationHttpCustomizer.class)
				.doesNotHaveBean(MicrometerRateLimitViolationCounter.class);
			assertThat(context.getBean(ToolRateLimits.class).describe("echo")).containsEntry("limitForPeriod", 100)
				.containsEntry("refreshPeriod", "PT1M")
				.containsEntry("override", false);
			assertThat(context.getBean(RateLimiterRegistry.class).find("mcp-tool-echo")).as("created at startup").isPresent();
			McpGuardRateLimitProperties properties = context.getBean(McpGuardRateLimitProperties.class);
			assertThat(properties.getSession().getLimitForPeriod()).isEqualTo(300);
			assertThat(properties.getPrincipal().getLimitForPeriod()).isEqualTo(1000);
			assertThat(properties.getFailedAuth().getLimitForPeriod()).isEqualTo(20);
			assertThat(properties.getIdleTimeout()).isEqualTo(Duration.ofMinutes(10));
		});
	}

	@Test
	void whenApplicationDefinesARegistryThenToolLimitersLiveInIt() {
		RateLimiterRegistry own = RateLimiterRegistry.ofDefaults();
		this.runner.withBean("ownRegistry", RateLimiterRegistry.class, () -> own).run((context) -> {
			assertThat(context).getBean(RateLimiterRegistry.class).isSameAs(own);
			assertThat(own.getAllRateLimiters()).extracting(RateLimiter::getName).contains("mcp-tool-echo");
		});
	}

	@Test
	void whenResilience4jSpringBootIsPresentThenToolLimitersLiveInItsRegistryAndNeverWait() {
		this.runner.withConfiguration(AutoConfigurations.of(RateLimiterAutoConfiguration.class))
			.withPropertyValues("resilience4j.ratelimiter.instances.mcp-tool-echo.limit-for-period=5")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(RateLimiterRegistry.class).doesNotHaveBean("mcpGuardRateLimiterRegistry");
				RateLimiter echo = context.getBean(RateLimiterRegistry.class).rateLimiter("mcp-tool-echo");
				assertThat(context.getBean(ToolRateLimits.class).describe("echo")).containsEntry("limitForPeriod", 5);
				assertThat(echo.getRateLimiterConfig().getTimeoutDuration()).isZero();
			});
	}

	@Test
	void whenApplicationDefinesItsOwnToolRateLimitsThenTheyWin() {
		this.runner.withBean("ownLimits", ToolRateLimits.class,
				() -> new ToolRateLimits(RateLimiterRegistry.ofDefaults(), new RateLimit(1, Duration.ofHours(1)), Map.of(), null))
			.run((context) -> assertThat(context).getBean(ToolRateLimits.class).isSameAs(context.getBean("ownLimits")));
	}

	@Test
	void whenRateLimitsDisabledThenNoLimiterAndNoFilter() {
		this.runner.withPropertyValues("mcp.guard.rate-limit.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(GuardPipeline.class)
				.doesNotHaveBean(RateLimitGuard.class)
				.doesNotHaveBean(RateLimiterRegistry.class)
				.doesNotHaveBean(FailedAuthenticationLimiter.class));
	}

	@Test
	void whenGuardDisabledThenNoRateLimits() {
		this.runner.withPropertyValues("mcp.guard.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RateLimitGuard.class));
	}

	@Test
	void whenOnlyFailedAuthLimitDisabledThenToolsAreStillLimited() {
		this.runner.withPropertyValues("mcp.guard.rate-limit.failed-auth.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(RateLimitGuard.class)
				.doesNotHaveBean(FailedAuthenticationLimiter.class)
				.doesNotHaveBean(FailedAuthenticationHttpCustomizer.class));
	}

	@Test
	void whenResilience4jMissingThenRateLimitsBackOff() {
		this.runner.withClassLoader(new FilteredClassLoader(RateLimiter.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(GuardPipeline.class)
				.doesNotHaveBean(RateLimitGuard.class)
				.doesNotHaveBean(FailedAuthenticationLimiter.class));
	}

	@Test
	void whenPropertiesSetThenLimitsUseThem() {
		this.runner
			.withPropertyValues("mcp.guard.rate-limit.default.refresh-period=30s",
					"mcp.guard.rate-limit.tools.echo.limit-for-period=10",
					"mcp.guard.rate-limit.tools.create_order.limit-for-period=5",
					"mcp.guard.rate-limit.tools.create_order.refresh-period=10m",
					"mcp.guard.rate-limit.session.limit-for-period=7", "mcp.guard.rate-limit.principal.refresh-period=1h",
					"mcp.guard.rate-limit.failed-auth.limit-for-period=3", "mcp.guard.rate-limit.idle-timeout=2h",
					"mcp.guard.rate-limit.max-keys=50")
			.run((context) -> {
				assertThat(context.getBean(ToolRateLimits.class).describe("echo")).containsEntry("limitForPeriod", 10)
					.containsEntry("refreshPeriod", "PT30S")
					.containsEntry("override", true);
				McpGuardRateLimitProperties properties = context.getBean(McpGuardRateLimitProperties.class);
				assertThat(properties.getTools()).containsOnlyKeys("echo", "create_order");
				assertThat(properties.getTools().get("create_order").getLimitForPeriod()).isEqualTo(5);
				assertThat(properties.getTools().get("create_order").getRefreshPeriod()).isEqualTo(Duration.ofMinutes(10));
				assertThat(properties.getSession().getLimitForPeriod()).isEqualTo(7);
				assertThat(properties.getPrincipal().getRefreshPeriod()).isEqualTo(Duration.ofHours(1));
				assertThat(properties.getFailedAuth().getLimitForPeriod()).isEqualTo(3);
				assertThat(properties.getIdleTimeout()).isEqualTo(Duration.ofHours(2));
				assertThat(properties.getMaxKeys()).isEqualTo(50);
			});
	}

	@Test
	void whenALimitIsInvalidThenStartupFailsNamingTheProperty() {
		this.runner.withPropertyValues("mcp.guard.rate-limit.tools.echo.limit-for-period=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("mcp.guard.rate-limit.tools.echo.limit-for-period"));
		this.runner.withPropertyValues("mcp.guard.rate-limit.session.refresh-period=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("mcp.guard.rate-limit.session.refresh-period"));
	}

	@Test
	void whenARefreshPeriodMakesTheLimitMeaninglessThenStartupFailsSayingWhatIsAllowed() {
		for (String period : new String[] { "1ns", "999ms", "2d" }) {
			this.runner.withPropertyValues("mcp.guard.rate-limit.default.refresh-period=" + period)
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("mcp.guard.rate-limit.default.refresh-period")
					.hasMessageContaining("It must be a duration from 1s to 1d"));
		}
		this.runner.withPropertyValues("mcp.guard.rate-limit.failed-auth.refresh-period=1s",
				"mcp.guard.rate-limit.principal.refresh-period=1d").run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void whenMicrometerPresentThenViolationsAreCounted() {
		this.runner.withBean(SimpleMeterRegistry.class).run((context) -> {
			assertThat(context).hasSingleBean(MicrometerRateLimitViolationCounter.class);
			context.getBean(MicrometerRateLimitViolationCounter.class)
				.onViolation(new RateLimitViolation(RateLimitScope.TOOL, "echo", "alice", "s1", null,
						new RateLimit(1, Duration.ofMinutes(1)), 12));
			assertThat(context.getBean(MeterRegistry.class)
				.get("mcp.guard.rate_limit.violations")
				.tag("tool", "echo")
				.tag("scope", "tool")
				.counter()
				.count()).isEqualTo(1.0);
		});
	}

	@Test
	void whenMicrometerMissingThenNoCounter() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(RateLimitGuard.class)
				.doesNotHaveBean(MicrometerRateLimitViolationCounter.class));
	}

	@Test
	void failedAuthenticationFilterRunsBeforeAnyAuthentication() {
		this.runner
			.withConfiguration(AutoConfigurations.of(McpGuardSecurityAutoConfiguration.class, SecurityAutoConfiguration.class,
					ServletWebSecurityAutoConfiguration.class))
			.run((context) -> {
				List<Filter> filters = context.getBean("mcpGuardSecurityFilterChain", SecurityFilterChain.class).getFilters();
				List<Class<?>> types = filters.stream().<Class<?>>map(Object::getClass).toList();
				assertThat(types).contains(FailedAuthenticationFilter.class, BearerTokenAuthenticationFilter.class);
				assertThat(types.indexOf(FailedAuthenticationFilter.class))
					.isLessThan(types.indexOf(SecurityContextHolderFilter.class))
					.isLessThan(types.indexOf(BearerTokenAuthenticationFilter.class));
			});
	}

}
