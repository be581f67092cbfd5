package dev.mcpguard.ratelimit;

import java.time.Duration;
import java.util.Map;

import dev.mcpguard.pipeline.GuardPipeline;
import dev.mcpguard.pipeline.GuardedToolSpecifications;
import dev.mcpguard.pipeline.ToolRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ToolRateLimitsTests {

	private final RateLimiterRegistry registry = RateLimiterRegistry.ofDefaults();

	private final ToolRegistry tools = new ToolRegistry();

	private final ToolRateLimits limits;

	ToolRateLimitsTests() {
		GuardedToolSpecifications guarded = new GuardedToolSpecifications(
				new StaticListableBeanFactory().getBeanProvider(GuardPipeline.class), this.tools);
		for (String name : new String[] { "create_order", "get_order" }) {
			guarded.guard(new SyncToolSpecification(McpSchema.Tool.builder(name, Map.of("type", "object")).build(),
					(exchange, request) -> McpSchema.CallToolResult.builder().addTextContent("ok").build()));
		}
		this.limits = new ToolRateLimits(this.registry, new RateLimit(100, Duration.ofMinutes(1)),
				Map.of("create_order", new RateLimit(10, Duration.ofMinutes(1)), "no_such_tool", new RateLimit(1, Duration.ofMinutes(1))),
				this.tools);
	}

	@Test
	void whenStartedThenEveryToolHasALimiterInTheRegistry() {
		this.limits.afterSingletonsInstantiated();
		assertThat(this.registry.getAllRateLimiters()).extracting(RateLimiter::getName)
			.containsExactlyInAnyOrder("mcp-tool-create_order", "mcp-tool-get_order");
		assertThat(this.registry.rateLimiter("mcp-tool-create_order").getRateLimiterConfig().getLimitForPeriod()).isEqualTo(10);
		assertThat(this.registry.rateLimiter("mcp-tool-create_order").getRateLimiterConfig().getTimeoutDuration()).isZero();
	}

	@Test
	void describeTellsTheLimitAndWhetherItIsTheToolsOwn() {
		assertThat(this.limits.describe("create_order")).containsEntry("tool", "create_order")
			.containsEntry("limitForPeriod", 10)
			.containsEntry("refreshPeriod", "PT1M")
			.containsEntry("override", true)
			.containsEntry("availablePermissions", 10);
		this.limits.handle("get_order").tryAcquire();
		assertThat(this.limits.describe("get_order")).containsEntry("limitForPeriod", 100)
			.containsEntry("override", false)
			.containsEntry("availablePermissions", 99);
	}

	@Test
	void whenUpdatedThenTheNewLimitAppliesAtOnceAndReplacesTheRegistryEntry() {
		LimiterHandle before = this.limits.handle("get_order");
		for (int i = 0; i < 100; i++) {
			assertThat(this.limits.handle("get_order").tryAcquire()).isTrue();
		}
		assertThat(this.limits.handle("get_order").tryAcquire()).isFalse();

		this.limits.update("get_order", 2, Duration.ofSeconds(30));

		assertThat(this.limits.handle("get_order")).isNotSameAs(before);
		assertThat(this.limits.describe("get_order")).containsEntry("limitForPeriod", 2)
			.containsEntry("refreshPeriod", "PT30S")
			.containsEntry("override", true);
		assertThat(this.registry.rateLimiter("mcp-tool-get_order")).isSameAs(this.limits.handle("get_order").limiter());
		assertThat(this.limits.handle("get_order").tryAcquire()).isTrue();
		assertThat(this.limits.handle("get_order").tryAcquire()).isTrue();
		assertThat(this.limits.handle("get_order").tryAcquire()).isFalse();
	}

	@Test
	void whenToolUnknownOrLimitInvalidThenClearError() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.limits.describe("nope")).withMessage("Unknown tool 'nope'");
		assertThatIllegalArgumentException().isThrownBy(() -> this.limits.update("nope", 1, Duration.ofMinutes(1)))
			.withMessage("Unknown tool 'nope'");
		assertThatIllegalArgumentException().isThrownBy(() -> this.limits.update("get_order", 0, Duration.ofMinutes(1)))
			.withMessage("'limitForPeriod' must be a whole number from 1 to 2147483647");
		for (Duration meaningless : new Duration[] { Duration.ZERO, Duration.ofNanos(1), Duration.ofMillis(999), Duration.ofHours(25),
				Duration.ofDays(1_000_000_000) }) {
			assertThatIllegalArgumentException().isThrownBy(() -> this.limits.update("get_order", 1, meaningless))
				.withMessage("'refreshPeriod' must be a duration from 1s to 1d, such as 30s, 1m or PT1H");
		}
		assertThat(this.limits.describe("get_order")).containsEntry("limitForPeriod", 100);
	}

	@Test
	void whenAnOperatorSendsAValueThatIsNoNumberOrDurationThenTheRuleIsNamed() {
		RateLimitToolSettings settings = new RateLimitToolSettings(this.limits);
		assertThatIllegalArgumentException().isThrownBy(() -> settings.update("get_order", Map.of("limitForPeriod", "ten"), "ops"))
			.withMessage("'limitForPeriod' must be a whole number from 1 to 2147483647");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> settings.update("get_order", Map.of("refreshPeriod", "99999999999999999999s"), "ops"))
			.withMessage("'refreshPeriod' must be a duration from 1s to 1d, such as 30s, 1m or PT1H");
		assertThatIllegalArgumentException().isThrownBy(() -> settings.update("get_order", Map.of("refreshPeriod", "P1000000000D"), "ops"))
			.withMessage("'refreshPeriod' must be a duration from 1s to 1d, such as 30s, 1m or PT1H");
		settings.update("get_order", Map.of("limitForPeriod", "5", "refreshPeriod", "30s"), "ops");
		assertThat(this.limits.describe("get_order")).containsEntry("limitForPeriod", 5).containsEntry("refreshPeriod", "PT30S");
	}

	@Test
	void whenRegistryAlreadyHoldsTheToolsLimiterThenItsLimitIsKeptButItNeverWaits() {
		this.registry.rateLimiter("mcp-tool-get_order",
				RateLimiterConfig.custom().limitForPeriod(7).timeoutDuration(Duration.ofSeconds(5)).build());
		assertThat(this.limits.describe("get_order")).containsEntry("limitForPeriod", 7);
		assertThat(this.limits.handle("get_order").limiter().getRateLimiterConfig().getTimeoutDuration()).isZero();
	}

	@Test
	void limitsReadAsPeopleWriteThem() {
		assertThat(new RateLimit(10, Duration.ofMinutes(1))).hasToString("10 per 1m");
		assertThat(new RateLimit(5, Duration.ofSeconds(90))).hasToString("5 per 90s");
		assertThat(new RateLimit(5, Duration.ofHours(2))).hasToString("5 per 2h");
		assertThat(new RateLimit(5, Duration.ofDays(1))).hasToString("5 per 1d");
		assertThat(new RateLimit(5, Duration.ofMillis(1500))).hasToString("5 per 1500ms");
	}

}
