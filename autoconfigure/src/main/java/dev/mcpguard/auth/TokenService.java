package dev.mcpguard.auth;

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
import dev.mcpguard.pipeline.LogText;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * The operator's token runbook: list, issue, revoke and rotate bearer tokens without redeploying. Static tokens
 * can be listed and revoked; issued tokens can also be rotated.
 */
public class TokenService {

	private static final Log logger = LogFactory.getLog(TokenService.class);

	private static final String STATIC_PREFIX = "static:";

	private final JdbcTokenStore issued;

	private final StaticTokenStore statics;

	private final TokenRevocations revocations;

	private final Clock clock;

	private final Duration maxTokenAge;

	/**
	 * Create the service.
	 * @param issued the issued tokens
	 * @param statics the static tokens
	 * @param revocations the shared revocations
	 * @param clock the clock
	 * @param maxTokenAge the rotation policy, also the default lifetime of an issued token
	 */
	public TokenService(JdbcTokenStore issued, StaticTokenStore statics, TokenRevocations revocations, Clock clock,
			Duration maxTokenAge) {
		this.issued = issued;
		this.statics = statics;
		this.revocations = revocations;
		this.clock = clock;
		this.maxTokenAge = maxTokenAge;
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
	 * @param principal the principal it authenticates
	 * @param roles its roles
	 * @param ttl its lifetime, or {@code null} for the maximum token age
	 * @param issuedBy the operator
	 * @return the new token with its secret, to be shown once
	 */
	public NewToken issue(String principal, Set<String> roles, @Nullable Duration ttl, String issuedBy) {
		if (!StringUtils.hasText(principal) || principal.length() > 200) {
			throw new IllegalArgumentException("'principal' must be 1 to 200 characters");
		}
		if (!LogText.isSafe(principal)) {
			// it is written into log lines and audit rows
			throw new IllegalArgumentException("'principal' must not contain control characters or line separators");
		}
		if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
			throw new IllegalArgumentException("'ttl' must be positive, for example 30d or 12h");
		}
		NewToken token = this.issued.issue(principal.trim(), roles, (ttl != null) ? ttl : this.maxTokenAge, issuedBy, null);
		logger.info("MCP Guard: " + issuedBy + " issued token " + token.id() + " for principal '" + token.principal() + "'");
		return token;
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

	private void requireKnown(String id) {
		boolean known = id.startsWith(STATIC_PREFIX)
				? this.statics.principals().stream().anyMatch((token) -> token.tokenId().equals(id))
				: this.issued.findById(id).isPresent();
		if (!known) {
			throw new NoSuchElementException("No token with id " + id);
		}
	}

}
