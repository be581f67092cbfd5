package dev.mcpguard.pipeline;

import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The authenticated party behind an MCP request, as the guard pipeline sees it: the principal name, its roles
 * and how it authenticated. Tools that need to know who calls them use {@link #current()}; identity never comes
 * from tool arguments.
 *
 * @param name the principal name (token owner, certificate subject CN)
 * @param roles the roles granted to the principal, without any {@code ROLE_} prefix
 * @param authMethod how the caller authenticated, for example {@code token} or {@code mtls}
 * @param clientIp the remote address of the HTTP request, if known
 */
public record Caller(String name, Set<String> roles, String authMethod, @Nullable String clientIp) {

	/** Caller used when no authenticated principal is present. */
	public static final Caller ANONYMOUS = new Caller("anonymous", Set.of(), "none", null);

	private static final ThreadLocal<Caller> CURRENT = new ThreadLocal<>();

	public Caller {
		roles = Set.copyOf(roles);
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
