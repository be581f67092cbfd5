package dev.mcpguard.auth;

import java.security.cert.X509Certificate;
import java.util.Collection;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * An {@link org.springframework.security.core.Authentication} established by a client certificate (mutual TLS):
 * the principal name (the subject's CN by default), its roles as {@code ROLE_} authorities, and the certificate,
 * which is public and therefore safe to carry as the credentials.
 */
public final class ClientCertificateAuthentication extends AbstractAuthenticationToken {

	private final String name;

	private final X509Certificate certificate;

	/**
	 * Create an authenticated token.
	 * @param name the principal name
	 * @param authorities the granted authorities
	 * @param certificate the client certificate
	 */
	public ClientCertificateAuthentication(String name, Collection<? extends GrantedAuthority> authorities,
			X509Certificate certificate) {
		super(authorities);
		this.name = name;
		this.certificate = certificate;
		setAuthenticated(true);
	}

	@Override
	public X509Certificate getCredentials() {
		return this.certificate;
	}

	@Override
	public String getPrincipal() {
		return this.name;
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public String toString() {
		return "ClientCertificateAuthentication[principal=" + this.name + ", authorities=" + getAuthorities() + "]";
	}

}
