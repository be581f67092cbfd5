package dev.mcpguard.auth;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import javax.security.auth.x500.X500Principal;

import org.junit.jupiter.api.Test;

import org.springframework.security.core.GrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MappedClientCertificateAuthenticatorTests {

	private final MappedClientCertificateAuthenticator authenticator = new MappedClientCertificateAuthenticator(
			Map.of("agent-service", List.of("viewer", "operator"), "agent.example.com", List.of("viewer")), true);

	@Test
	void mappedCommonNameAuthenticatesWithItsRoles() {
		X509Certificate certificate = SelfSignedCertificates.certificate("CN=agent-service, OU=Agents, O=Example");
		ClientCertificateAuthentication authentication = this.authenticator.authenticate(certificate);
		assertThat(authentication.isAuthenticated()).isTrue();
		assertThat(authentication.getName()).isEqualTo("agent-service");
		assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactly("ROLE_viewer", "ROLE_operator");
		assertThat(authentication.getCredentials()).isSameAs(certificate);
	}

	@Test
	void commonNameWithDotsIsMapped() {
		assertThat(this.authenticator.authenticate(SelfSignedCertificates.certificate("CN=agent.example.com")).getName())
			.isEqualTo("agent.example.com");
	}

	@Test
	void whenMappingRequiredThenUnmappedCommonNameIsRefused() {
		X509Certificate certificate = SelfSignedCertificates.certificate("CN=stranger, O=Example");
		assertThatExceptionOfType(ClientCertificateException.class)
			.isThrownBy(() -> this.authenticator.authenticate(certificate))
			.withMessageContaining("'stranger' is not mapped");
		// the refusal is cached with the certificate, and stays a refusal
		assertThatExceptionOfType(ClientCertificateException.class)
			.isThrownBy(() -> this.authenticator.authenticate(certificate));
	}

	@Test
	void whenMappingNotRequiredThenUnmappedCommonNameAuthenticatesWithoutRoles() {
		MappedClientCertificateAuthenticator lenient = new MappedClientCertificateAuthenticator(Map.of(), false);
		ClientCertificateAuthentication authentication = lenient
			.authenticate(SelfSignedCertificates.certificate("CN=stranger"));
		assertThat(authentication.getName()).isEqualTo("stranger");
		assertThat(authentication.getAuthorities()).isEmpty();
	}

	@Test
	void subjectWithoutCommonNameIsRefusedEvenWithoutMapping() {
		MappedClientCertificateAuthenticator lenient = new MappedClientCertificateAuthenticator(Map.of(), false);
		assertThatExceptionOfType(ClientCertificateException.class)
			.isThrownBy(() -> lenient.authenticate(SelfSignedCertificates.certificate("OU=Agents, O=Example")))
			.withMessageContaining("no CN");
	}

	@Test
	void commonNameIsTheMostSpecificOne() {
		assertThat(MappedClientCertificateAuthenticator
			.commonName(new X500Principal("CN=agent-service, OU=Agents, CN=Example Root, O=Example")))
			.isEqualTo("agent-service");
		assertThat(MappedClientCertificateAuthenticator.commonName(new X500Principal("CN=a\\,b, O=Example")))
			.isEqualTo("a,b");
		assertThat(MappedClientCertificateAuthenticator.commonName(new X500Principal("O=Example"))).isNull();
	}

	@Test
	void eachRequestGetsItsOwnAuthenticationObject() {
		X509Certificate certificate = SelfSignedCertificates.certificate("CN=agent-service");
		ClientCertificateAuthentication first = this.authenticator.authenticate(certificate);
		ClientCertificateAuthentication second = this.authenticator.authenticate(certificate);
		assertThat(first).isNotSameAs(second);
		assertThat(second.getAuthorities()).isEqualTo(first.getAuthorities());
	}

}
