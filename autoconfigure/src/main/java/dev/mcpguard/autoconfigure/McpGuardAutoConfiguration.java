package dev.mcpguard.autoconfigure;


import java.util.Map;

import dev.mcpguard.pipeline.ArgumentRedactor;
import dev.mcpguard.pipeline.Caller;
import dev.mcpguard.pipeline.CallerResolver;
import dev.mcpguard.pipeline.CallerToolListFilter;
import dev.mcpguard.pipeline.GuardPipeline;
import dev.mcpguard.pipeline.GuardedToolMethods;
import dev.mcpguard.pipeline.GuardedToolSpecifications;
import dev.mcpguard.pipeline.GuardedToolSpecifications.CallerContext;
import dev.mcpguard.pipeline.InputValidationGuard;
import dev.mcpguard.pipeline.KnownSecrets;
import dev.mcpguard.pipeline.ToolCallGuard;
import dev.mcpguard.pipeline.ToolCallListener;
import dev.mcpguard.pipeline.ToolRegistry;
import dev.mcpguard.protocol.McpEndpointHandlerMapping;
import dev.mcpguard.protocol.McpErrorResponses;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpSyncServer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.mcp.customizer.McpSyncServerCustomizer;
import org.springframework.ai.mcp.server.common.autoconfigure.McpServerAutoConfiguration;
import org.springframework.ai.mcp.server.common.autoconfigure.properties.McpServerStreamableHttpProperties;
import org.springframework.ai.mcp.server.webmvc.autoconfigure.McpServerStreamableHttpWebMvcAutoConfiguration;
import org.springframework.ai.mcp.server.webmvc.autoconfigure.McpServerStatelessWebMvcAutoConfiguration;
import org.springframework.ai.mcp.server.common.autoconfigure.McpServerStatelessAutoConfiguration;
import org.springframework.ai.mcp.server.webmvc.transport.WebMvcStatelessServerTransport;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.context.annotation.Import;
import org.springframework.ai.mcp.server.webmvc.transport.WebMvcStreamableServerTransportProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Role;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.servlet.function.support.RouterFunctionMapping;
import org.springframework.beans.factory.config.BeanDefinition;

/**
 * Auto-configuration of the guard pipeline: wraps every MCP tool, filters {@code tools/list} per caller,
 * replaces Spring AI's Streamable HTTP transport by one that records the caller of each request and routes it before the
 * other handler mappings ({@link McpEndpointHandlerMapping}), and defines the
 * {@link ArgumentRedactor} that every layer showing arguments (audit, approval) shares.
 */
// Before Spring AI: our transports and server customizer must be defined when its
// @ConditionalOnMissingBean / Optional<McpSyncServerCustomizer> are evaluated.
@AutoConfiguration(before = { McpServerStreamableHttpWebMvcAutoConfiguration.class, McpServerStatelessWebMvcAutoConfiguration.class,
		McpServerAutoConfiguration.class, McpServerStatelessAutoConfiguration.class })
@ConditionalOnClass(McpSyncServer.class)
@ConditionalOnBooleanProperty(name = McpGuardProperties.CONFIG_PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties({ McpGuardProperties.class, McpGuardAuditProperties.class })
public final class McpGuardAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static ToolRegistry mcpGuardToolRegistry() {
		return new ToolRegistry();
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static GuardedToolSpecifications mcpGuardToolSpecifications(ObjectProvider<GuardPipeline> pipeline,
			ObjectProvider<ToolRegistry> registry) {
		return new GuardedToolSpecifications(pipeline, registry.getObject());
	}

	/**
	 * Lets the pipeline see what a tool method threw before Spring AI turns it into an error text.
	 * @return the post-processor that proxies the tool beans
	 */
	@Bean
	@ConditionalOnMissingBean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static GuardedToolMethods mcpGuardToolMethods() {
		return new GuardedToolMethods();
	}

	@Bean
	@ConditionalOnMissingBean
	GuardPipeline mcpGuardPipeline(ObjectProvider<ToolCallGuard> guards, ObjectProvider<ToolCallListener> listeners) {
		return new GuardPipeline(guards.orderedStream().toList(), listeners.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	InputValidationGuard mcpGuardInputValidationGuard() {
		return new InputValidationGuard(McpJsonDefaults.getSchemaValidator());
	}

	/**
	 * Defined here rather than in the audit or approval auto-configuration so that it stays when either layer is
	 * switched off, and so that both hide the same keys ({@code mcp.guard.audit.sensitive-keys}) and the same tokens
	 * of the server ({@link KnownSecrets}, from the security auto-configuration).
	 */
	@Bean
	@ConditionalOnMissingBean
	ArgumentRedactor mcpGuardArgumentRedactor(McpGuardAuditProperties audit, ObjectProvider<KnownSecrets> knownSecrets) {
		return new ArgumentRedactor(audit.getSensitiveKeys(), audit.getMaxArgumentSize().toBytes(),
				McpGuardAuditAutoConfiguration.auditJsonMapper(), knownSecrets.getIfAvailable(() -> KnownSecrets.NONE));
	}

	/**
	 * Spring AI applies only one {@link McpSyncServerCustomizer}, so this primary one applies the others too, keeps
	 * tools on the request thread (where the security context is) and adds the per-caller {@code tools/list} filter.
	 */
	@Bean
	@Primary
	McpSyncServerCustomizer mcpGuardServerCustomizer(GuardPipeline pipeline, ToolRegistry registry,
			ObjectProvider<McpSyncServerCustomizer> customizers) {
		return new McpSyncServerCustomizer() {
			@Override
			public void customize(io.modelcontextprotocol.server.McpServer.SyncSpecification<?> spec) {
				customizers.orderedStream().filter((customizer) -> customizer != this).forEach((customizer) -> customizer.customize(spec));
				spec.immediateExecution(true);
				// The pipeline validates arguments once the caller may use the tool (InputValidationGuard).
				spec.validateToolInputs(false);
				CallerToolListFilter.apply(spec, pipeline, registry);
			}
		};
	}

	/**
	 * Records the caller of each request in the MCP transport context, where the guarded tools read it.
	 * @param callerResolver how the caller is derived from the request
	 * @return the extractor for Spring AI's WebMVC transports
	 */
	static McpTransportContextExtractor<ServerRequest> callerExtractor(CallerResolver callerResolver) {
		return (request) -> McpTransportContext.create(Map.of(CallerContext.KEY, callerResolver.resolve(request.servletRequest())));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebMvcStreamableServerTransportProvider.class)
	@ConditionalOnProperty(prefix = "spring.ai.mcp.server", name = "protocol", havingValue = "STREAMABLE")
	@EnableConfigurationProperties(McpServerStreamableHttpProperties.class)
	@Import(EndpointMappingConfiguration.class)
	static class StreamableTransportConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WebMvcStreamableServerTransportProvider webMvcStreamableServerTransportProvider(
				@Qualifier("mcpServerJsonMapper") JsonMapper jsonMapper, McpServerStreamableHttpProperties transport,
				McpGuardProperties properties, CallerResolver callerResolver) {
			return WebMvcStreamableServerTransportProvider.builder()
				.jsonMapper(new JacksonMcpJsonMapper(jsonMapper))
				.mcpEndpoint(transport.getMcpEndpoint())
				.keepAliveInterval(transport.getKeepAliveInterval())
				.disallowDelete(transport.isDisallowDelete())
				.maxSessions(properties.getSession().getMaxSessions())
				.sessionIdleTimeout(properties.getSession().getIdleTimeout())
				.contextExtractor(callerExtractor(callerResolver))
				.build();
		}

		@Bean
		@ConditionalOnMissingBean(name = "webMvcStreamableServerRouterFunction")
		RouterFunction<ServerResponse> webMvcStreamableServerRouterFunction(WebMvcStreamableServerTransportProvider provider) {
			return provider.getRouterFunction().filter(new McpErrorResponses());
		}

	}

	/**
	 * {@code spring.ai.mcp.server.protocol=STATELESS}: the same guard on Spring AI's stateless transport (no
	 * sessions, so no session binding or session limits apply).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebMvcStatelessServerTransport.class)
	@ConditionalOnProperty(prefix = "spring.ai.mcp.server", name = "protocol", havingValue = "STATELESS")
	@EnableConfigurationProperties(McpServerStreamableHttpProperties.class)
	@Import(EndpointMappingConfiguration.class)
	static class StatelessTransportConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WebMvcStatelessServerTransport webMvcStatelessServerTransport(@Qualifier("mcpServerJsonMapper") JsonMapper jsonMapper,
				McpServerStreamableHttpProperties transport, CallerResolver callerResolver) {
			return WebMvcStatelessServerTransport.builder()
				.jsonMapper(new JacksonMcpJsonMapper(jsonMapper))
				.messageEndpoint(transport.getMcpEndpoint())
				.contextExtractor(callerExtractor(callerResolver))
				.build();
		}

		@Bean
		@ConditionalOnMissingBean(name = "webMvcStatelessServerRouterFunction")
		RouterFunction<ServerResponse> webMvcStatelessServerRouterFunction(WebMvcStatelessServerTransport transport) {
			return transport.getRouterFunction().filter(new McpErrorResponses());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EndpointMappingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		McpEndpointHandlerMapping mcpGuardEndpointHandlerMapping(McpServerStreamableHttpProperties transport,
				ObjectProvider<RouterFunctionMapping> routerFunctionMappings) {
			return new McpEndpointHandlerMapping(transport.getMcpEndpoint(), () -> {
				RouterFunctionMapping mapping = routerFunctionMappings.getIfUnique();
				return (mapping != null) ? mapping : (request) -> null;
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.security.core.context.SecurityContextHolder")
	static class SecurityCallerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CallerResolver mcpGuardCallerResolver() {
			return new dev.mcpguard.auth.SecurityContextCallerResolver();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.security.core.context.SecurityContextHolder")
	static class AnonymousCallerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CallerResolver mcpGuardCallerResolver() {
			return (request) -> Caller.ANONYMOUS;
		}

	}


}
