package dev.mcpguard.auth;

import org.springframework.security.core.AuthenticationException;

/**
 * A client certificate that passed the TLS handshake but does not authenticate a principal: no subject CN, not
 * mapped to roles while a mapping is required, or expired since the connection was opened. Answered with 401 like
 * every authentication failure; {@link AuthenticationFailureListener}s see the reason {@code certificate}.
 */
public class ClientCertificateException extends AuthenticationException {

	/**
	 * Create the exception.
	 * @param message why the certificate was refused; it goes to logs and listeners, never to the client
	 */
	public ClientCertificateException(String message) {
		super(message);
	}

}
