package dev.mcpguard.auth;

import java.security.cert.X509Certificate;

import org.springframework.security.core.AuthenticationException;

/**
 * Turns a client certificate that the TLS handshake already verified against the trust store into an
 * authenticated principal with roles. Called on every request that authenticates with a certificate, so an
 * implementation should cache what it derives from a certificate. Replace the default
 * ({@link MappedClientCertificateAuthenticator}) with a bean of this type to map another attribute (a SAN, the
 * issuer) or to read the mapping from elsewhere.
 */
@FunctionalInterface
public interface ClientCertificateAuthenticator {

	/**
	 * Authenticate a client certificate.
	 * @param certificate the client's certificate (the first of the chain it presented)
	 * @return the authenticated principal and its roles
	 * @throws AuthenticationException if the certificate must be refused (401)
	 */
	ClientCertificateAuthentication authenticate(X509Certificate certificate) throws AuthenticationException;

}
