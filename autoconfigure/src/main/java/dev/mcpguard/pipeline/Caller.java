package dev.mcpguard.pipeline;

import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The authenticated party behind an MCP request, as the guard pipeline sees it: who vouches for it (issuer), who
 * it is there (subject), the credential it presented, its roles and scopes, and how it authenticated. Tools that
 * need to know who calls them use {@link #current()}; identity never comes from tool arguments, and a tool never
 * receives the caller's token.
 *
 * @param name the principal name, which approvals, per-principal limits and audit rows use: token owner,
 * certificate subject CN, or {@code subject@issuer} for an access token (so two issuers with the same subject are two
 * principals)
 * @param roles the roles granted to the principal, without any {@code ROLE_} prefix
 * @param authMethod how the caller authenticated: {@code token} (MCP Guard's own), {@code oauth2} (an
 * authorization server's access token), {@code mtls}, or {@code none}
 * @param clientIp the remote address of the HTTP request, if known
 * @param issuer who vouches for the subject: {@code mcp-guard} for MCP Guard's tokens and client certificates, the
 * authorization server's issuer for access tokens
 * @param subject the principal as its issuer knows it
 * @param credentialId the credential presented: a token id, a JWT {@code jti} (or a digest of the token without
 * one), a certificate fingerprint; never the secret itself
 * @param scopes the scopes of an access token, empty otherwise
 */
public record Caller(String name, Set<String> roles, String authMethod, @Nullable String clientIp, String issuer,
		String subject, String credentialId, Set<String> scopes) {

	/** Issuer of the callers MCP Guard authenticates itself (its tokens, client certificates). */
	public static final String LOCAL_ISSUER = "mcp-guard";

	/** Caller used when no authenticated principal is present. */
	public static final Caller ANONYMOUS = new Caller("anonymous", Set.of(), "none", null);

	private static final ThreadLocal<Caller> CURRENT = new ThreadLocal<>();

	public Caller {
		roles = Set.copyOf(roles);
		scopes = Set.copyOf(scopes);
	}

	/**
	 * A caller MCP Guard authenticated itself, whose credential is known by its name only.
	 * @param name the principal name
	 * @param roles the roles
	 * @param authMethod how the caller authenticated
	 * @param clientIp the remote address, if known
	 */
	public Caller(String name, Set<String> roles, String authMethod, @Nullable String clientIp) {
		this(name, roles, authMethod, clientIp, LOCAL_ISSUER, name, authMethod + ":" + name, Set.of());
	}


	/**
	 * Whether the caller authenticated.
	 * @return {@code false} for {@link #ANONYMOUS}
	 */
	public boolean isAuthenticated() {
		return !"none".equals(this.authMethod);
	}

	/**
	 * Whether this caller holds at least one of the given roles.
	 * @param anyOf the roles to look for
	 * @return {@code true} if any role matches
	 */
	public boolean hasAnyRole(Iterable<String> anyOf) {
		for (String role : anyOf) {
			if (this.roles.contains(role)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The caller of the tool that runs on this thread, set by the guard pipeline for the duration of a
	 * {@code tools/call}.
	 * @return the current caller, or empty outside a guarded tool call
	 */
	public static Optional<Caller> current() {
		return Optional.ofNullable(CURRENT.get());
	}

	static @Nullable Caller bind(@Nullable Caller caller) {
		Caller previous = CURRENT.get();
		if (caller == null) {
			CURRENT.remove();
		}
		else {
			CURRENT.set(caller);
		}
		return previous;
	}

}
