package dev.mcpguard.autoconfigure;

import java.util.Locale;

import dev.mcpguard.auth.ClientCertificateAuthenticator;
import dev.mcpguard.auth.ClientCertificateHttpCustomizer;
import dev.mcpguard.auth.MappedClientCertificateAuthenticator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Auto-configuration of client-certificate (mutual TLS) authentication, off unless
 * {@code mcp.guard.auth.mtls.enabled=true}: a certificate verified by the TLS handshake authenticates its subject
 * CN with the roles of {@code mcp.guard.auth.mtls.roles}. TLS itself is Spring Boot's ({@code server.ssl.bundle},
 * {@code server.ssl.client-auth}).
 */
// After the security auto-configuration, whose chain applies our customizer through McpGuardConfigurer. The chain
// looks customizers up only when it is built, so the order states the dependency rather than being needed for it.
@AutoConfiguration(after = McpGuardSecurityAutoConfiguration.class)
@ConditionalOnClass({ SecurityFilterChain.class, HttpSecurity.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = McpGuardProperties.CONFIG_PREFIX + ".enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = McpGuardProperties.CONFIG_PREFIX + ".auth.mtls.enabled")
@EnableConfigurationProperties(McpGuardProperties.class)
public final class McpGuardMtlsAutoConfiguration {

	private static final Log logger = LogFactory.getLog(McpGuardMtlsAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	ClientCertificateAuthenticator mcpGuardClientCertificateAuthenticator(McpGuardProperties properties,
			Environment environment) {
		McpGuardProperties.Mtls mtls = properties.getAuth().getMtls();
		String clientAuth = environment.getProperty("server.ssl.client-auth", "none").toLowerCase(Locale.ROOT);
		if (!clientAuth.equals("need") && !clientAuth.equals("want")) {
			logger.warn("MCP Guard: mcp.guard.auth.mtls.enabled is true but server.ssl.client-auth is '" + clientAuth
					+ "': the server asks for no client certificate, so none can authenticate");
		}
		if (mtls.isRequireMapping() && mtls.getRoles().isEmpty()) {
			logger.warn("MCP Guard: mcp.guard.auth.mtls.roles is empty and require-mapping is on: "
					+ "every client certificate is refused");
		}
		return new MappedClientCertificateAuthenticator(mtls.getRoles(), mtls.isRequireMapping());
	}

	@Bean
	@ConditionalOnMissingBean
	ClientCertificateHttpCustomizer mcpGuardClientCertificateHttpCustomizer(ClientCertificateAuthenticator authenticator) {
		return new ClientCertificateHttpCustomizer(authenticator);
	}

}
