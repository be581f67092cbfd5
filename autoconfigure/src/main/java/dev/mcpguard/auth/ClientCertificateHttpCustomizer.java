package dev.mcpguard.auth;

import java.time.Clock;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.util.Assert;

/**
 * Adds the {@link ClientCertificateAuthenticationFilter} to the MCP Guard chain, next to the bearer-token filter,
 * answering refusals with the chain's {@link BearerAuthenticationEntryPoint}.
 */
public class ClientCertificateHttpCustomizer implements McpGuardHttpCustomizer {

	private final ClientCertificateAuthenticator authenticator;

	/**
	 * Create the customizer.
	 * @param authenticator maps certificates to principals
	 */
	public ClientCertificateHttpCustomizer(ClientCertificateAuthenticator authenticator) {
		this.authenticator = authenticator;
	}

	@Override
	public void customize(HttpSecurity http) {
		BearerAuthenticationEntryPoint entryPoint = http.getSharedObject(BearerAuthenticationEntryPoint.class);
		Assert.state(entryPoint != null, "Client-certificate authentication is applied through McpGuardConfigurer");
		http.addFilterBefore(new ClientCertificateAuthenticationFilter(this.authenticator, entryPoint, Clock.systemUTC()),
				AnonymousAuthenticationFilter.class);
	}

}
