package dev.mcpguard.autoconfigure;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;

import dev.mcpguard.auth.BearerTokenAuthenticationProvider;
import dev.mcpguard.auth.McpGuardConfigurer;
import dev.mcpguard.auth.SessionBindings;
import dev.mcpguard.auth.StaticTokenStore;
import dev.mcpguard.auth.TokenRevocations;
import dev.mcpguard.auth.TokenStore;
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
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
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
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.HeaderWriterFilter;

/**
 * Auto-configuration of MCP Guard's authentication: token stores, the bearer-token provider and a default
 * {@link SecurityFilterChain} that requires authentication everywhere, the admin role on actuator endpoints, and
 * backs off when the application defines its own chain (which can apply {@link McpGuardConfigurer}).
 */
// Before Spring Boot's security auto-configurations: their default chain and generated user back off when ours
// and our AuthenticationProvider exist.
@AutoConfiguration(before = { SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
		ManagementWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class })
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
		StaticTokenStore store = new StaticTokenStore(properties.getAuth().getTokens());
		if (store.isEmpty()) {
			logger.warn("MCP Guard: no static bearer token is configured (mcp.guard.auth.tokens); "
					+ "requests without another accepted credential are refused with 401");
		}
		return store;
	}

	@Bean
	@ConditionalOnMissingBean
	BearerTokenAuthenticationProvider mcpGuardBearerTokenAuthenticationProvider(ObjectProvider<TokenStore> stores,
			ObjectProvider<TokenRevocations> revocations, McpGuardProperties properties) {
		McpGuardProperties.Auth auth = properties.getAuth();
		return new BearerTokenAuthenticationProvider(stores.orderedStream().toList(), revocations.getIfAvailable(),
				Clock.systemUTC(), auth.getMaxTokenAge(), auth.isRejectOverdueTokens());
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

	static HttpSecurity applyDefaults(HttpSecurity http) {
		// The asynchronous re-dispatch that completes a streamed (SSE) MCP answer belongs to a request this chain
		// has already authenticated and authorized: running every filter again costs each tools/call for nothing.
		return http.securityMatcher((request) -> request.getDispatcherType() != DispatcherType.ASYNC)
			.with(McpGuardConfigurer.mcpGuard(), Customizer.withDefaults())
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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
	@ConditionalOnMissingBean(SecurityFilterChain.class)
	@Import(SecurityFilterWithoutAsyncDispatch.class)
	static class ActuatorSecurityFilterChainConfiguration {

		@Bean
		SecurityFilterChain mcpGuardSecurityFilterChain(HttpSecurity http, McpGuardProperties properties) {
			applyDefaults(http).authorizeHttpRequests((requests) -> requests
				.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
				// Matched first: a plain path comparison rather than the actuator's endpoint matchers on each MCP call.
				.requestMatchers(McpGuardConfigurer.mcpEndpoint(http.getSharedObject(ApplicationContext.class).getEnvironment()))
				.authenticated()
				.requestMatchers(EndpointRequest.to("health")).permitAll()
				.requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole(properties.getAdmin().getRole())
				.anyRequest().authenticated());
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.boot.actuate.endpoint.annotation.Endpoint")
	@ConditionalOnMissingBean(SecurityFilterChain.class)
	@Import(SecurityFilterWithoutAsyncDispatch.class)
	static class SecurityFilterChainConfiguration {

		@Bean
		SecurityFilterChain mcpGuardSecurityFilterChain(HttpSecurity http) {
			applyDefaults(http).authorizeHttpRequests((requests) -> requests
				.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
				.anyRequest().authenticated());
			return http.build();
		}

	}

	/**
	 * MCP Guard's own chain lets the asynchronous re-dispatch of a streamed answer through untouched
	 * ({@link #applyDefaults}), yet Spring Security's filter, registered for every dispatcher type, would still wrap
	 * and check that re-dispatch with its firewall on each {@code tools/call}. With that chain (and only then: a chain
	 * of the application's own may rely on it), the filter is registered without {@code ASYNC}, unless
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
