package dev.mcpguard.authserver;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * A local OAuth 2.1 authorization server for MCP Guard's demo: Spring Authorization Server with the clients of
 * {@code application.yml}. Each access token names the MCP resource it is for in {@code aud} (the RFC 8707
 * {@code resource} parameter of the token request, which MCP clients send, when it is one of the known resources;
 * else all of them) and carries the client's roles in a {@code roles} claim.
 */
@SpringBootApplication
@EnableConfigurationProperties(DemoAuthorizationServerApplication.DemoProperties.class)
public class DemoAuthorizationServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(DemoAuthorizationServerApplication.class, args);
	}

	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> mcpAccessTokenClaims(DemoProperties demo) {
		return (context) -> {
			if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
				return;
			}
			List<String> audience = demo.resources();
			if (context.getAuthorizationGrant() instanceof OAuth2AuthorizationGrantAuthenticationToken grant) {
				Object requested = grant.getAdditionalParameters().get("resource");
				if (requested != null) {
					List<String> asked = (requested instanceof String[] many) ? Arrays.asList(many) : List.of(requested.toString());
					if (!demo.resources().containsAll(asked)) {
						throw new OAuth2AuthenticationException(new OAuth2Error("invalid_target",
								"Unknown resource: " + asked, null));
					}
					audience = asked;
				}
			}
			List<String> aud = audience;
			context.getClaims().audience(aud);
			context.getClaims().claim("roles", demo.roles().getOrDefault(context.getRegisteredClient().getClientId(), Set.of()));
		};
	}

	/**
	 * The demo's resources and roles.
	 *
	 * @param resources the canonical URIs of the MCP servers tokens may be issued for
	 * @param roles the roles of each client id
	 */
	@ConfigurationProperties("demo")
	record DemoProperties(List<String> resources, Map<String, Set<String>> roles) {
	}

}
