package dev.mcpguard.admin;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.NoSuchElementException;

import dev.mcpguard.auth.IssuedToken;
import dev.mcpguard.auth.JdbcTokenStore.NewToken;
import dev.mcpguard.auth.McpTokenService;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.StringUtils;

/**
 * Actuator endpoint {@code mcptokens}: list tokens (never their secrets), issue one (its secret is shown in that
 * response only), revoke one ({@code DELETE /{id}}) or rotate one ({@code POST /{id}} with
 * {@code {"action":"rotate"}}).
 */
@WebEndpoint(id = "mcptokens")
public class McpTokensEndpoint {

	private final McpTokenService tokens;

	private final AdminActions actions;

	/**
	 * Create the endpoint.
	 * @param tokens the token service
	 */
	public McpTokensEndpoint(McpTokenService tokens) {
		this(tokens, AdminActions.none());
	}

	/**
	 * Create the endpoint.
	 * @param tokens the token service
	 * @param actions told of every change, for the audit trail
	 */
	public McpTokensEndpoint(McpTokenService tokens, AdminActions actions) {
		this.tokens = tokens;
		this.actions = actions;
	}

	/**
	 * List every token.
	 * @return the tokens
	 */
	@ReadOperation
	public List<IssuedToken> tokens() {
		return this.tokens.list();
	}

	/**
	 * Issue a token.
	 * @param principal the principal it authenticates
	 * @param roles its roles, comma-separated (actuator request bodies hold strings only)
	 * @param ttl its lifetime ({@code 30d}, {@code 12h}, ISO-8601), at most and by default the maximum token age
	 * @param securityContext the operator
	 * @return {@code id} and {@code token}; 400 with the rule an argument breaks ({@link McpTokenService#issue})
	 */
	@WriteOperation
	public WebEndpointResponse<Map<String, Object>> issue(String principal, @Nullable String roles,
			@Nullable String ttl, SecurityContext securityContext) {
		try {
			NewToken token = this.tokens.issue(principal, roleSet(roles), parseTtl(ttl, this.tokens),
					operator(securityContext), securityContext::isUserInRole);
			this.actions.publish(securityContext, "mcptokens", "issue", token.id(),
					Map.of("principal", token.principal(), "roles", String.join(",", token.roles())), null);
			return new WebEndpointResponse<>(newTokenBody(token), 201);
		}
		catch (IllegalArgumentException ex) {
			return error(400, ex.getMessage());
		}
	}

	/**
	 * Revoke a token.
	 * @param id the token id
	 * @param securityContext the operator
	 * @return the token id and whether it was revoked now
	 */
	@DeleteOperation
	public WebEndpointResponse<Map<String, Object>> revoke(@Selector String id, SecurityContext securityContext) {
		try {
			boolean revoked = this.tokens.revoke(id, operator(securityContext), null);
			this.actions.publish(securityContext, "mcptokens", "revoke", id, Map.of("alreadyRevoked", !revoked), null);
			return new WebEndpointResponse<>(Map.of("id", id, "revoked", true, "alreadyRevoked", !revoked), 200);
		}
		catch (NoSuchElementException ex) {
			return error(404, ex.getMessage());
		}
	}

	/**
	 * Act on a token: {@code rotate}.
	 * @param id the token id
	 * @param action the action
	 * @param securityContext the operator
	 * @return for {@code rotate}, the new {@code id} and {@code token}
	 */
	@WriteOperation
	public WebEndpointResponse<Map<String, Object>> act(@Selector String id, String action, SecurityContext securityContext) {
		if (!"rotate".equals(action)) {
			return error(400, "Unknown action; supported: rotate");
		}
		try {
			NewToken token = this.tokens.rotate(id, operator(securityContext));
			this.actions.publish(securityContext, "mcptokens", "rotate", id, Map.of("replacedBy", token.id()), null);
			Map<String, Object> body = newTokenBody(token);
			body.put("replaces", id);
			return new WebEndpointResponse<>(body, 201);
		}
		catch (NoSuchElementException ex) {
			return error(404, ex.getMessage());
		}
		catch (IllegalArgumentException ex) {
			return error(400, ex.getMessage());
		}
	}

	private static Set<String> roleSet(@Nullable String roles) {
		Set<String> set = new LinkedHashSet<>();
		for (String role : StringUtils.commaDelimitedListToStringArray(roles)) {
			if (!role.isBlank()) {
				set.add(role.trim());
			}
		}
		return set;
	}

	private static @Nullable Duration parseTtl(@Nullable String ttl, McpTokenService tokens) {
		if (ttl == null || ttl.isBlank()) {
			return null;
		}
		try {
			return DurationStyle.detectAndParse(ttl.trim());
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(tokens.ttlRule());
		}
	}

	private static Map<String, Object> newTokenBody(NewToken token) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", token.id());
		body.put("token", token.token());
		body.put("principal", token.principal());
		body.put("roles", token.roles());
		body.put("expiresAt", token.expiresAt());
		body.put("notice", "Store this token now: it is not stored and cannot be shown again.");
		return body;
	}

	static String operator(SecurityContext securityContext) {
		return (securityContext.getPrincipal() != null) ? securityContext.getPrincipal().getName() : "unknown";
	}

	static WebEndpointResponse<Map<String, Object>> error(int status, @Nullable String message) {
		return new WebEndpointResponse<>(Map.of("error", String.valueOf(message)), status);
	}

}
