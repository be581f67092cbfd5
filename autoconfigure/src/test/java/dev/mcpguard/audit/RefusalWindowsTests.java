package dev.mcpguard.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.mcpguard.auth.AuthenticationFailure;
import dev.mcpguard.pipeline.Outcome;
import dev.mcpguard.pipeline.RequestRefusal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RefusalWindowsTests {

	private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

	private final RefusalWindows windows = new RefusalWindows(Duration.ofMinutes(1));

	@Test
	void theFirstRefusalOfAWindowIsKeptAndTheRestCountedIntoOneSummary() {
		List<RequestRefusal> recorded = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			recorded.addAll(this.windows.admit(refusal("203.0.113.7", "origin", T0.plusSeconds(i))));
		}
		assertThat(recorded).singleElement().satisfies((first) -> assertThat(first.count()).isOne());
		recorded.addAll(this.windows.admit(refusal("203.0.113.7", "origin", T0.plusSeconds(61))));
		assertThat(recorded).extracting(RequestRefusal::count).containsExactly(1, 49, 1);
		assertThat(recorded.get(1).message()).startsWith("49 more origin refusal(s) from 203.0.113.7 since " + T0);
	}

	@Test
	void addressesAndKindsHaveWindowsOfTheirOwnAndNothingIsLostAtShutdown() {
		List<RequestRefusal> recorded = new ArrayList<>();
		recorded.addAll(this.windows.admit(refusal("203.0.113.7", "origin", T0)));
		recorded.addAll(this.windows.admit(refusal("203.0.113.7", "envelope", T0)));
		recorded.addAll(this.windows.admit(refusal("203.0.113.8", "origin", T0)));
		recorded.addAll(this.windows.admit(refusal("203.0.113.8", "origin", T0.plusSeconds(1))));
		recorded.addAll(this.windows.admit(refusal("203.0.113.8", "origin", T0.plusSeconds(2))));
		assertThat(recorded).hasSize(3);
		// a refusal of any kind after the window sweeps the windows that have passed
		recorded.addAll(this.windows.admit(refusal("198.51.100.1", "host", T0.plusSeconds(90))));
		assertThat(recorded).extracting(RequestRefusal::count).containsExactly(1, 1, 1, 2, 1);
		this.windows.admit(refusal("198.51.100.1", "host", T0.plusSeconds(91)));
		assertThat(this.windows.drain()).singleElement().satisfies((summary) -> assertThat(summary.count()).isOne());
		assertThat(this.windows.drain()).isEmpty();
	}

	@Test
	void failedAuthenticationsAreFoldedPerAddressAndReasonAndAZeroWindowKeepsEachOne() {
		List<RequestRefusal> recorded = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			recorded.addAll(this.windows.admit(RefusalWindows.of(new AuthenticationFailure(T0.plusMillis(i), "203.0.113.9",
					"POST", "/mcp", (i % 2 == 0) ? "missing" : "invalid", null))));
		}
		assertThat(recorded).extracting(RequestRefusal::kind).containsExactly("authentication-missing", "authentication-invalid");
		assertThat(recorded).allSatisfy((first) -> assertThat(first.outcome()).isEqualTo(Outcome.UNAUTHENTICATED));
		assertThat(recorded.get(0).message()).isEqualTo("Authentication failed (missing): POST /mcp");
		assertThat(this.windows.drain()).extracting(RequestRefusal::count).containsExactlyInAnyOrder(9, 9);

		RefusalWindows unfolded = new RefusalWindows(Duration.ZERO);
		int rows = 0;
		for (int i = 0; i < 5; i++) {
			rows += unfolded.admit(RefusalWindows.of(new AuthenticationFailure(T0, "203.0.113.9", "POST", "/mcp", "invalid", null))).size();
		}
		assertThat(rows).isEqualTo(5);
	}

	private static RequestRefusal refusal(String ip, String kind, Instant time) {
		return new RequestRefusal(time, ip, null, null, kind, Outcome.DENIED, "refused", 1);
	}

}
