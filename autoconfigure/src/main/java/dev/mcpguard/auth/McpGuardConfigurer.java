package dev.mcpguard.auth;

import java.time.Clock;
import java.util.List;

import dev.mcpguard.autoconfigure.McpGuardProperties;
import dev.mcpguard.protocol.JsonRpcEnvelopeValidator;
import dev.mcpguard.protocol.McpRequestFilter;

import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * Applies MCP Guard to a Spring Security filter chain: the Origin check, bearer-token authentication and the 401
 * entry point, session binding, the request size and JSON-RPC envelope checks, and the filters other layers
 * contribute ({@link McpGuardHttpCustomizer}). The auto-configured chain uses it; an application with its own chain
 * applies it there:
 * <pre class="code">
 * http.with(McpGuardConfigurer.mcpGuard(), Customizer.withDefaults())
 *     .authorizeHttpRequests((requests) -&gt; requests.requestMatchers("/mcp", "/mcp/**").authenticated());
 * </pre>
 */
public final class McpGuardConfigurer extends AbstractHttpConfigurer<McpGuardConfigurer, HttpSecurity> {

	private McpGuardConfigurer() {
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
		http.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint(http)));
	}

	@Override
	public void configure(HttpSecurity http) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		McpGuardProperties properties = context.getBean(McpGuardProperties.class);
		BearerTokenAuthenticationProvider provider = context.getBean(BearerTokenAuthenticationProvider.class);
		http.addFilterAfter(new OriginFilter(properties.getNetwork().getAllowedOrigins()), SecurityContextHolderFilter.class);
		http.addFilterBefore(new BearerTokenAuthenticationFilter(new ProviderManager(List.of(provider)), entryPoint(http)),
				AnonymousAuthenticationFilter.class);
		if (properties.getAuth().isSessionBinding()) {
			http.addFilterAfter(new SessionBindingFilter(context.getBean(SessionBindings.class)), AnonymousAuthenticationFilter.class);
		}
		String endpoint = mcpEndpoint(context.getEnvironment());
		http.addFilterAfter(new McpRequestFilter(endpoint, properties.getNetwork().getMaxRequestSize().toBytes(),
				new JsonRpcEnvelopeValidator(properties.getNetwork().getMaxJsonDepth())), AnonymousAuthenticationFilter.class);
		context.getBeanProvider(McpGuardHttpCustomizer.class).orderedStream().forEach((customizer) -> customizer.customize(http));
	}

	/**
	 * The path of the MCP endpoint, as Spring AI's Streamable HTTP transport serves it.
	 * @param environment the environment
	 * @return the path, {@code /mcp} by default
	 */
	public static String mcpEndpoint(Environment environment) {
		return environment.getProperty("spring.ai.mcp.server.streamable-http.mcp-endpoint", "/mcp");
	}

	private static AuthenticationEntryPoint entryPoint(HttpSecurity http) {
		AuthenticationEntryPoint entryPoint = http.getSharedObject(BearerAuthenticationEntryPoint.class);
		if (entryPoint == null) {
			ApplicationContext context = http.getSharedObject(ApplicationContext.class);
			// A token store that failed a lookup leaves the database alone for one cache lifetime: retry after it.
			BearerAuthenticationEntryPoint created = new BearerAuthenticationEntryPoint(
					context.getBeanProvider(AuthenticationFailureListener.class).orderedStream().toList(), Clock.systemUTC(),
					context.getBean(McpGuardProperties.class).getAuth().getCacheTtl());
			http.setSharedObject(BearerAuthenticationEntryPoint.class, created);
			entryPoint = created;
		}
		return entryPoint;
	}

}
