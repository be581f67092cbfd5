package dev.mcpguard.autoconfigure;

import java.util.List;

import dev.mcpguard.oauth2.McpResourceServer;
import dev.mcpguard.pipeline.McpGuardStartupException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.OAuth2ProtectedResourceMetadata;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

import static org.assertj.core.api.Assertions.assertThat;

class McpGuardOAuth2AutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(McpGuardOAuth2AutoConfiguration.class));

	private static final JwtDecoder DECODER = (token) -> {
		throw new BadJwtException("not in this test");
	};

	@Test
	void withoutDecoderOrIntrospectorThereIsNoResourceServer() {
		this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(McpResourceServer.class));
	}

	@Test
	void whenTokensAreAcceptedButNoResourceIsNamedThenTheStartIsRefused() {
		this.runner.withBean(JwtDecoder.class, () -> DECODER)
			.run((context) -> assertThat(context).getFailure()
				.hasRootCauseInstanceOf(McpGuardStartupException.class)
				.rootCause()
				.hasMessageContaining("mcp.guard.auth.oauth2.resource"));
	}

	@Test
	void aJwtDecoderOrAnIntrospectorMakesAResourceServerNamingTheIssuer() {
		this.runner.withBean(JwtDecoder.class, () -> DECODER)
			.withPropertyValues("mcp.guard.auth.oauth2.resource=https://mcp.example.com/mcp",
					"spring.security.oauth2.resourceserver.jwt.issuer-uri=https://as.example.com")
			.run((context) -> {
				OAuth2ProtectedResourceMetadata.Builder metadata = OAuth2ProtectedResourceMetadata.builder();
				context.getBean(McpResourceServer.class).metadata().accept(metadata);
				assertThat(metadata.build().getClaims()).containsEntry("resource", "https://mcp.example.com/mcp")
					.containsEntry("authorization_servers", List.of("https://as.example.com"));
			});
		this.runner.withBean(OpaqueTokenIntrospector.class, () -> (token) -> {
			throw new IllegalStateException("not in this test");
		})
			.withPropertyValues("mcp.guard.auth.oauth2.resource=https://mcp.example.com/mcp")
			.run((context) -> assertThat(context).hasSingleBean(McpResourceServer.class));
	}

	@Test
	void anyAudienceIsAnExplicitChoice() {
		this.runner.withBean(JwtDecoder.class, () -> DECODER)
			.withPropertyValues("mcp.guard.auth.oauth2.audience-required=false")
			.run((context) -> assertThat(context).hasSingleBean(McpResourceServer.class));
	}

	@Test
	void withoutSpringSecurityOAuth2TheAutoConfigurationBacksOff() {
		this.runner.withClassLoader(new FilteredClassLoader(JwtDecoder.class))
			.run((context) -> assertThat(context).doesNotHaveBean(McpResourceServer.class));
	}

	@Test
	void disabledGuardMeansNoResourceServer() {
		this.runner.withBean(JwtDecoder.class, () -> DECODER)
			.withPropertyValues("mcp.guard.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(McpResourceServer.class));
	}

}
