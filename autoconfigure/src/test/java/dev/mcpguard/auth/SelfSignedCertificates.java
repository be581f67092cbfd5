package dev.mcpguard.auth;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Throw-away self-signed certificates for unit tests, generated in memory (no key ever written anywhere).
 */
final class SelfSignedCertificates {

	private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

	private SelfSignedCertificates() {
	}

	static X509Certificate certificate(String subject) {
		return certificate(subject, Instant.now().plusSeconds(3600));
	}

	static X509Certificate certificate(String subject, Instant notAfter) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(256);
			KeyPair keys = generator.generateKeyPair();
			X500Principal name = new X500Principal(subject);
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
					BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notAfter.minusSeconds(7200)),
					Date.from(notAfter), name, keys.getPublic());
			return new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
		}
		catch (GeneralSecurityException | OperatorCreationException ex) {
			throw new IllegalStateException("Could not create a test certificate", ex);
		}
	}

}
