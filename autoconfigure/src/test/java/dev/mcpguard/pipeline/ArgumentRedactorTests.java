package dev.mcpguard.pipeline;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.mcpguard.annotation.Sensitive;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the one redactor that the audit trail and the approval layer share.
 */
class ArgumentRedactorTests {

	private static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

	private static final List<String> DEFAULT_KEYS = List.of("password", "token", "api_key", "secret", "ssn",
			"authorization");

	private final ArgumentRedactor redactor = new ArgumentRedactor(DEFAULT_KEYS, 8192, JSON);

	@Test
	void whenSensitiveKeysAppearAtAnyDepthThenTheirValuesAreMasked() {
		Map<String, Object> arguments = Map.of("user", "alice", "password", "hunter2", "settings",
				Map.of("api_key", "k-123", "theme", "dark",
						"accounts", List.of(Map.of("token", "t-1", "name", "main"), Map.of("secret", Map.of("a", 1)))));
		Map<String, Object> redacted = this.redactor.redact(arguments, Set.of());
		assertThat(redacted).containsEntry("user", "alice").containsEntry("password", "***");
		@SuppressWarnings("unchecked")
		Map<String, Object> settings = (Map<String, Object>) redacted.get("settings");
		assertThat(settings).containsEntry("api_key", "***").containsEntry("theme", "dark");
		assertThat(settings.get("accounts")).isEqualTo(List.of(Map.of("token", "***", "name", "main"), Map.of("secret", "***")));
	}

	@Test
	void whenKeysDifferInCaseOrSeparatorsThenTheyStillMatch() {
		for (String key : List.of("PASSWORD", "Password", "apiKey", "API-KEY", "Api_Key", "x-api-key", "dbPassword",
				"accessToken", "client_secret", "Authorization")) {
			assertThat(this.redactor.isSensitiveKey(key)).as(key).isTrue();
		}
		for (String key : List.of("user", "tokens_used", "passwordHint", "apiKeys", "maxTokens", "description",
				"quantity")) {
			assertThat(this.redactor.isSensitiveKey(key)).as(key).isFalse();
		}
	}

	@Test
	void whenKeyNamesASecretInMapsInsideListsThenItsValueIsHiddenAndTheRestKept() {
		Map<String, Object> arguments = Map.of("user", "ann", "password", "hunter2", "config",
				Map.of("X-Api-Key", "k1", "nested", List.of(Map.of("accessToken", "t1", "name", "n"))));
		Map<String, Object> redacted = this.redactor.redact(arguments, Set.of());
		assertThat(redacted).containsEntry("user", "ann").containsEntry("password", ArgumentRedactor.MASK);
		assertThat(redacted.toString()).doesNotContain("hunter2", "k1", "t1").contains("name=n");
		assertThat(arguments).as("the call's arguments stay unchanged").containsEntry("password", "hunter2");
	}

	@Test
	void whenParameterIsAnnotatedSensitiveThenItsArgumentIsMasked() {
		String json = this.redactor.toJson(login(), Map.of("user", "alice", "pin", "4321", "profile", Map.of("city", "Lyon")));
		assertThat(json).contains("\"pin\":\"***\"").contains("\"user\":\"alice\"").contains("\"city\":\"Lyon\"")
			.doesNotContain("4321");
		assertThat(this.redactor.sensitiveParameters(login())).containsExactly("pin");
		assertThat(this.redactor.sensitiveParameters(null)).isEmpty();
	}

	@Test
	void whenParameterIsSensitiveThenItsWholeValueIsMasked() {
		Map<String, Object> redacted = this.redactor.redact(Map.of("card", Map.of("number", "4111"), "amount", 5),
				Set.of("card"));
		assertThat(redacted).containsEntry("card", ArgumentRedactor.MASK).containsEntry("amount", 5);
	}

	@Test
	void whenValueLooksLikeACredentialThenItIsMaskedWhateverItsKey() {
		String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
		Map<String, Object> arguments = Map.of("note", "use Bearer abcdefghijklmnop please", "issued",
				"mcpg_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG", "nested", List.of(jwt), "header",
				"bearer ZXhhbXBsZS10b2tlbg==");
		String json = this.redactor.toJson(null, arguments);
		assertThat(json).doesNotContain("abcdefghijklmnop", "mcpg_", "eyJ", "ZXhhbXBsZS10b2tlbg");
		assertThat(this.redactor.redact(arguments, Set.of()).values()).containsOnly("***", List.of("***"));
	}

	@Test
	void whenValueMerelyHasDotsOrWordsThenItIsKept() {
		for (String value : List.of("1.2.3", "www.example.com", "order.items.total", "the bearer of the parcel",
				"Mechanical keyboard", "alice@example.com")) {
			assertThat(ArgumentRedactor.looksLikeCredential(value)).as(value).isFalse();
		}
	}

	@Test
	void whenTextContainsACredentialThenOnlyThatPartIsMasked() {
		assertThat(this.redactor.redactText("Rejected header Bearer abcdefghijklmnop for user bob"))
			.isEqualTo("Rejected header *** for user bob");
		assertThat(this.redactor.redactText("Product 7 not found.")).isEqualTo("Product 7 not found.");
		assertThat(this.redactor.redactText(null)).isNull();
	}

	@Test
	void whenArgumentsAreLargerThanTheCapThenJsonIsCutButStaysValid() {
		ArgumentRedactor small = new ArgumentRedactor(DEFAULT_KEYS, 1024, JSON);
		Map<String, Object> arguments = Map.of("text", "x".repeat(5000), "password", "hunter2");
		String json = small.toJson(null, arguments);
		assertThat(json.length()).isLessThanOrEqualTo(1024);
		Map<?, ?> parsed = JSON.readValue(json, Map.class);
		assertThat(parsed.get("truncated")).isEqualTo(true);
		assertThat((Integer) parsed.get("size")).isGreaterThan(5000);
		assertThat((String) parsed.get("preview")).endsWith("...");
		assertThat(json).doesNotContain("hunter2");
	}

	@Test
	void whenArgumentsAreRedactedThenTheOriginalIsUnchanged() {
		Map<String, Object> nested = new HashMap<>(Map.of("api_key", "k-1"));
		Map<String, Object> arguments = new LinkedHashMap<>(Map.of("password", "hunter2", "nested", nested));
		this.redactor.toJson(null, arguments);
		assertThat(arguments).containsEntry("password", "hunter2");
		assertThat(nested).containsEntry("api_key", "k-1");
	}

	@Test
	void whenArgumentsHoldUnusualCharactersThenJsonIsAscii() {
		String json = this.redactor.toJson(null, Map.of("name", "Müller \ud800 \u0000"));
		assertThat(json).isEqualTo("{\"name\":\"M\\u00FCller \\uD800 \\u0000\"}");
	}

	@Test
	void whenConfiguredWithOwnKeysThenOnlyThoseAreSensitive() {
		ArgumentRedactor own = new ArgumentRedactor(List.of("iban"), 8192, JSON);
		assertThat(own.redact(Map.of("IBAN", "FR76...", "password", "kept"), Set.of())).containsEntry("IBAN", "***")
			.containsEntry("password", "kept");
	}

	private static ToolDescriptor login() {
		Method method = ReflectionUtils.findMethod(Tools.class, "login", String.class, String.class, Map.class);
		return new ToolDescriptor("login", McpSchema.Tool.builder("login", Map.of("type", "object")).build(), method);
	}

	/** Tool methods whose parameters the redactor inspects. */
	static class Tools {

		String login(String user, @Sensitive String pin, Map<String, Object> profile) {
			return user;
		}

	}

}
