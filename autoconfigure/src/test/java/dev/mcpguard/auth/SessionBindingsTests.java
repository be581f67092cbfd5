package dev.mcpguard.auth;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionBindingsTests {

	@Test
	void whenSessionBoundThenOwnerIsKnownUntilUnbound() {
		SessionBindings bindings = new SessionBindings(Duration.ofMinutes(30));
		bindings.bind("s-1", "alice");
		assertThat(bindings.owner("s-1")).isEqualTo("alice");
		assertThat(bindings.owner("s-2")).isNull();
		bindings.unbind("s-1");
		assertThat(bindings.owner("s-1")).isNull();
	}

	@Test
	void whenManySessionsAreAbandonedThenIdleOnesAreSwept() {
		SessionBindings bindings = new SessionBindings(Duration.ZERO);
		for (int i = 0; i < 100_000; i++) {
			bindings.bind("session-" + i, "bob");
		}
		assertThat(bindings.size()).isLessThan(2048);
		bindings.sweep(System.nanoTime() + 1);
		assertThat(bindings.size()).isZero();
	}

}
