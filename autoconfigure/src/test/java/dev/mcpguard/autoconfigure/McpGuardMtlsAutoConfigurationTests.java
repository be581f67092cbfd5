package dev.mcpguard.autoconfigure;

import java.util.List;

import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import dev.mcpguard.auth.ClientCertificateAuthentication;
import dev.mcpguard.auth.ClientCertificateAuthenticationFilter;
import dev.mcpguard.auth.ClientCertificateAuthenticator;
import dev.mcpguard.auth.ClientCertificateHttpCustomizer;
import dev.mcpguard.auth.MappedClientCertificateAuthenticator;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class McpGuardMtlsAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(McpGuardMtlsAutoConfiguration.class,
				McpGuardSecurityAutoConfiguration.class, SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class));

	@Test
	void mtlsIsOffByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(ClientCertificateAuthenticator.class)
				.doesNotHaveBean(ClientCertificateHttpCustomizer.class);
			assertThat(McpGuardNetworkAutoConfigurationTests.filters(context))
				.noneMatch(ClientCertificateAuthenticationFilter.class::isInstance);
		});
	}

	@Test
	void whenEnabledThenCertificateFilterAuthenticatesBeforeAuthorization() {
		this.runner.withPropertyValues("mcp.guard.auth.mtls.enabled=true", "server.ssl.client-auth=need")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(MappedClientCertificateAuthenticator.class)
					.hasSingleBean(ClientCertificateHttpCustomizer.class);
				List<Filter> filters = McpGuardNetworkAutoConfigurationTests.filters(context);
				int certificateFilter = McpGuardNetworkAutoConfigurationTests.indexOf(filters,
						ClientCertificateAuthenticationFilter.class);
				assertThat(certificateFilter)
					.isGreaterThan(McpGuardNetworkAutoConfigurationTests.indexOf(filters, BearerTokenAuthenticationFilter.class))
					.isLessThan(McpGuardNetworkAutoConfigurationTests.indexOf(filters, AuthorizationFilter.class));
				// Stateless token chain: nobody is authenticated as "anonymous".
				assertThat(filters).noneMatch(AnonymousAuthenticationFilter.class::isInstance);
			});
	}

	@Test
	void rolesAndRequireMappingBind() {
		this.runner
			.withPropertyValues("mcp.guard.auth.mtls.enabled=true", "server.ssl.client-auth=want",
					"mcp.guard.auth.mtls.roles.agent-service=viewer,operator",
					"mcp.guard.auth.mtls.roles[agent.example.com]=viewer", "mcp.guard.auth.mtls.require-mapping=false")
			.run((context) -> {
				McpGuardProperties.Mtls mtls = context.getBean(McpGuardProperties.class).getAuth().getMtls();
				assertThat(mtls.isEnabled()).isTrue();
				assertThat(mtls.isRequireMapping()).isFalse();
				assertThat(mtls.getRoles()).containsEntry("agent-service", List.of("viewer", "operator"))
					.containsEntry("agent.example.com", List.of("viewer"));
			});
	}

	@Test
	void requireMappingDefaultsToTrue() {
		assertThat(new McpGuardProperties().getAuth().getMtls().isRequireMapping()).isTrue();
		assertThat(new McpGuardProperties().getAuth().getMtls().isEnabled()).isFalse();
	}

	@Test
	void whenServerAsksForNoClientCertificateThenStartupWarns(CapturedOutput output) {
		this.runner.withPropertyValues("mcp.guard.auth.mtls.enabled=true", "mcp.guard.auth.mtls.roles.a=viewer")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("server.ssl.client-auth is 'none'");
			});
	}

	@Test
	void whenUserDefinesAnAuthenticatorThenTheirsIsUsed() {
		this.runner.withUserConfiguration(UserAuthenticatorConfiguration.class)
			.withPropertyValues("mcp.guard.auth.mtls.enabled=true", "server.ssl.client-auth=need")
			.run((context) -> {
				assertThat(context).hasSingleBean(ClientCertificateAuthenticator.class)
					.hasBean("userAuthenticator")
					.doesNotHaveBean(MappedClientCertificateAuthenticator.class)
					.hasSingleBean(ClientCertificateHttpCustomizer.class);
			});
	}

	@Test
	void whenGuardIsDisabledThenNoMtls() {
		this.runner.withPropertyValues("mcp.guard.enabled=false", "mcp.guard.auth.mtls.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(ClientCertificateAuthenticator.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserAuthenticatorConfiguration {

		@Bean
		ClientCertificateAuthenticator userAuthenticator() {
			return (certificate) -> new ClientCertificateAuthentication(
					certificate.getSubjectX500Principal().getName(), List.of(), certificate);
		}

	}

}
