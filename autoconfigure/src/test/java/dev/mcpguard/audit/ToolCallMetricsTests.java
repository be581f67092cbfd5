package dev.mcpguard.audit;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.mcpguard.auth.AuthenticationFailure;
import dev.mcpguard.pipeline.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ToolCallMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final ToolCallMetrics metrics = new ToolCallMetrics(this.registry);

	@Test
	void callsAreCountedAndTimedPerToolAndOutcome() {
		this.metrics.onToolCall(AuditTestData.event("get_product", Map.of(), Outcome.OK));
		this.metrics.onToolCall(AuditTestData.event("get_product", Map.of(), Outcome.OK));
		this.metrics.onToolCall(AuditTestData.event("get_product", Map.of(), Outcome.DENIED));
		this.metrics.onToolCall(AuditTestData.event("create_order", Map.of(), Outcome.RATE_LIMITED));
		assertThat(count("get_product", "OK")).isEqualTo(2);
		assertThat(count("get_product", "DENIED")).isEqualTo(1);
		assertThat(count("create_order", "RATE_LIMITED")).isEqualTo(1);
		Timer timer = this.registry.get(ToolCallMetrics.DURATION).tags("tool", "get_product", "outcome", "OK").timer();
		assertThat(timer.count()).isEqualTo(2);
		assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3.0);
	}

	@Test
	void metersAreCreatedOncePerToolAndOutcome() {
		for (int i = 0; i < 100; i++) {
			this.metrics.onToolCall(AuditTestData.event("get_product", Map.of(), Outcome.OK));
		}
		assertThat(this.registry.find(ToolCallMetrics.CALLS).counters()).hasSize(1);
		assertThat(this.registry.find(ToolCallMetrics.DURATION).timers()).hasSize(1);
	}

	@Test
	void authenticationFailuresAreCountedPerReason() {
		this.metrics.onAuthenticationFailure(new AuthenticationFailure(Instant.now(), "10.0.0.1", "POST", "/mcp", "invalid", null));
		this.metrics.onAuthenticationFailure(new AuthenticationFailure(Instant.now(), "10.0.0.1", "POST", "/mcp", "invalid", null));
		Counter counter = this.registry.get(ToolCallMetrics.AUTHENTICATION_FAILURES).tag("reason", "invalid").counter();
		assertThat(counter.count()).isEqualTo(2);
	}

	private double count(String tool, String outcome) {
		return this.registry.get(ToolCallMetrics.CALLS).tags("tool", tool, "outcome", outcome).counter().count();
	}

}
