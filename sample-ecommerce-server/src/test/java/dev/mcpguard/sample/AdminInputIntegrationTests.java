package dev.mcpguard.sample;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.IntStream;

import dev.mcpguard.sample.support.SampleServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.http;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operator input to MCP Guard's actuator endpoints is checked before it is used: over real HTTP, a token lifetime
 * beyond the rotation policy or beyond any date, a principal name with control characters or of absurd length,
 * too many or too long roles, a rate limit that limits nothing and an overlong kill-switch reason each get 400 with
 * the rule that was broken, never 500, and change nothing; the refused values reach neither the log nor the store.
 */
@SampleServerTest
@ExtendWith(OutputCaptureExtension.class)
class AdminInputIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aTokenLifetimeBeyondTheRotationPolicyOrAnyDateIsRefused() {
		int tokensBefore = issuedTokens();
		for (String ttl : new String[] { "P1000000000D", "PT9223372036854775807S", "91d", "2160h1s", "0s", "-1d", "PT-1S",
				"1000000000000000000000d", "forever" }) {
			HttpResponse<String> response = issue(Map.of("principal", "ci-bot", "roles", "viewer", "ttl", ttl));
			assertThat(response.statusCode()).as(ttl).isEqualTo(400);
			assertThat(error(response)).as(ttl).startsWith("'ttl' must be").contains("90d").contains("max-token-age");
		}
		assertThat(issue(Map.of("principal", "ci-bot", "roles", "viewer", "ttl", "90d")).statusCode()).isEqualTo(201);
		assertThat(issuedTokens()).isEqualTo(tokensBefore + 1);
	}

	@Test
	void aPrincipalNameWithControlCharactersOrOfAbsurdLengthIsRefused(CapturedOutput output) {
		int tokensBefore = issuedTokens();
		for (String principal : new String[] { "ci-bot\nMCP Guard: admin issued token x for principal 'root'", "ci\u0000bot",
				"ci\u001b[31mbot", "ci\u202Ebot", "ci\u2028bot", "ci\tbot", "x".repeat(201), "x".repeat(100_000), " ", "" }) {
			HttpResponse<String> response = issue(Map.of("principal", principal, "roles", "viewer"));
			assertThat(response.statusCode()).as(principal).isEqualTo(400);
			assertThat(error(response)).as(principal).isEqualTo(
					"'principal' must be 1 to 200 characters: letters, digits, punctuation and spaces, no control characters");
		}
		assertThat(issuedTokens()).isEqualTo(tokensBefore);
		assertThat(output.getAll()).doesNotContain("principal 'root'").doesNotContain("x".repeat(201));
		assertThat(issue(Map.of("principal", "Ci-Bot @ build.example (nightly)", "roles", "viewer")).statusCode()).isEqualTo(201);
		// the form of an authorization server's callers (subject@issuer) is theirs alone
		for (String principal : new String[] { "alice@https://login.example.com/realms/mcp", "alice@unknown-issuer" }) {
			HttpResponse<String> response = issue(Map.of("principal", principal, "roles", "viewer"));
			assertThat(response.statusCode()).as(principal).isEqualTo(400);
			assertThat(error(response)).as(principal).contains("has the form subject@issuer");
		}
	}

	@Test
	void tooManyOrMalformedRolesAreRefused() {
		int tokensBefore = issuedTokens();
		String seventeen = String.join(",", IntStream.rangeClosed(1, 17).mapToObj((i) -> "role" + i).toList());
		for (String roles : new String[] { seventeen, "x".repeat(51), "view er", "vie\u0000wer", "a".repeat(40) + ","
				+ "b".repeat(2000) }) {
			HttpResponse<String> response = issue(Map.of("principal", "ci-bot", "roles", roles));
			assertThat(response.statusCode()).as(roles).isEqualTo(400);
			assertThat(error(response)).as(roles).startsWith("'roles' must");
		}
		assertThat(issuedTokens()).isEqualTo(tokensBefore);
	}

	@Test
	void aRateLimitThatLimitsNothingIsRefused() {
		Map<String, Object> before = rateLimit("get_customer");
		Map<String, String[]> refused = Map.of("refreshPeriod", new String[] { "1ns", "999ms", "0s", "-1m", "P1000000000D", "2d",
				"99999999999999999999s", "soon" }, "limitForPeriod", new String[] { "0", "-5", "99999999999", "ten" });
		refused.forEach((field, values) -> {
			for (String value : values) {
				HttpResponse<String> response = http("POST", actuator("/mcptools/get_customer"),
						json.writeValueAsString(Map.of(field, value)), "Authorization", "Bearer " + ADMIN, "Content-Type",
						"application/json");
				assertThat(response.statusCode()).as(field + "=" + value).isEqualTo(400);
				if (!value.equals("99999999999") && !value.equals("ten")) {
					assertThat(error(response)).as(field + "=" + value).startsWith("'" + field + "' must be");
				}
			}
		});
		assertThat(error(http("POST", actuator("/mcptools/get_customer"), "{\"refreshPeriod\":\"1ns\"}", "Authorization",
				"Bearer " + ADMIN, "Content-Type", "application/json")))
			.isEqualTo("'refreshPeriod' must be a duration from 1s to 1d, such as 30s, 1m or PT1H");
		assertThat(rateLimit("get_customer")).as("unchanged").containsEntry("limitForPeriod", before.get("limitForPeriod"))
			.containsEntry("refreshPeriod", before.get("refreshPeriod"));
	}

	@Test
	void anOverlongOrControlCharacterKillSwitchReasonIsRefused() {
		for (String reason : new String[] { "r".repeat(501), "maintenance\u001b]0;pwned\u0007" }) {
			HttpResponse<String> response = http("POST", actuator("/mcptools/get_customer"),
					json.writeValueAsString(Map.of("enabled", "false", "reason", reason)), "Authorization", "Bearer " + ADMIN,
					"Content-Type", "application/json");
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(error(response)).startsWith("'reason' must be");
		}
		String tool = http("GET", actuator("/mcptools/get_customer"), null, "Authorization", "Bearer " + ADMIN).body();
		assertThat(tool).contains("\"enabled\":true");
	}

	private HttpResponse<String> issue(Map<String, String> body) {
		return http("POST", actuator("/mcptokens"), json.writeValueAsString(body), "Authorization", "Bearer " + ADMIN,
				"Content-Type", "application/json");
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> rateLimit(String tool) {
		String body = http("GET", actuator("/mcptools/" + tool), null, "Authorization", "Bearer " + ADMIN).body();
		return (Map<String, Object>) json.readValue(body, Map.class).get("rateLimit");
	}

	private static String error(HttpResponse<String> response) {
		return String.valueOf(json.readValue(response.body(), Map.class).get("error"));
	}

	private int issuedTokens() {
		return this.jdbc.queryForObject("SELECT count(*) FROM mcp_guard_token", Integer.class);
	}

	private String actuator(String path) {
		return "http://localhost:" + this.port + "/actuator" + path;
	}

}
