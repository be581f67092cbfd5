package dev.mcpguard.approval;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ArgumentRedactorTests {

	private final ArgumentRedactor redactor = new ArgumentRedactor(List.of("password", "token", "secret", "api_key"));

	@Test
	void whenKeyNamesASecretAtAnyDepthThenItsValueIsHidden() {
		Map<String, Object> arguments = Map.of("user", "ann", "password", "hunter2", "config",
				Map.of("X-Api-Key", "k1", "nested", List.of(Map.of("accessToken", "t1", "name", "n"))));
		Map<String, Object> redacted = this.redactor.redact(arguments, Set.of());
		assertThat(redacted).containsEntry("user", "ann").containsEntry("password", ArgumentRedactor.REDACTED);
		assertThat(redacted.toString()).doesNotContain("hunter2", "k1", "t1").contains("name=n");
		assertThat(arguments).as("the call's arguments stay unchanged").containsEntry("password", "hunter2");
	}

	@Test
	void whenParameterIsSensitiveThenItsWholeValueIsHidden() {
		Map<String, Object> redacted = this.redactor.redact(Map.of("card", Map.of("number", "4111"), "amount", 5),
				Set.of("card"));
		assertThat(redacted).containsEntry("card", ArgumentRedactor.REDACTED).containsEntry("amount", 5);
	}

	@Test
	void matchingIgnoresCaseDashesAndUnderscores() {
		assertThat(this.redactor.isSensitive("API-KEY")).isTrue();
		assertThat(this.redactor.isSensitive("apiKey")).isTrue();
		assertThat(this.redactor.isSensitive("client_secret")).isTrue();
		assertThat(this.redactor.isSensitive("quantity")).isFalse();
	}

}
