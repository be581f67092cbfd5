package dev.mcpguard.auth;

import java.time.Clock;
import java.util.List;
import java.util.function.Predicate;

import dev.mcpguard.protocol.JsonRpcEnvelopeValidator;
import dev.mcpguard.pipeline.RequestRefusalListener;
import dev.mcpguard.pipeline.RequestRefusals;
import dev.mcpguard.pipeline.ToolRegistry;
import dev.mcpguard.protocol.McpRequestFilter;

import dev.mcpguard.oauth2.DPoPRefusalListener;
import dev.mcpguard.oauth2.McpResourceServer;
import dev.mcpguard.oauth2.RequiredScopesFilter;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.ClassUtils;

/**
 * Applies MCP Guard to a Spring Security filter chain: the Host and Origin check, bearer-token authentication
 * (MCP Guard's tokens and, with an authorization server, OAuth 2.1 JWTs, on Spring Security's resource-server
 * support), the protected resource metadata, the 401 entry point, session binding, the request size and JSON-RPC envelope checks, and the filters other layers
 * contribute ({@link McpGuardHttpCustomizer}). The auto-configured chain uses it; an application with its own chain
 * applies it there:
 * <pre class="code">
 * http.with(McpGuardConfigurer.mcpGuard(), (guard) -&gt; guard.allowedOrigins("https://app.example.com"))
 *     .authorizeHttpRequests((requests) -&gt; requests.requestMatchers("/mcp", "/mcp/**").authenticated());
 * </pre>
 * Its settings come from {@code mcp.guard.*} (the {@link McpGuardHttpSettings} bean); the setters override some of
 * them for the chain at hand.
 */
public final class McpGuardConfigurer extends AbstractHttpConfigurer<McpGuardConfigurer, HttpSecurity> {

	/**
	 * Order of MCP Guard's chain for the MCP endpoint and its actuator endpoints: before the application's chains
	 * (which Spring Security orders last when they carry no {@code @Order}).
	 */
	public static final int FILTER_CHAIN_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	/** Name of MCP Guard's chain; a bean of this name of the application's takes it over. */
	public static final String FILTER_CHAIN_BEAN_NAME = "mcpGuardSecurityFilterChain";

	/** Ids of MCP Guard's actuator endpoints, which need the admin role. */
	public static final List<String> ADMIN_ENDPOINTS = List.of("mcptokens", "mcptools", "mcpapprovals", "mcpaudit");

	private static final boolean JWT_PRESENT = ClassUtils.isPresent("org.springframework.security.oauth2.jwt.JwtDecoder",
			McpGuardConfigurer.class.getClassLoader());

	private @Nullable List<String> allowedHosts;

	private @Nullable List<String> allowedOrigins;

	private @Nullable Boolean sessionBinding;

	private @Nullable Long maxRequestSize;

	private McpGuardConfigurer() {
	}

	/**
	 * {@code Host} names this chain allows besides loopback names and IP addresses, instead of
	 * {@code mcp.guard.network.allowed-hosts}.
	 * @param hosts the host names
	 * @return this configurer
	 */
	public McpGuardConfigurer allowedHosts(String... hosts) {
		this.allowedHosts = List.of(hosts);
		return this;
	}

	/**
	 * {@code Origin} values this chain allows besides loopback origins and the server's own, instead of
	 * {@code mcp.guard.network.allowed-origins}.
	 * @param origins the origins, for example {@code https://app.example.com}
	 * @return this configurer
	 */
	public McpGuardConfigurer allowedOrigins(String... origins) {
		this.allowedOrigins = List.of(origins);
		return this;
	}

	/**
	 * Whether MCP sessions are bound to the credential that created them, instead of
	 * {@code mcp.guard.auth.session-binding}.
	 * @param sessionBinding {@code false} to let any authenticated caller use any session (not recommended)
	 * @return this configurer
	 */
	public McpGuardConfigurer sessionBinding(boolean sessionBinding) {
		this.sessionBinding = sessionBinding;
		return this;
	}

	/**
	 * The largest MCP request body this chain accepts, instead of {@code mcp.guard.network.max-request-size}.
	 * @param bytes the size in bytes
	 * @return this configurer
	 */
	public McpGuardConfigurer maxRequestSize(long bytes) {
		this.maxRequestSize = bytes;
		return this;
	}

	// The application's settings (McpGuardHttpSettings bean), with what this chain overrides.
	private McpGuardHttpSettings settings(ApplicationContext context) {
		McpGuardHttpSettings base = context.getBean(McpGuardHttpSettings.class);
		return new McpGuardHttpSettings((this.allowedHosts != null) ? this.allowedHosts : base.allowedHosts(),
				(this.allowedOrigins != null) ? this.allowedOrigins : base.allowedOrigins(),
				(this.sessionBinding != null) ? this.sessionBinding : base.sessionBinding(), base.maxSessionsPerCredential(),
				(this.maxRequestSize != null) ? this.maxRequestSize : base.maxRequestSize(), base.bodyReadTimeout(),
				base.maxSlowBodiesPerCredential(), base.maxJsonDepth(), base.retryAfterUnavailable());
	}

	/**
	 * A new configurer, for {@code http.with(...)}.
	 * @return the configurer
	 */
	public static McpGuardConfigurer mcpGuard() {
		return new McpGuardConfigurer();
	}

	@Override
	public void init(HttpSecurity http) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		AuthenticationEntryPoint entryPoint = entryPoint(http);
		http.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint));
		// One bearer pipeline: Spring Security's resource-server filter reads the header and hands MCP Guard's own
		// tokens and an authorization server's JWTs to their authentication, failures to MCP Guard's entry point.
		McpResourceServer resourceServer = resourceServer(context);
		TokenAuthenticator authenticator = context.getBean(TokenAuthenticator.class);
		http.oauth2ResourceServer((resource) -> {
			resource.authenticationConverter(new BearerHeaderConverter())
				.authenticationManagerResolver(new BearerAuthenticationManagers(authenticator,
						(resourceServer != null) ? resourceServer::jwtAuthentication : null,
						(resourceServer != null) ? resourceServer::opaqueTokenAuthentication : null))
				.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(new AccessDeniedHandlerImpl())
				.withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
					@Override
					public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
						// A token store that cannot answer is the entry point's 503, not an exception of the container.
						AuthenticationEntryPointFailureHandler failures = new AuthenticationEntryPointFailureHandler(entryPoint);
						failures.setRethrowAuthenticationServiceException(false);
						filter.setAuthenticationFailureHandler(failures);
						return filter;
					}
				});
			// Without an authorization server the metadata names no authorization server (and no chain of MCP Guard's
			// serves it unless it guards the whole application); it never claims certificate-bound tokens.
			resource.protectedResourceMetadata((metadata) -> metadata.protectedResourceMetadataCustomizer(
					(resourceServer != null) ? resourceServer.metadata()
							: (builder) -> builder.tlsClientCertificateBoundAccessTokens(false)));
		});
	}

	/**
	 * The OAuth 2.1 resource server of the application, when an authorization server is configured.
	 * @param context the application context
	 * @return the resource server, or {@code null}
	 */
	public static @Nullable McpResourceServer resourceServer(ApplicationContext context) {
		return JWT_PRESENT ? context.getBeanProvider(McpResourceServer.class).getIfAvailable() : null;
	}

	/**
	 * The path of the protected resource metadata of the MCP endpoint (RFC 9728, path-suffixed form).
	 * @param environment the environment
	 * @return for example {@code /.well-known/oauth-protected-resource/mcp}
	 */
	public static String resourceMetadataPath(Environment environment) {
		return McpResourceServer.METADATA_PATH + mcpEndpoint(environment);
	}

	/**
	 * Matches the requests for the protected resource metadata, which need no credentials.
	 * @return the matcher of {@code /.well-known/oauth-protected-resource} and the paths below it
	 */
	public static RequestMatcher resourceMetadataRequests() {
		return pathsMatcher(List.of(McpResourceServer.METADATA_PATH));
	}

	@Override
	public void configure(HttpSecurity http) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		McpGuardHttpSettings settings = settings(context);
		OriginPolicy originPolicy = OriginPolicy.of(settings.allowedHosts(), settings.allowedOrigins());
		RequestRefusals refusals = refusals(context);
		http.addFilterAfter(new OriginFilter(originPolicy, refusals), SecurityContextHolderFilter.class);
		McpResourceServer resourceServer = resourceServer(context);
		if (resourceServer != null) {
			// Spring Security's DPoP filter answers refusals itself: audit and count them like the entry point's.
			BearerAuthenticationEntryPoint entryPoint = http.getSharedObject(BearerAuthenticationEntryPoint.class);
			if (entryPoint != null) {
				http.addFilterBefore(new DPoPRefusalListener(entryPoint::refused), AuthenticationFilter.class);
			}
		}
		if (resourceServer != null && !resourceServer.requiredScopes().isEmpty()) {
			http.addFilterAfter(new RequiredScopesFilter(resourceServer.requiredScopes(),
					resourceMetadataPath(context.getEnvironment()), mcpRequests(context.getEnvironment())),
					AnonymousAuthenticationFilter.class);
		}
		if (settings.sessionBinding()) {
			http.addFilterAfter(new SessionBindingFilter(context.getBean(SessionBindings.class),
					settings.maxSessionsPerCredential(), refusals), AnonymousAuthenticationFilter.class);
		}
		String endpoint = mcpEndpoint(context.getEnvironment());
		http.addFilterAfter(new McpRequestFilter(endpoint, new McpRequestFilter.Limits(
				settings.maxRequestSize(), settings.bodyReadTimeout(), settings.maxSlowBodiesPerCredential()),
				new JsonRpcEnvelopeValidator(settings.maxJsonDepth()), knownTools(context), refusals),
				AnonymousAuthenticationFilter.class);
		context.getBeanProvider(McpGuardHttpCustomizer.class).orderedStream().forEach((customizer) -> customizer.customize(http));
	}

	// Unknown tool calls are recorded once the MCP server's tools are known; without a registry (no guarded server)
	// every name counts as known.
	private static Predicate<String> knownTools(ApplicationContext context) {
		ToolRegistry registry = context.getBeanProvider(ToolRegistry.class).getIfAvailable();
		return (registry != null) ? (name) -> registry.descriptor(name) != null : (name) -> true;
	}

	/**
	 * The path of the MCP endpoint, as Spring AI's Streamable HTTP transport serves it.
	 * @param environment the environment
	 * @return the path, {@code /mcp} by default
	 */
	public static String mcpEndpoint(Environment environment) {
		return environment.getProperty("spring.ai.mcp.server.streamable-http.mcp-endpoint", "/mcp");
	}

	/**
	 * Matches requests to the MCP endpoint (any method, any dispatch).
	 * @param environment the environment
	 * @return a matcher of the endpoint path and the paths below it
	 */
	public static RequestMatcher mcpRequests(Environment environment) {
		return pathsMatcher(List.of(mcpEndpoint(environment)));
	}

	/**
	 * The paths of MCP Guard's actuator endpoints ({@link #ADMIN_ENDPOINTS}) under the actuator's base path, whether
	 * or not an endpoint is exposed, so that an anonymous request to any of them is refused alike.
	 * @param environment the environment
	 * @return the paths, for example {@code /actuator/mcptokens}
	 */
	public static List<String> adminPaths(Environment environment) {
		String base = environment.getProperty("management.endpoints.web.base-path", "/actuator");
		String prefix = base.endsWith("/") ? base : base + "/";
		return ADMIN_ENDPOINTS.stream()
			.map((id) -> prefix + environment.getProperty("management.endpoints.web.path-mapping." + id, id))
			.toList();
	}

	/**
	 * Matches requests to MCP Guard's actuator endpoints and the paths below them.
	 * @param environment the environment
	 * @return the matcher
	 */
	public static RequestMatcher adminRequests(Environment environment) {
		return pathsMatcher(adminPaths(environment));
	}

	private static RequestMatcher pathsMatcher(List<String> paths) {
		return (request) -> {
			String path = request.getRequestURI().substring(request.getContextPath().length());
			for (String candidate : paths) {
				if (path.equals(candidate) || (path.startsWith(candidate) && path.charAt(candidate.length()) == '/')) {
					return true;
				}
			}
			return false;
		};
	}

	/**
	 * Tells every {@link RequestRefusalListener} bean (the audit trail) of the requests MCP Guard's filters refuse.
	 * @param context the application context
	 * @return the publisher
	 */
	public static RequestRefusals refusals(ApplicationContext context) {
		return new RequestRefusals(context.getBeanProvider(RequestRefusalListener.class).orderedStream().toList(),
				Clock.systemUTC());
	}

	private AuthenticationEntryPoint entryPoint(HttpSecurity http) {
		AuthenticationEntryPoint entryPoint = http.getSharedObject(BearerAuthenticationEntryPoint.class);
		if (entryPoint == null) {
			ApplicationContext context = http.getSharedObject(ApplicationContext.class);
			// A token store that failed a lookup leaves the database alone for one cache lifetime: retry after it.
			BearerAuthenticationEntryPoint created = new BearerAuthenticationEntryPoint(
					context.getBeanProvider(AuthenticationFailureListener.class).orderedStream().toList(), Clock.systemUTC(),
					settings(context).retryAfterUnavailable(),
					(resourceServer(context) != null) ? resourceMetadataPath(context.getEnvironment()) : null);
			http.setSharedObject(BearerAuthenticationEntryPoint.class, created);
			entryPoint = created;
		}
		return entryPoint;
	}

}
