package dev.mcpguard.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import dev.mcpguard.pipeline.Caller;
import dev.mcpguard.pipeline.GuardDecision;
import dev.mcpguard.pipeline.GuardStage;
import dev.mcpguard.pipeline.Outcome;
import dev.mcpguard.pipeline.ToolDescriptor;
import dev.mcpguard.pipeline.ToolInvocation;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class RateLimitGuardTests {

	private static final Duration MINUTE = Duration.ofMinutes(1);

	private final AtomicLong ticker = new AtomicLong(1_000_000_000L);

	private final List<RateLimitViolation> violations = new CopyOnWriteArrayList<>();

	private final RateLimiterRegistry registry = RateLimiterRegistry.ofDefaults();

	@Test
	void stageRunsAfterAuthorizationAndBeforeApproval() {
		RateLimitGuard guard = guard(Map.of(), new RateLimit(10, MINUTE), new RateLimit(10, MINUTE), 100);
		assertThat(guard.getOrder()).isEqualTo(GuardStage.RATE_LIMIT)
			.isGreaterThan(GuardStage.AUTHORIZATION)
			.isLessThan(GuardStage.APPROVAL);
	}

	@Test
	void whenToolLimitExhaustedThenCallIsRefusedWithLimitAndRetryTime() {
		RateLimitGuard guard = guard(Map.of("create_order", new RateLimit(3, MINUTE)), new RateLimit(100, MINUTE),
				new RateLimit(100, MINUTE), 100);
		for (int i = 0; i < 3; i++) {
			assertThat(guard.check(call("create_order", "alice", "s1"))).isSameAs(GuardDecision.proceed());
		}
		GuardDecision.Refusal refusal = (GuardDecision.Refusal) guard.check(call("create_order", "bob", "s2"));
		assertThat(refusal.outcome()).isEqualTo(Outcome.RATE_LIMITED);
		assertThat(refusal.message()).matches("Rate limit exceeded for 'create_order' \\(3 per 1m\\)\\. Retry in ([1-9]|[1-5][0-9]|60) s\\.");
		assertThat(refusal.details()).containsEntry("rateLimitScope", "tool").containsEntry("rateLimit", "3 per 1m");
		assertThat(guard.check(call("get_order", "bob", "s2"))).as("other tools keep their own limit")
			.isSameAs(GuardDecision.proceed());
		assertThat(this.violations).singleElement().satisfies((violation) -> {
			assertThat(violation.scope()).isEqualTo(RateLimitScope.TOOL);
			assertThat(violation.toolName()).isEqualTo("create_order");
			assertThat(violation.principal()).isEqualTo("bob");
			assertThat(violation.sessionId()).isEqualTo("s2");
		});
	}

	@Test
	void whenSessionCapExhaustedThenOnlyThatSessionIsRefused() {
		RateLimitGuard guard = guard(Map.of(), new RateLimit(2, MINUTE), new RateLimit(100, MINUTE), 100);
		assertThat(guard.check(call("get_order", "alice", "s1"))).isSameAs(GuardDecision.proceed());
		assertThat(guard.check(call("list_products", "alice", "s1"))).isSameAs(GuardDecision.proceed());
		GuardDecision.Refusal refusal = (GuardDecision.Refusal) guard.check(call("get_product", "alice", "s1"));
		assertThat(refusal.outcome()).isEqualTo(Outcome.RATE_LIMITED);
		assertThat(refusal.message()).isEqualTo("Rate limit exceeded for this MCP session (2 per 1m). Retry in 60 s.");
		assertThat(refusal.details()).containsEntry("rateLimitScope", "session").containsEntry("retryAfterSeconds", 60L);
		assertThat(guard.check(call("get_order", "alice", "s2"))).as("another session of the same principal")
			.isSameAs(GuardDecision.proceed());
		this.ticker.addAndGet(Duration.ofSeconds(48).toNanos());
		assertThat(((GuardDecision.Refusal) guard.check(call("get_order", "alice", "s1"))).message())
			.endsWith("Retry in 12 s.");
		this.ticker.addAndGet(Duration.ofSeconds(12).toNanos());
		assertThat(guard.check(call("get_order", "alice", "s1"))).as("next period").isSameAs(GuardDecision.proceed());
	}

	@Test
	void whenPrincipalCapExhaustedThenAllItsSessionsAreRefusedAndOtherPrincipalsAreNot() {
		RateLimitGuard guard = guard(Map.of(), new RateLimit(100, MINUTE), new RateLimit(3, MINUTE), 100);
		assertThat(guard.check(call("get_order", "alice", "s1"))).isSameAs(GuardDecision.proceed());
		assertThat(guard.check(call("get_order", "alice", "s2"))).isSameAs(GuardDecision.proceed());
		assertThat(guard.check(call("get_order", "alice", "s3"))).isSameAs(GuardDecision.proceed());
		GuardDecision.Refusal refusal = (GuardDecision.Refusal) guard.check(call("get_order", "alice", "s4"));
		assertThat(refusal.message()).isEqualTo("Rate limit exceeded for principal 'alice' (3 per 1m). Retry in 60 s.");
		assertThat(refusal.details()).containsEntry("rateLimitScope", "principal");
		assertThat(guard.check(call("get_order", "bob", "s5"))).isSameAs(GuardDecision.proceed());
	}

	@Test
	void whenRefusedByItsOwnCapThenCallTakesNoPermitFromTheSharedToolLimit() {
		RateLimitGuard guard = guard(Map.of("create_order", new RateLimit(5, MINUTE)), new RateLimit(2, MINUTE),
				new RateLimit(100, MINUTE), 100);
		for (int i = 0; i < 20; i++) {
			guard.check(call("create_order", "greedy", "greedy-session"));
		}
		for (int i = 0; i < 3; i++) {
			assertThat(guard.check(call("create_order", "other" + i, "other-session-" + i))).isSameAs(GuardDecision.proceed());
		}
		assertThat(guard.check(call("create_order", "late", "late-session"))).isInstanceOf(GuardDecision.Refusal.class);
	}

	@Test
	void whenToolLimitExhaustedThenRefusedCallsCostTheCallerNothing() {
		RateLimitGuard guard = guard(Map.of("create_order", new RateLimit(1, MINUTE)), new RateLimit(3, MINUTE),
				new RateLimit(100, MINUTE), 100);
		assertThat(guard.check(call("create_order", "alice", "s1"))).isSameAs(GuardDecision.proceed());
		for (int i = 0; i < 10; i++) {
			assertThat(((GuardDecision.Refusal) guard.check(call("create_order", "alice", "s1"))).details())
				.containsEntry("rateLimitScope", "tool");
		}
		assertThat(guard.check(call("get_order", "alice", "s1"))).isSameAs(GuardDecision.proceed());
		assertThat(guard.check(call("get_order", "alice", "s1"))).isSameAs(GuardDecision.proceed());
		assertThat(((GuardDecision.Refusal) guard.check(call("get_order", "alice", "s1"))).details())
			.containsEntry("rateLimitScope", "session");
	}

	@Test
	void whenManyCallersRaceThenExactlyTheLimitPasses() throws Exception {
		RateLimitGuard guard = guard(Map.of("create_order", new RateLimit(10, MINUTE)), new RateLimit(100, MINUTE),
				new RateLimit(100, MINUTE), 100);
		ExecutorService executor = Executors.newFixedThreadPool(16);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Callable<GuardDecision>> calls = new ArrayList<>();
			for (int i = 0; i < 64; i++) {
				String caller = "caller" + (i % 8);
				calls.add(() -> {
					start.await();
					return guard.check(call("create_order", caller, caller + "-session"));
				});
			}
			List<Future<GuardDecision>> futures = new ArrayList<>();
			for (Callable<GuardDecision> c : calls) {
				futures.add(executor.submit(c));
			}
			start.countDown();
			int passed = 0;
			for (Future<GuardDecision> future : futures) {
				if (future.get() == GuardDecision.proceed()) {
					passed++;
				}
			}
			assertThat(passed).isEqualTo(10);
			assertThat(this.violations).hasSize(54).allSatisfy((violation) -> assertThat(violation.scope()).isEqualTo(RateLimitScope.TOOL));
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void whenHundredThousandSessionsComeAndGoThenLiveLimitersStayBoundedAndDropWhenIdle() {
		int maxKeys = 5_000;
		RateLimitGuard guard = guard(Map.of("get_order", new RateLimit(1_000_000, MINUTE)), new RateLimit(300, MINUTE),
				new RateLimit(1_000, MINUTE), maxKeys);
		int maxSessions = 0;
		int maxPrincipals = 0;
		for (int i = 0; i < 100_000; i++) {
			this.ticker.addAndGet(1_000_000); // 1 ms between sessions: 100 s in all, far less than the idle timeout
			assertThat(guard.check(call("get_order", "principal-" + (i % 7_000), "session-" + i))).isSameAs(GuardDecision.proceed());
			maxSessions = Math.max(maxSessions, guard.trackedKeys(RateLimitScope.SESSION));
			maxPrincipals = Math.max(maxPrincipals, guard.trackedKeys(RateLimitScope.PRINCIPAL));
		}
		assertThat(maxSessions).isLessThanOrEqualTo(maxKeys).isGreaterThan(maxKeys / 2);
		assertThat(maxPrincipals).isLessThanOrEqualTo(maxKeys);
		int liveBeforeIdle = guard.trackedKeys(RateLimitScope.SESSION);

		this.ticker.addAndGet(Duration.ofMinutes(10).toNanos());
		assertThat(guard.trackedKeys(RateLimitScope.SESSION)).as("nothing is dropped before a sweep").isEqualTo(liveBeforeIdle);
		this.ticker.addAndGet(1);
		guard.check(call("get_order", "principal-0", "session-new"));
		assertThat(guard.trackedKeys(RateLimitScope.SESSION)).isEqualTo(1);
		assertThat(guard.trackedKeys(RateLimitScope.PRINCIPAL)).isEqualTo(1);
	}

	@Test
	void whenIdleTimeoutIsShorterThanThePeriodThenForgettingGrantsNoExtraCalls() {
		KeyedRateLimiters sessions = new KeyedRateLimiters("s", new RateLimit(1, Duration.ofMinutes(10)), Duration.ofMinutes(1),
				100, this.ticker::get);
		RateLimitGuard guard = new RateLimitGuard(tools(Map.of()), sessions,
				new KeyedRateLimiters("p", new RateLimit(100, MINUTE), MINUTE, 100, this.ticker::get), List.of(),
				this.ticker::get);
		assertThat(guard.check(call("get_order", "alice", "s1"))).isSameAs(GuardDecision.proceed());
		this.ticker.addAndGet(Duration.ofMinutes(5).toNanos());
		sessions.evictIdle();
		assertThat(guard.check(call("get_order", "alice", "s1"))).isInstanceOf(GuardDecision.Refusal.class);
	}

	@Test
	void violationsAreLoggedOncePerSecondPerLimiter(CapturedOutput output) {
		RateLimitGuard guard = guard(Map.of("create_order", new RateLimit(1, MINUTE)), new RateLimit(100, MINUTE),
				new RateLimit(100, MINUTE), 100);
		guard.check(call("create_order", "alice", "s1"));
		for (int i = 0; i < 50; i++) {
			guard.check(call("create_order", "alice", "s1"));
		}
		assertThat(warnLines(output)).singleElement().asString()
			.contains("MCP Guard rate limit exceeded: scope=tool tool=create_order principal=alice session=s1 clientIp=10.0.0.1 limit=\"1 per 1m\" retryAfterSeconds=");
		this.ticker.addAndGet(Duration.ofSeconds(1).toNanos());
		guard.check(call("create_order", "alice", "s1"));
		assertThat(warnLines(output)).hasSize(2).last().asString().endsWith("suppressed=49");
		assertThat(this.violations).hasSize(51);
	}

	private static List<String> warnLines(CapturedOutput output) {
		return output.getOut().lines().filter((line) -> line.contains("MCP Guard rate limit exceeded")).toList();
	}

	private RateLimitGuard guard(Map<String, RateLimit> toolLimits, RateLimit session, RateLimit principal, int maxKeys) {
		return new RateLimitGuard(tools(toolLimits),
				new KeyedRateLimiters("mcp-session", session, Duration.ofMinutes(10), maxKeys, this.ticker::get),
				new KeyedRateLimiters("mcp-principal", principal, Duration.ofMinutes(10), maxKeys, this.ticker::get),
				List.of(this.violations::add), this.ticker::get);
	}

	private ToolRateLimits tools(Map<String, RateLimit> toolLimits) {
		return new ToolRateLimits(this.registry, new RateLimit(100, MINUTE), toolLimits, null);
	}

	static ToolInvocation call(String tool, String principal, String sessionId) {
		ToolDescriptor descriptor = new ToolDescriptor(tool, McpSchema.Tool.builder(tool, Map.of("type", "object")).build(), null);
		return new ToolInvocation(descriptor, Map.of(), new Caller(principal, Set.of("operator"), "token", "10.0.0.1"),
				sessionId, null);
	}

}
