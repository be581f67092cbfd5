package dev.mcpguard.autoconfigure;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.mcpguard.auth.TokenAuthenticator;
import dev.mcpguard.auth.GuardedChainVerifier;
import dev.mcpguard.auth.McpGuardConfigurer;
import dev.mcpguard.auth.McpGuardHttpSettings;
import dev.mcpguard.auth.SessionBindings;
import dev.mcpguard.auth.StaticTokenStore;
import dev.mcpguard.auth.TokenRevocations;
import dev.mcpguard.auth.TokenStore;
import dev.mcpguard.auth.TokenStoreSecrets;
import dev.mcpguard.pipeline.KnownSecrets;
import dev.mcpguard.protocol.HeaderCharacters;
import jakarta.servlet.DispatcherType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of MCP Guard's authentication: token stores, the token authenticator, a
 * {@link SecurityFilterChain} for the MCP endpoint and MCP Guard's actuator endpoints ordered before the
 * application's own chains, and, when the application declares no chain, one that guards the rest of the
 * application with the same tokens. Nothing here changes the application's global {@code AuthenticationManager}.
 */
// Before Spring Boot's security auto-configurations: their default chain backs off when MCP Guard's exist.
// Before Spring Boot's resource-server auto-configuration too: its chain backs off the same way.
@AutoConfiguration(before = { SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
		ManagementWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class },
		beforeName = "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration")
@ConditionalOnClass({ SecurityFilterChain.class, HttpSecurity.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = McpGuardProperties.CONFIG_PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(McpGuardProperties.class)
public final class McpGuardSecurityAutoConfiguration {

	private static final Log logger = LogFactory.getLog(McpGuardSecurityAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	@Order(0)
	StaticTokenStore mcpGuardStaticTokenStore(McpGuardProperties properties) {
		Map<String, StaticTokenStore.Declared> declared = new LinkedHashMap<>();
		properties.getAuth().getTokens().forEach((principal, token) -> declared.put(principal,
				new StaticTokenStore.Declared(token.getValue(), token.getHash(), token.getRoles(), token.getExpiresAt())));
		StaticTokenStore store = new StaticTokenStore(declared);
		if (store.isEmpty()) {
			logger.warn("MCP Guard: no static bearer token is configured (mcp.guard.auth.tokens); "
					+ "requests without another accepted credential are refused with 401");
		}
		return store;
	}

	@Bean
	@ConditionalOnMissingBean
	TokenAuthenticator mcpGuardTokenAuthenticator(ObjectProvider<TokenStore> stores,
			ObjectProvider<TokenRevocations> revocations, McpGuardProperties properties) {
		McpGuardProperties.Auth auth = properties.getAuth();
		return new TokenAuthenticator(stores.orderedStream().toList(), revocations.getIfAvailable(),
				Clock.systemUTC(), auth.getMaxTokenAge(), auth.isRejectOverdueTokens());
	}

	/**
	 * The tokens of every store, for redaction: an argument that holds one of the server's tokens is masked.
	 */
	@Bean
	@ConditionalOnMissingBean
	KnownSecrets mcpGuardKnownSecrets(ObjectProvider<TokenStore> stores) {
		return new TokenStoreSecrets(stores.orderedStream().toList());
	}

	/**
	 * What MCP Guard's configurer applies to a chain, from {@code mcp.guard.*}.
	 */
	@Bean
	@ConditionalOnMissingBean
	McpGuardHttpSettings mcpGuardHttpSettings(McpGuardProperties properties) {
		McpGuardProperties.Network network = properties.getNetwork();
		return new McpGuardHttpSettings(network.getAllowedHosts(), network.getAllowedOrigins(),
				properties.getAuth().isSessionBinding(), properties.getSession().effectiveMaxSessionsPerCredential(),
				network.getMaxRequestSize().toBytes(), network.getBodyReadTimeout(), network.getMaxSlowBodiesPerCredential(),
				network.getMaxJsonDepth(), properties.getAuth().getCacheTtl());
	}

	@Bean
	@ConditionalOnMissingBean
	SessionBindings mcpGuardSessionBindings(McpGuardProperties properties) {
		return new SessionBindings(properties.getSession().getIdleTimeout());
	}

	/**
	 * Spring Security observes every filter of the chain, each authentication and each authorization; on an MCP
	 * server that is several timers and spans per tools/call, the largest part of the guard's cost. The HTTP
	 * request itself stays observed by Spring Boot.
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnClass(name = "io.micrometer.observation.ObservationRegistry")
	@ConditionalOnBooleanProperty(name = McpGuardProperties.CONFIG_PREFIX + ".observe-security-filters", havingValue = false,
			matchIfMissing = true)
	SecurityObservationSettings mcpGuardSecurityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * Spring Security's default firewall with the same header rules, checked without regular expressions
	 * ({@link HeaderCharacters}): the MCP transport reads every header of every request through the firewall.
	 */
	@Bean
	@ConditionalOnMissingBean(HttpFirewall.class)
	StrictHttpFirewall mcpGuardHttpFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderNames(HeaderCharacters.NAMES);
		firewall.setAllowedHeaderValues(HeaderCharacters.VALUES);
		return firewall;
	}

	/**
	 * MCP Guard's chain for the MCP endpoint and MCP Guard's actuator endpoints, ordered before every chain of the
	 * application so these paths are guarded whatever the application declares for its own paths. An application
	 * takes it over only explicitly, with a bean of this name (which must apply {@link McpGuardConfigurer});
	 * {@link GuardedChainVerifier} refuses the start if the chain that serves these paths does not.
	 */
	@Bean
	@Order(McpGuardConfigurer.FILTER_CHAIN_ORDER)
	@ConditionalOnMissingBean(name = McpGuardConfigurer.FILTER_CHAIN_BEAN_NAME)
	SecurityFilterChain mcpGuardSecurityFilterChain(HttpSecurity http, McpGuardProperties properties) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		RequestMatcher mcp = McpGuardConfigurer.mcpRequests(context.getEnvironment());
		RequestMatcher admin = McpGuardConfigurer.adminRequests(context.getEnvironment());
		// With an authorization server, the protected resource metadata is served here too, to anyone.
		RequestMatcher guarded = (McpGuardConfigurer.resourceServer(context) != null)
				? new OrRequestMatcher(mcp, admin, McpGuardConfigurer.resourceMetadataRequests())
				: new OrRequestMatcher(mcp, admin);
		applyDefaults(http).securityMatcher(guarded).authorizeHttpRequests((requests) -> requests
			.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
			.requestMatchers(mcp).authenticated()
			.requestMatchers(admin).hasRole(properties.getAdmin().getRole())
			.anyRequest().denyAll());
		return http.build();
	}

	@Bean
	@ConditionalOnMissingBean
	GuardedChainVerifier mcpGuardChainVerifier(ApplicationContext context) {
		// With its own port the actuator is served by a context of its own, out of this one's chains.
		boolean actuatorHere = context.getEnvironment().getProperty("management.server.port") == null;
		return new GuardedChainVerifier(context,
				actuatorHere ? McpGuardConfigurer.adminPaths(context.getEnvironment()) : List.of());
	}

	static HttpSecurity applyDefaults(HttpSecurity http) {
		return http.with(McpGuardConfigurer.mcpGuard(), Customizer.withDefaults())
			// Security headers are written before the chain runs, so responses are not wrapped to detect commit.
			.headers((headers) -> headers.addObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
				@Override
				public <O extends HeaderWriterFilter> O postProcess(O filter) {
					filter.setShouldWriteHeadersEagerly(true);
					return filter;
				}
			}))
			.csrf(AbstractHttpConfigurer::disable)
			// Stateless: the authentication lives in the request only, no HTTP session is created or read, and the
			// session management and anonymous filters (a request wrapper and two filters per call) are left out.
			.securityContext((context) -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
			.sessionManagement(AbstractHttpConfigurer::disable)
			.anonymous(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			// A token API has no logout endpoint. (The servlet API integration stays: actuator endpoints read the
			// operator through request.getUserPrincipal() and isUserInRole().)
			.logout(AbstractHttpConfigurer::disable);
	}

	/**
	 * Without a chain of the application's own, the rest of the application is guarded as the MCP endpoint is:
	 * bearer tokens everywhere, {@code health} open, the admin role on every other actuator endpoint. Registered
	 * before MCP Guard's own chain (nested configurations come first), so only the application's chains count.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(SecurityFilterChain.class)
	@Import(SecurityFilterWithoutAsyncDispatch.class)
	static class DefaultSecurityFilterChainConfiguration {

		@Bean
		@Order(SecurityFilterProperties.BASIC_AUTH_ORDER)
		SecurityFilterChain mcpGuardDefaultSecurityFilterChain(HttpSecurity http, McpGuardProperties properties) {
			// The asynchronous re-dispatch that completes a streamed (SSE) MCP answer belongs to a request this chain
			// has already authenticated and authorized: running every filter again costs each tools/call for nothing.
			applyDefaults(http).securityMatcher((request) -> request.getDispatcherType() != DispatcherType.ASYNC)
				.authorizeHttpRequests((requests) -> {
					requests.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll();
					GuardedEndpoints.authorizeActuator(requests, properties.getAdmin().getRole());
					requests.anyRequest().authenticated();
				});
			return http.build();
		}

		/**
		 * Bearer tokens are the only credentials of an application without a chain of its own: this keeps Spring
		 * Boot from generating a password user (and logging its password) that no chain could use.
		 */
		@Bean
		@ConditionalOnMissingBean({ UserDetailsService.class, AuthenticationProvider.class, AuthenticationManager.class })
		UserDetailsService mcpGuardNoPasswordUsers() {
			return (username) -> {
				throw new UsernameNotFoundException("MCP Guard accepts bearer tokens only");
			};
		}

	}

	/**
	 * Request matchers of the actuator, kept apart so that an application without Actuator never loads them.
	 */
	static final class GuardedEndpoints {

		private static final boolean ACTUATOR_PRESENT = ClassUtils.isPresent(
				"org.springframework.boot.actuate.endpoint.annotation.Endpoint", GuardedEndpoints.class.getClassLoader());

		private GuardedEndpoints() {
		}

		static void authorizeActuator(
				AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests, String role) {
			if (ACTUATOR_PRESENT) {
				Actuator.authorize(requests, role);
			}
		}

		private static final class Actuator {

			static void authorize(
					AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests,
					String role) {
				requests.requestMatchers(EndpointRequest.to("health")).permitAll()
					.requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole(role);
			}

		}

	}

	/**
	 * MCP Guard's chains let the asynchronous re-dispatch of a streamed answer through untouched, yet Spring
	 * Security's filter, registered for every dispatcher type, would still wrap and check that re-dispatch with its
	 * firewall on each {@code tools/call}. When MCP Guard's chains are the only ones (a chain of the application's
	 * own may rely on seeing it), the filter is registered without {@code ASYNC}, unless
	 * {@code spring.security.filter.dispatcher-types} is set.
	 */
	static final class SecurityFilterWithoutAsyncDispatch implements BeanPostProcessor {

		private static final String DISPATCHER_TYPES = "spring.security.filter.dispatcher-types";

		private final Environment environment;

		SecurityFilterWithoutAsyncDispatch(Environment environment) {
			this.environment = environment;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof SecurityFilterProperties properties && !Binder.get(this.environment)
				.bind(DISPATCHER_TYPES, Bindable.setOf(org.springframework.boot.web.servlet.DispatcherType.class))
				.isBound()) {
				Set<org.springframework.boot.web.servlet.DispatcherType> types = new LinkedHashSet<>(properties.getDispatcherTypes());
				types.remove(org.springframework.boot.web.servlet.DispatcherType.ASYNC);
				properties.setDispatcherTypes(types);
			}
			return bean;
		}

	}

}
