package dev.mcpguard.autoconfigure;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.mcpguard.oauth2.JwtCallerConverter;
import dev.mcpguard.oauth2.McpResourceServer;
import dev.mcpguard.oauth2.ResourceJwtDecoder;
import dev.mcpguard.oauth2.ResourceOpaqueTokenIntrospector;
import dev.mcpguard.oauth2.TokenClaims;
import dev.mcpguard.pipeline.McpGuardStartupException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * Auto-configuration of MCP Guard as an OAuth 2.1 resource server, when the application has a {@link JwtDecoder}
 * (Spring Boot makes one from {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code jwk-set-uri})
 * or an {@link OpaqueTokenIntrospector} ({@code spring.security.oauth2.resourceserver.opaquetoken.*}, RFC 7662):
 * access tokens must be issued for {@code mcp.guard.auth.oauth2.resource}, carry their roles in
 * {@code mcp.guard.auth.oauth2.roles-claim}, and are accepted on the MCP endpoint beside MCP Guard's own tokens.
 */
// After Spring Boot's resource-server auto-configuration, whose JwtDecoder and introspector this one uses.
@AutoConfiguration(afterName = "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration")
@ConditionalOnClass({ JwtDecoder.class, JwtAuthenticationProvider.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = McpGuardProperties.CONFIG_PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(McpGuardProperties.class)
public final class McpGuardOAuth2AutoConfiguration {

	static final String ISSUER_URI = "spring.security.oauth2.resourceserver.jwt.issuer-uri";

	@Bean
	@ConditionalOnMissingBean
	@Conditional(OnAccessTokenSupport.class)
	McpResourceServer mcpGuardResourceServer(ObjectProvider<JwtDecoder> decoders,
			ObjectProvider<OpaqueTokenIntrospector> introspectors, McpGuardProperties properties, Environment environment) {
		McpGuardProperties.OAuth2 oauth2 = properties.getAuth().getOauth2();
		String resource = oauth2.getResource();
		if (oauth2.isAudienceRequired() && (resource == null || resource.isBlank())) {
			throw new McpGuardStartupException("MCP Guard accepts OAuth 2.1 access tokens (a JwtDecoder or an "
					+ "OpaqueTokenIntrospector is configured) but does not know which audience they must be issued for",
					"Set mcp.guard.auth.oauth2.resource to this server's canonical URI (for example "
							+ "https://mcp.example.com/mcp), or accept tokens of any audience with "
							+ "mcp.guard.auth.oauth2.audience-required=false (not recommended)");
		}
		List<String> servers = new ArrayList<>(oauth2.getAuthorizationServers());
		String issuer = environment.getProperty(ISSUER_URI);
		if (servers.isEmpty() && issuer != null) {
			servers.add(issuer);
		}
		Set<String> scopes = new LinkedHashSet<>(oauth2.getRequiredScopes());
		scopes.addAll(oauth2.getScopeRoles().keySet());
		String audience = oauth2.isAudienceRequired() ? resource : null;
		TokenClaims claims = new TokenClaims(oauth2.getRolesClaim(), oauth2.getScopeRoles());
		JwtDecoder decoder = decoders.getIfUnique();
		OpaqueTokenIntrospector introspector = introspectors.getIfUnique();
		if (decoder == null && introspector == null) {
			// Several decoders or introspectors and none primary: every access token would be refused while the
			// metadata keeps naming the authorization server.
			throw new McpGuardStartupException("MCP Guard cannot tell which JwtDecoder or OpaqueTokenIntrospector "
					+ "checks access tokens: the application defines several and marks none @Primary",
					"Mark the one that checks this server's access tokens @Primary, or define only one");
		}
		return new McpResourceServer(
				(decoder != null) ? new ResourceJwtDecoder(decoder, audience, oauth2.getValidationCacheTtl(), Clock.systemUTC()) : null,
				new JwtCallerConverter(claims),
				(introspector != null) ? new ResourceOpaqueTokenIntrospector(introspector, audience, claims,
						oauth2.getValidationCacheTtl(), Clock.systemUTC()) : null,
				resource, servers, List.copyOf(scopes), oauth2.getRequiredScopes());
	}

	/**
	 * Access tokens are accepted when the application has a JWT decoder, an opaque-token introspector, or both.
	 */
	static final class OnAccessTokenSupport extends AnyNestedCondition {

		OnAccessTokenSupport() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnBean(JwtDecoder.class)
		static final class Jwts {

		}

		@ConditionalOnBean(OpaqueTokenIntrospector.class)
		static final class OpaqueTokens {

		}

	}

}
