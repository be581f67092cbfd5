package dev.mcpguard.pipeline;

import java.lang.reflect.Method;
import java.util.ArrayList;
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

	private static final List<String> DEFAULT_KEYS = List.of("ssn");

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
				"accessToken", "client_secret", "Authorization", "customer.ssn")) {
			assertThat(this.redactor.isSensitiveKey(key)).as(key).isTrue();
		}
	}

	@Test
	void whenKeyContainsABuiltInSecretWordThenItIsSensitiveWhateverIsConfigured() {
		ArgumentRedactor ibanOnly = new ArgumentRedactor(List.of("iban"), 8192, JSON);
		for (String key : List.of("secretKey", "private_key", "privateKey", "passwd", "pwd", "db_pwd", "passphrase",
				"credentials", "aws.credentials", "cookie", "Set-Cookie", "auth", "AUTH", "authToken", "refresh-token",
				"webhookSecret", "proxy-authorization", "ssh.private.key", "user_password_hash")) {
			assertThat(ibanOnly.isSensitiveKey(key)).as(key).isTrue();
		}
		for (String key : List.of("user", "author", "oauthProvider", "authority", "description", "quantity",
				"orderId", "keyboard", "ssn_last_updated")) {
			assertThat(ibanOnly.isSensitiveKey(key)).as(key).isFalse();
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
	void whenValueHoldsACredentialThenOnlyTheCredentialIsMaskedWhateverItsKey() {
		String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
		Map<String, Object> arguments = Map.of("note", "use Bearer abcdefghijklmnop please", "issued",
				"mcpg_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG", "nested", List.of("token " + jwt + " attached"),
				"header", "bearer ZXhhbXBsZS10b2tlbg==");
		String json = this.redactor.toJson(null, arguments);
		assertThat(json).doesNotContain("abcdefghijklmnop", "mcpg_", "eyJ", "ZXhhbXBsZS10b2tlbg");
		assertThat(this.redactor.redact(arguments, Set.of())).containsEntry("note", "use Bearer *** please")
			.containsEntry("issued", "***")
			.containsEntry("nested", List.of("token *** attached"))
			.containsEntry("header", "bearer ***");
	}

	@Test
	void whenANoteHoldsAProviderKeyThenItKeepsItsOtherWords() {
		assertThat(this.redactor.redactText("please call me, my key is sk-live-abcdef0123456789abcdef and thanks"))
			.isEqualTo("please call me, my key is *** and thanks");
	}

	@Test
	void whenValuesHoldWellKnownCredentialFormatsThenEachIsMasked() {
		Map<String, String> masked = new LinkedHashMap<>();
		masked.put("key sk-proj-Abc123def456ghi789jkl012.", "key ***.");
		masked.put("stripe sk_live_51H8abcdEFGHijklMNOPqrst here", "stripe *** here");
		masked.put("restricted rk_test_51H8abcdEFGHijklMNOPqrst", "restricted ***");
		masked.put("AKIAIOSFODNN7EXAMPLE is the key id", "*** is the key id");
		masked.put("ASIAY34FZKBOKMUTVV7A,", "***,");
		masked.put("github ghp_1a2b3c4d5e6f7g8h9i0jKLMNOPQRSTUVWXyz end", "github *** end");
		masked.put("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", "***");
		masked.put("slack xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "slack ***");
		masked.put("user token xoxp-123456789012-123456789012-123456789012-abcdef0123456789", "user token ***");
		masked.put("(glpat-0123456789abcdefABCD)", "(***)");
		masked.put("google AIzaSyA1234567890abcdefghijklmnopqrstuv", "google ***");
		masked.put("Authorization: Basic YWxpY2U6czNjcjN0LXBhc3N3b3Jk", "Authorization: Basic ***");
		masked.put("connect to postgres://shop:Tr0ub4dor-3@db.example.com:5432/shop now",
				"connect to postgres://shop:***@db.example.com:5432/shop now");
		masked.put("redis://:s3cr3t@cache:6379", "redis://:***@cache:6379");
		masked.put("key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRge\n-----END RSA PRIVATE KEY-----\nbye",
				"key:\n-----BEGIN RSA PRIVATE KEY-----***-----END RSA PRIVATE KEY-----\nbye");
		masked.put("cut -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "cut -----BEGIN PRIVATE KEY-----***");
		masked.put("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----",
				"-----BEGIN OPENSSH PRIVATE KEY-----***-----END OPENSSH PRIVATE KEY-----");
		masked.forEach((value, expected) -> assertThat(this.redactor.redactText(value)).as(value).isEqualTo(expected));
	}

	@Test
	void whenTextsMerelyLookTechnicalThenTheyAreKeptAsTheyAre() {
		for (String value : List.of("1.2.3", "www.example.com", "order.items.total", "the bearer of the parcel",
				"Bearer instrument", "Mechanical keyboard", "alice@example.com", "Basic instructions apply",
				"order 7f3c2a9e-1b4d-4c8e-9f00-123456789abc", "42", "3.14159", "sk-learning-resources-overview",
				"task-force-operations-planning", "https://example.com/orders?id=7", "mailto:bob@example.com",
				"akiaiosfodnn7example", "AKIA is a prefix", "Responsibilities and acknowledgements of the team",
				"-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----", "")) {
			assertThat(ArgumentRedactor.looksLikeCredential(value)).as(value).isFalse();
			assertThat(this.redactor.redactText(value)).as("the same text, not a copy").isSameAs(value);
		}
	}

	@Test
	void whenValueIsOneOfTheServersTokensThenItIsMaskedWhereverItStands() {
		String token = "demo-viewer-token-0000000000000000";
		ArgumentRedactor knowing = new ArgumentRedactor(DEFAULT_KEYS, 8192, JSON, token::equals);
		assertThat(knowing.redactText(token)).isEqualTo("***");
		assertThat(knowing.redactText("the viewer token " + token + ". Please rotate it"))
			.isEqualTo("the viewer token ***. Please rotate it");
		assertThat(knowing.redactText("GET /api/" + token + "/orders?key=" + token + "&x=1"))
			.isEqualTo("GET /api/***/orders?key=***&x=1");
		assertThat(knowing.redact(Map.of("note", "use " + token), Set.of())).containsEntry("note", "use ***");
		assertThat(knowing.redactText("demo-viewer-token-0000000000000001 is another")).as("not a token of the server")
			.isEqualTo("demo-viewer-token-0000000000000001 is another");
		assertThat(this.redactor.redactText(token)).as("a redactor without known tokens").isEqualTo(token);
	}

	@Test
	void whenTheServersTokensAreAskedForThenOnlyLongWordsAreChecked() {
		List<String> asked = new ArrayList<>();
		ArgumentRedactor knowing = new ArgumentRedactor(DEFAULT_KEYS, 8192, JSON, (word) -> asked.add(word) && false);
		knowing.redactText("Order 12 of customer 7: ship the parcel tomorrow, reference 7f3c2a9e-1b4d-4c8e-9f00-123456789abc.");
		assertThat(asked).containsExactly("7f3c2a9e-1b4d-4c8e-9f00-123456789abc");
	}

	@Test
	void whenTextContainsACredentialThenOnlyThatPartIsMasked() {
		assertThat(this.redactor.redactText("Rejected header Bearer abcdefghijklmnop for user bob"))
			.isEqualTo("Rejected header Bearer *** for user bob");
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
	void whenConfiguredWithOwnKeysThenTheyAreAddedToTheBuiltInOnes() {
		ArgumentRedactor own = new ArgumentRedactor(List.of("iban"), 8192, JSON);
		assertThat(own.redact(Map.of("IBAN", "FR76...", "payer_iban", "DE89...", "password", "hunter2", "ssn", "kept"),
				Set.of()))
			.containsEntry("IBAN", "***")
			.containsEntry("payer_iban", "***")
			.containsEntry("password", "***")
			.containsEntry("ssn", "kept");
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
