package dev.mcpguard.oauth2;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * Certificate-bound access tokens (RFC 8705): a token whose {@code cnf} claim names a certificate thumbprint
 * ({@code x5t#S256}) is accepted only on a connection whose TLS client certificate has that thumbprint, so a token
 * copied off its client is worthless without the client's private key. Tokens without {@code cnf} are bearer tokens
 * as usual; DPoP-bound tokens ({@code cnf.jkt}, RFC 9449) are Spring Security's to check.
 */
public final class CertificateBinding {

	private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

	private CertificateBinding() {
	}

	/**
	 * Refuse a certificate-bound token presented without its certificate.
	 * @param claims the validated token's claims
	 * @param request the request that presented it
	 * @throws InvalidBearerTokenException if the token is bound and the connection's client certificate is missing
	 * or another
	 */
	public static void verify(Map<String, Object> claims, HttpServletRequest request) {
		String bound = thumbprintClaim(claims);
		if (bound == null) {
			return;
		}
		X509Certificate[] chain = (request.getAttribute(CERTIFICATES) instanceof X509Certificate[] certificates)
				? certificates : null;
		if (chain == null || chain.length == 0) {
			throw new InvalidBearerTokenException("The access token is bound to a client certificate the request "
					+ "did not present");
		}
		if (!MessageDigest.isEqual(bound.getBytes(StandardCharsets.US_ASCII),
				thumbprint(chain[0]).getBytes(StandardCharsets.US_ASCII))) {
			throw new InvalidBearerTokenException("The access token is bound to another client certificate");
		}
	}

	/**
	 * The RFC 8705 thumbprint of a certificate.
	 * @param certificate the certificate
	 * @return the base64url SHA-256 of its DER encoding, without padding
	 */
	public static String thumbprint(X509Certificate certificate) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException | CertificateEncodingException ex) {
			throw new InvalidBearerTokenException("The client certificate cannot be read");
		}
	}

	private static @Nullable String thumbprintClaim(Map<String, Object> claims) {
		Object confirmation = claims.get("cnf");
		if (confirmation == null) {
			return null;
		}
		if (confirmation instanceof Map<?, ?> cnf && cnf.get("x5t#S256") instanceof String thumbprint) {
			return thumbprint;
		}
		if (confirmation instanceof Map<?, ?> cnf && cnf.get("jkt") instanceof String) {
			// A DPoP-bound token (RFC 9449): Spring Security checks its proof, and refuses it as a plain bearer token.
			return null;
		}
		// A confirmation this server cannot check must not pass as a plain bearer token.
		throw new InvalidBearerTokenException("The access token is bound to a key this server does not check");
	}

}
