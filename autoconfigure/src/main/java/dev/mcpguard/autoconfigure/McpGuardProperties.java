package dev.mcpguard.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.mcpguard.authz.DefaultPolicy;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of MCP Guard.
 */
@ConfigurationProperties(McpGuardProperties.CONFIG_PREFIX)
public class McpGuardProperties {

	/** Prefix of every MCP Guard property. */
	public static final String CONFIG_PREFIX = "mcp.guard";

	/**
	 * Whether MCP Guard protects the MCP server. When off, the server runs as plain Spring AI.
	 */
	private boolean enabled = true;

	/**
	 * Whether Spring Security observes each filter, authentication and authorization of MCP requests (timers and
	 * spans per request). Off by default for speed; HTTP requests are still observed by Spring Boot.
	 */
	private boolean observeSecurityFilters = false;

	private final Auth auth = new Auth();

	private final Network network = new Network();

	private final Session session = new Session();

	private final Authz authz = new Authz();

	private final Cluster cluster = new Cluster();

	private final Admin admin = new Admin();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isObserveSecurityFilters() {
		return this.observeSecurityFilters;
	}

	public void setObserveSecurityFilters(boolean observeSecurityFilters) {
		this.observeSecurityFilters = observeSecurityFilters;
	}

	public Auth getAuth() {
		return this.auth;
	}

	public Network getNetwork() {
		return this.network;
	}

	public Session getSession() {
		return this.session;
	}

	public Authz getAuthz() {
		return this.authz;
	}

	public Cluster getCluster() {
		return this.cluster;
	}

	public Admin getAdmin() {
		return this.admin;
	}

	/**
	 * Authentication settings.
	 */
	public static class Auth {

		/**
		 * Static bearer tokens, by principal name. Each gives the token (plain value, best taken from the
		 * environment, or its "sha256:" hash), the roles of the principal and an optional expiry.
		 */
		private Map<String, StaticToken> tokens = new LinkedHashMap<>();

		/**
		 * Whether an MCP session may only be used by the principal that created it.
		 */
		private boolean sessionBinding = true;

		/**
		 * Maximum age of an issued token before it is reported as due for rotation; also the longest and the
		 * default lifetime of a token issued through the mcptokens endpoint. At most 3650d.
		 */
		private Duration maxTokenAge = Duration.ofDays(90);

		private static final Duration MAX_TOKEN_AGE_LIMIT = Duration.ofDays(3650);

		/**
		 * Whether tokens older than max-token-age are refused rather than only reported.
		 */
		private boolean rejectOverdueTokens = false;

		/**
		 * How long a lookup of an issued token is reused before the database is asked again, and how long the
		 * database is left alone after a failed lookup (the {@code Retry-After} of the 503 answered meanwhile).
		 * Revocations do not wait for it.
		 */
		private Duration cacheTtl = Duration.ofSeconds(5);

		/**
		 * Whether an issued token looked up before keeps working while the database is unreachable (fail open for
		 * known tokens; revocations known to the instance still apply). Tokens never seen get 503 either way.
		 */
		private boolean serveStaleTokensOnStoreFailure = true;

		public boolean isServeStaleTokensOnStoreFailure() {
			return this.serveStaleTokensOnStoreFailure;
		}

		public void setServeStaleTokensOnStoreFailure(boolean serveStaleTokensOnStoreFailure) {
			this.serveStaleTokensOnStoreFailure = serveStaleTokensOnStoreFailure;
		}

		private final Mtls mtls = new Mtls();

		public Mtls getMtls() {
			return this.mtls;
		}

		private final OAuth2 oauth2 = new OAuth2();

		public OAuth2 getOauth2() {
			return this.oauth2;
		}

		public Duration getMaxTokenAge() {
			return this.maxTokenAge;
		}

		public void setMaxTokenAge(Duration maxTokenAge) {
			// Checked here, where it is bound: every token check and every issued token's expiry adds it to a time.
			if (maxTokenAge.isNegative() || maxTokenAge.isZero() || maxTokenAge.compareTo(MAX_TOKEN_AGE_LIMIT) > 0) {
				throw new IllegalArgumentException("max-token-age must be positive and at most 3650d (ten years), was "
						+ maxTokenAge);
			}
			this.maxTokenAge = maxTokenAge;
		}

		public boolean isRejectOverdueTokens() {
			return this.rejectOverdueTokens;
		}

		public void setRejectOverdueTokens(boolean rejectOverdueTokens) {
			this.rejectOverdueTokens = rejectOverdueTokens;
		}

		public Duration getCacheTtl() {
			return this.cacheTtl;
		}

		public void setCacheTtl(Duration cacheTtl) {
			this.cacheTtl = cacheTtl;
		}

		public Map<String, StaticToken> getTokens() {
			return this.tokens;
		}

		public void setTokens(Map<String, StaticToken> tokens) {
			this.tokens = tokens;
		}

		public boolean isSessionBinding() {
			return this.sessionBinding;
		}

		public void setSessionBinding(boolean sessionBinding) {
			this.sessionBinding = sessionBinding;
		}

	}

	/**
	 * OAuth 2.1 access tokens (JWTs) of an authorization server, checked with Spring Boot's
	 * {@code spring.security.oauth2.resourceserver.jwt.*} settings.
	 */
	public static class OAuth2 {

		/**
		 * Canonical URI of this MCP server as a resource (RFC 8707), for example https://mcp.example.com/mcp. An
		 * access token must name it in its audience; the protected resource metadata names it.
		 */
		private @Nullable String resource;

		/**
		 * Whether an access token's audience must contain the resource. Turning it off accepts tokens the
		 * authorization server issued for any other server, and the posture report says so.
		 */
		private boolean audienceRequired = true;

		/**
		 * Claim whose values (a list or a space-separated string) are the caller's roles.
		 */
		private String rolesClaim = "roles";

		/**
		 * Roles granted by scopes: scope name -> roles.
		 */
		private Map<String, List<String>> scopeRoles = new LinkedHashMap<>();

		/**
		 * Scopes every access token must carry for the MCP endpoint; a token without them is answered 403 naming
		 * the scopes to request.
		 */
		private List<String> requiredScopes = new ArrayList<>();

		/**
		 * Issuer URIs of the authorization servers named in the protected resource metadata. Defaults to
		 * spring.security.oauth2.resourceserver.jwt.issuer-uri.
		 */
		private List<String> authorizationServers = new ArrayList<>();

		/**
		 * How long a validated access token is remembered so that its signature is not checked again on every
		 * request. A remembered token is still refused once it expires.
		 */
		private Duration validationCacheTtl = Duration.ofMinutes(5);

		public @Nullable String getResource() {
			return this.resource;
		}

		public void setResource(@Nullable String resource) {
			this.resource = resource;
		}

		public boolean isAudienceRequired() {
			return this.audienceRequired;
		}

		public void setAudienceRequired(boolean audienceRequired) {
			this.audienceRequired = audienceRequired;
		}

		public String getRolesClaim() {
			return this.rolesClaim;
		}

		public void setRolesClaim(String rolesClaim) {
			this.rolesClaim = rolesClaim;
		}

		public Map<String, List<String>> getScopeRoles() {
			return this.scopeRoles;
		}

		public void setScopeRoles(Map<String, List<String>> scopeRoles) {
			this.scopeRoles = scopeRoles;
		}

		public List<String> getRequiredScopes() {
			return this.requiredScopes;
		}

		public void setRequiredScopes(List<String> requiredScopes) {
			this.requiredScopes = requiredScopes;
		}

		public List<String> getAuthorizationServers() {
			return this.authorizationServers;
		}

		public void setAuthorizationServers(List<String> authorizationServers) {
			this.authorizationServers = authorizationServers;
		}

		public Duration getValidationCacheTtl() {
			return this.validationCacheTtl;
		}

		public void setValidationCacheTtl(Duration validationCacheTtl) {
			this.validationCacheTtl = validationCacheTtl;
		}

	}

	/**
	 * A bearer token declared in configuration.
	 */
	public static class StaticToken {

		/**
		 * Token value. Prefer a placeholder resolved from the environment over a literal.
		 */
		private @Nullable String value;

		/**
		 * SHA-256 hash of the token, as "sha256:" followed by 64 hex digits. Alternative to value that keeps the
		 * secret out of configuration.
		 */
		private @Nullable String hash;

		/**
		 * Roles granted to the principal.
		 */
		private List<String> roles = new ArrayList<>();

		/**
		 * Instant after which the token is refused.
		 */
		private @Nullable Instant expiresAt;

		public @Nullable String getValue() {
			return this.value;
		}

		public void setValue(@Nullable String value) {
			this.value = value;
		}

		public @Nullable String getHash() {
			return this.hash;
		}

		public void setHash(@Nullable String hash) {
			this.hash = hash;
		}

		public List<String> getRoles() {
			return this.roles;
		}

		public void setRoles(List<String> roles) {
			this.roles = roles;
		}

		public @Nullable Instant getExpiresAt() {
			return this.expiresAt;
		}

		public void setExpiresAt(@Nullable Instant expiresAt) {
			this.expiresAt = expiresAt;
		}

	}

	/**
	 * Client-certificate (mutual TLS) authentication. The TLS side (key store, trust store, client-auth) is
	 * Spring Boot's: server.ssl.bundle and server.ssl.client-auth.
	 */
	public static class Mtls {

		/**
		 * Whether a client certificate, verified by the server's trust store during the TLS handshake,
		 * authenticates a request that carries no bearer token. The principal is the certificate subject's CN.
		 */
		private boolean enabled = false;

		/**
		 * Roles granted to certificate principals, by subject CN. Write a CN that contains dots in brackets, for
		 * example "[agent.example.com]".
		 */
		private Map<String, List<String>> roles = new LinkedHashMap<>();

		/**
		 * Whether a certificate whose CN is not listed in roles is refused (401). When off, such a certificate
		 * authenticates a principal without roles.
		 */
		private boolean requireMapping = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Map<String, List<String>> getRoles() {
			return this.roles;
		}

		public void setRoles(Map<String, List<String>> roles) {
			this.roles = roles;
		}

		public boolean isRequireMapping() {
			return this.requireMapping;
		}

		public void setRequireMapping(boolean requireMapping) {
			this.requireMapping = requireMapping;
		}

	}

	/**
	 * Network controls.
	 */
	public static class Network {

		/**
		 * Origins, besides the loopback ones and the server's own, whose browser pages may call the server, for
		 * example "https://console.example.com". A request with another Origin header is refused with 403 (DNS
		 * rebinding protection). Requests without an Origin header, as sent by non-browser clients, are not
		 * affected.
		 */
		private List<String> allowedOrigins = new ArrayList<>();

		/**
		 * Host names, besides the loopback names and IP addresses, under which clients reach the server, for
		 * example "mcp.example.com" (any port) or "mcp.example.com:8443". A request whose Host header names another
		 * host is refused with 403 (DNS rebinding protection). Empty keeps to loopback names and IP addresses.
		 */
		private List<String> allowedHosts = new ArrayList<>();

		/**
		 * Largest MCP request body accepted; larger ones get 413.
		 */
		private DataSize maxRequestSize = DataSize.ofMegabytes(1);

		/**
		 * Deepest nesting of JSON arrays and objects accepted in an MCP request.
		 */
		private int maxJsonDepth = 64;

		/**
		 * Longest time an authenticated client may take to send an MCP request body; a slower one gets 408 and its
		 * connection is closed. Each blocked read also ends after server.tomcat.connection-timeout.
		 */
		private Duration bodyReadTimeout = Duration.ofSeconds(10);

		/**
		 * Most request bodies one credential may have in flight at once while they are still arriving (a body
		 * sent at once does not count); further ones get 429. Keeps one caller trickling bodies from holding every
		 * request thread.
		 */
		private int maxSlowBodiesPerCredential = 4;

		public DataSize getMaxRequestSize() {
			return this.maxRequestSize;
		}

		public void setMaxRequestSize(DataSize maxRequestSize) {
			this.maxRequestSize = maxRequestSize;
		}

		public int getMaxJsonDepth() {
			return this.maxJsonDepth;
		}

		public void setMaxJsonDepth(int maxJsonDepth) {
			this.maxJsonDepth = maxJsonDepth;
		}

		public Duration getBodyReadTimeout() {
			return this.bodyReadTimeout;
		}

		public void setBodyReadTimeout(Duration bodyReadTimeout) {
			if (bodyReadTimeout.isNegative() || bodyReadTimeout.isZero()) {
				throw new IllegalArgumentException("body-read-timeout must be positive, was " + bodyReadTimeout);
			}
			this.bodyReadTimeout = bodyReadTimeout;
		}

		public int getMaxSlowBodiesPerCredential() {
			return this.maxSlowBodiesPerCredential;
		}

		public void setMaxSlowBodiesPerCredential(int maxSlowBodiesPerCredential) {
			if (maxSlowBodiesPerCredential < 1) {
				throw new IllegalArgumentException("max-slow-bodies-per-credential must be at least 1, was "
						+ maxSlowBodiesPerCredential);
			}
			this.maxSlowBodiesPerCredential = maxSlowBodiesPerCredential;
		}

		/**
		 * IP addresses or CIDR ranges (IPv4 and IPv6, for example "10.0.0.0/8" or "::1/128") allowed to call the
		 * server; other remote addresses get 403 before authentication. Empty allows any address. Behind a proxy,
		 * set server.forward-headers-strategy so the remote address is the client's.
		 */
		private List<String> allowedIps = new ArrayList<>();

		public List<String> getAllowedIps() {
			return this.allowedIps;
		}

		public void setAllowedIps(List<String> allowedIps) {
			this.allowedIps = allowedIps;
		}

		public List<String> getAllowedOrigins() {
			return this.allowedOrigins;
		}

		public List<String> getAllowedHosts() {
			return this.allowedHosts;
		}

		public void setAllowedHosts(List<String> allowedHosts) {
			this.allowedHosts = allowedHosts;
		}

		public void setAllowedOrigins(List<String> allowedOrigins) {
			this.allowedOrigins = allowedOrigins;
		}

	}

	/**
	 * MCP session limits of the Streamable HTTP transport.
	 */
	public static class Session {

		/**
		 * Maximum number of concurrent MCP sessions; further initialize requests get 503.
		 */
		private long maxSessions = 10_000;

		/**
		 * Maximum number of concurrent MCP sessions of one credential (token or client certificate); further
		 * initialize requests of it get 429 with Retry-After. Defaults to a hundredth of max-sessions (at least 1).
		 */
		private @Nullable Integer maxSessionsPerCredential;

		/**
		 * Time after which a session without requests is closed.
		 */
		private Duration idleTimeout = Duration.ofMinutes(30);

		public @Nullable Integer getMaxSessionsPerCredential() {
			return this.maxSessionsPerCredential;
		}

		public void setMaxSessionsPerCredential(@Nullable Integer maxSessionsPerCredential) {
			this.maxSessionsPerCredential = maxSessionsPerCredential;
		}

		/**
		 * The per-credential session limit in force.
		 * @return max-sessions-per-credential if set, else a hundredth of max-sessions, at least 1
		 */
		public int effectiveMaxSessionsPerCredential() {
			if (this.maxSessionsPerCredential != null) {
				return Math.max(1, this.maxSessionsPerCredential);
			}
			return (int) Math.max(1, Math.min(Integer.MAX_VALUE, this.maxSessions / 100));
		}

		public long getMaxSessions() {
			return this.maxSessions;
		}

		public void setMaxSessions(long maxSessions) {
			this.maxSessions = maxSessions;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

	}

	/**
	 * Per-tool authorization and static tool filters.
	 */
	public static class Authz {

		/**
		 * Policy for tools without @RequiresRole: any authenticated caller, or nobody (deny by default).
		 */
		private DefaultPolicy defaultPolicy = DefaultPolicy.ALLOW_AUTHENTICATED;

		/**
		 * Names of the only tools exposed; empty exposes all tools.
		 */
		private Set<String> expose = new LinkedHashSet<>();

		/**
		 * Names of tools never exposed, whatever other settings say.
		 */
		private Set<String> deny = new LinkedHashSet<>();

		public DefaultPolicy getDefaultPolicy() {
			return this.defaultPolicy;
		}

		public void setDefaultPolicy(DefaultPolicy defaultPolicy) {
			this.defaultPolicy = defaultPolicy;
		}

		public Set<String> getExpose() {
			return this.expose;
		}

		public void setExpose(Set<String> expose) {
			this.expose = expose;
		}

		public Set<String> getDeny() {
			return this.deny;
		}

		public void setDeny(Set<String> deny) {
			this.deny = deny;
		}

	}

	/**
	 * Sharing state between the instances of one server through the database.
	 */
	public static class Cluster {

		/**
		 * How often each instance re-reads shared state (token revocations, tool state) and writes token last-use
		 * times. A change made on another instance takes effect within this interval.
		 */
		private Duration syncInterval = Duration.ofSeconds(2);

		public Duration getSyncInterval() {
			return this.syncInterval;
		}

		public void setSyncInterval(Duration syncInterval) {
			this.syncInterval = syncInterval;
		}

	}

	/**
	 * Operator access.
	 */
	public static class Admin {

		/**
		 * Role required for the MCP Guard actuator endpoints.
		 */
		private String role = "mcp-admin";

		/**
		 * Whether tokens issued through the mcptokens endpoint may carry the admin role. Off, an operator cannot mint
		 * a second operator identity (for example to approve its own calls).
		 */
		private boolean allowAdminTokens;

		public boolean isAllowAdminTokens() {
			return this.allowAdminTokens;
		}

		public void setAllowAdminTokens(boolean allowAdminTokens) {
			this.allowAdminTokens = allowAdminTokens;
		}

		public String getRole() {
			return this.role;
		}

		public void setRole(String role) {
			this.role = role;
		}

	}

}
