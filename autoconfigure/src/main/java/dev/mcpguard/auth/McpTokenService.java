package dev.mcpguard.auth;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.function.Predicate;

import dev.mcpguard.pipeline.CredentialIssuers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

import dev.mcpguard.auth.JdbcTokenStore.NewToken;
import dev.mcpguard.auth.JdbcTokenStore.StoredToken;
import dev.mcpguard.pipeline.PlainText;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.format.annotation.DurationFormat.Style;
import org.springframework.format.datetime.standard.DurationFormatterUtils;

/**
 * The operator's token runbook: list, issue, revoke and rotate bearer tokens without redeploying. Static tokens
 * can be listed and revoked; issued tokens can also be rotated.
 */
public class McpTokenService implements CredentialIssuers {

	private static final int MAX_ISSUER_CHAIN = 32;

	private static final Log logger = LogFactory.getLog(McpTokenService.class);

	private static final String STATIC_PREFIX = "static:";

	/** Longest principal name of an issued token. */
	public static final int MAX_PRINCIPAL_LENGTH = 200;

	/** Most roles of an issued token. */
	public static final int MAX_ROLES = 16;

	/** Longest role name of an issued token. */
	public static final int MAX_ROLE_LENGTH = 50;

	private final JdbcTokenStore issued;

	private final StaticTokenStore statics;

	private final TokenRevocations revocations;

	private final Clock clock;

	private final Duration maxTokenAge;

	private final String adminRole;

	private final boolean allowAdminTokens;

	/**
	 * Create the service.
	 * @param issued the issued tokens
	 * @param statics the static tokens
	 * @param revocations the shared revocations
	 * @param clock the clock
	 * @param maxTokenAge the rotation policy, also the default lifetime of an issued token
	 * @param adminRole the role of MCP Guard's operators
	 * @param allowAdminTokens whether issued tokens may carry the admin role
	 */
	public McpTokenService(JdbcTokenStore issued, StaticTokenStore statics, TokenRevocations revocations, Clock clock,
			Duration maxTokenAge, String adminRole, boolean allowAdminTokens) {
		this.issued = issued;
		this.statics = statics;
		this.revocations = revocations;
		this.clock = clock;
		this.maxTokenAge = maxTokenAge;
		this.adminRole = adminRole;
		this.allowAdminTokens = allowAdminTokens;
	}

	/**
	 * Every token, static ones first, then issued ones newest first.
	 * @return the tokens, without secrets
	 */
	public List<IssuedToken> list() {
		Instant now = this.clock.instant();
		List<IssuedToken> tokens = new ArrayList<>();
		this.statics.principals()
			.stream()
			.sorted(Comparator.comparing(TokenPrincipal::name))
			.forEach((token) -> tokens.add(new IssuedToken(token.tokenId(), token.name(), token.roles(), "static", null,
					token.expiresAt(), null, this.revocations.isRevoked(token.tokenId()), false)));
		for (StoredToken token : this.issued.findAll()) {
			boolean overdue = token.createdAt() != null && token.createdAt().plus(this.maxTokenAge).isBefore(now);
			tokens.add(new IssuedToken(token.id(), token.principal(), token.roles(), "issued", token.createdAt(),
					token.expiresAt(), token.lastUsedAt(), this.revocations.isRevoked(token.id()), overdue));
		}
		return tokens;
	}

	/**
	 * Issue a token.
	 * @param principal the principal it authenticates: 1 to {@value #MAX_PRINCIPAL_LENGTH} {@linkplain PlainText
	 * plain} characters (surrounding spaces are dropped)
	 * @param roles its roles: at most {@value #MAX_ROLES}, each 1 to {@value #MAX_ROLE_LENGTH} plain characters
	 * without spaces
	 * @param ttl its lifetime, positive and at most the maximum token age, or {@code null} for the maximum token age
	 * @param issuedBy the operator
	 * @param issuerHolds whether the operator holds a role: a token never carries a role its issuer lacks
	 * @return the new token with its secret, to be shown once
	 * @throws IllegalArgumentException naming the rule an argument breaks: the name is malformed or another
	 * principal's, a role is malformed or not the issuer's, the admin role is asked for without
	 * {@code mcp.guard.admin.allow-admin-tokens}, or the ttl is out of range
	 */
	public NewToken issue(String principal, Set<String> roles, @Nullable Duration ttl, String issuedBy,
			Predicate<String> issuerHolds) {
		String name = principal.trim();
		if (name.isEmpty() || name.length() > MAX_PRINCIPAL_LENGTH || !PlainText.isPlain(name)) {
			throw new IllegalArgumentException("'principal' must be 1 to " + MAX_PRINCIPAL_LENGTH
					+ " characters: letters, digits, punctuation and spaces, no control characters");
		}
		if (roles.size() > MAX_ROLES || roles.stream()
			.anyMatch((role) -> role.isEmpty() || role.length() > MAX_ROLE_LENGTH || !PlainText.isPlainWord(role))) {
			throw new IllegalArgumentException("'roles' must be at most " + MAX_ROLES + " role names of 1 to "
					+ MAX_ROLE_LENGTH + " characters each, without spaces or control characters, separated by commas");
		}
		if (ttl != null && (ttl.isNegative() || ttl.isZero() || ttl.compareTo(this.maxTokenAge) > 0)) {
			throw new IllegalArgumentException(ttlRule());
		}
		if (this.statics.principals().stream().anyMatch((token) -> token.name().equals(name))) {
			throw new IllegalArgumentException("'" + name + "' is the principal of a configured token: a token for "
					+ "another identity must have a name of its own");
		}
		if (looksLikeAccessTokenPrincipal(name)) {
			throw new IllegalArgumentException("'" + name + "' has the form subject@issuer of an authorization server's "
					+ "callers: a token for another identity must have a name of its own");
		}
		if (this.issued.isIssued(name)) {
			throw new IllegalArgumentException("'" + name + "' already has an issued token: rotate it "
					+ "(POST {\"action\":\"rotate\"} to its id), or choose a name of its own");
		}
		if (roles.contains(this.adminRole) && !this.allowAdminTokens) {
			throw new IllegalArgumentException("Issued tokens may not carry the admin role '" + this.adminRole
					+ "' (mcp.guard.admin.allow-admin-tokens=true allows it)");
		}
		List<String> notHeld = roles.stream().filter((role) -> !issuerHolds.test(role)).sorted().toList();
		if (!notHeld.isEmpty()) {
			throw new IllegalArgumentException("A token may not carry roles its issuer does not hold: "
					+ String.join(", ", notHeld));
		}
		NewToken token = this.issued.issue(name, roles, (ttl != null) ? ttl : this.maxTokenAge, issuedBy, null);
		logger.info("MCP Guard: " + issuedBy + " issued token " + token.id() + " for principal '" + token.principal() + "'");
		return token;
	}

	// An access token's principal is subject@issuer, its issuer a URL (or unknown-issuer): an issued name of that form
	// could stand for an authorization server's caller in approvals, limits and audit.
	private static boolean looksLikeAccessTokenPrincipal(String name) {
		int at = name.lastIndexOf('@');
		if (at < 0) {
			return false;
		}
		String issuer = name.substring(at + 1);
		return issuer.contains("://") || issuer.equals("unknown-issuer");
	}

	/**
	 * The rule a token lifetime must keep, for operators who give one.
	 * @return the rule, naming the maximum token age
	 */
	public String ttlRule() {
		return "'ttl' must be a positive duration of at most " + DurationFormatterUtils.print(this.maxTokenAge, Style.COMPOSITE)
				+ " (mcp.guard.auth.max-token-age), such as 30d, 12h or PT30M";
	}

	/**
	 * Revoke a token on every instance.
	 * @param id the token id (for a static token {@code static:<principal>})
	 * @param revokedBy the operator
	 * @param reason why, if given
	 * @return {@code false} if it was already revoked
	 * @throws NoSuchElementException if no token has that id
	 */
	public boolean revoke(String id, String revokedBy, @Nullable String reason) {
		requireKnown(id);
		boolean revoked = this.revocations.revoke(id, revokedBy, reason);
		this.issued.evictCache();
		logger.info("MCP Guard: " + revokedBy + " revoked token " + id);
		return revoked;
	}

	/**
	 * Replace an issued token by a new one with the same principal, roles and lifetime, and revoke the old one.
	 * @param id the token to rotate
	 * @param rotatedBy the operator
	 * @return the new token with its secret
	 * @throws NoSuchElementException if no issued token has that id
	 * @throws IllegalArgumentException for a static token, which is rotated in configuration
	 */
	public NewToken rotate(String id, String rotatedBy) {
		if (id.startsWith(STATIC_PREFIX)) {
			throw new IllegalArgumentException("Static tokens are rotated in configuration: set a new value for "
					+ "mcp.guard.auth.tokens." + id.substring(STATIC_PREFIX.length()) + ", or revoke it and issue a token");
		}
		StoredToken old = this.issued.findById(id).orElseThrow(() -> new NoSuchElementException("No token with id " + id));
		Duration ttl = old.originalTtl(this.clock.instant());
		NewToken token = this.issued.issue(old.principal(), old.roles(), (ttl != null) ? ttl : this.maxTokenAge, rotatedBy, id);
		this.revocations.revoke(id, rotatedBy, "rotated to " + token.id());
		this.issued.evictCache();
		logger.info("MCP Guard: " + rotatedBy + " rotated token " + id + " to " + token.id());
		return token;
	}

	/**
	 * Issued tokens older than the maximum token age, for the rotation report.
	 * @return the overdue tokens that are not revoked
	 */
	public List<IssuedToken> overdue() {
		return list().stream().filter((token) -> token.overdue() && !token.revoked()).toList();
	}

	/**
	 * The operators that issued a principal's tokens, and those that issued theirs, and so on.
	 * @param principal the principal name
	 * @return the issuers, empty for a principal of configured tokens only
	 */
	@Override
	public Set<String> issuersOf(String principal) {
		Set<String> issuers = new LinkedHashSet<>();
		Deque<String> next = new ArrayDeque<>(List.of(principal));
		while (!next.isEmpty() && issuers.size() < MAX_ISSUER_CHAIN) {
			for (String issuer : this.issued.issuersOf(next.pop())) {
				if (issuers.add(issuer)) {
					next.add(issuer);
				}
			}
		}
		return issuers;
	}

	private void requireKnown(String id) {
		boolean known = id.startsWith(STATIC_PREFIX)
				? this.statics.principals().stream().anyMatch((token) -> token.tokenId().equals(id))
				: this.issued.findById(id).isPresent();
		if (!known) {
			throw new NoSuchElementException("No token with id " + id);
		}
	}

}
