package dev.mcpguard.auth;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import dev.mcpguard.pipeline.Caller;
import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;

import static org.assertj.core.api.Assertions.assertThat;

class ClientCertificateAuthenticationFilterTests {

	private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

	private final List<AuthenticationFailure> failures = new CopyOnWriteArrayList<>();

	private final MappedClientCertificateAuthenticator authenticator = new MappedClientCertificateAuthenticator(
			Map.of("agent-service", List.of("operator")), true);

	private final ClientCertificateAuthenticationFilter filter = new ClientCertificateAuthenticationFilter(
			this.authenticator, new BearerAuthenticationEntryPoint(List.of(this.failures::add), Clock.systemUTC(), Duration.ofSeconds(5)),
			Clock.fixed(NOW, ZoneOffset.UTC));

	private final AtomicReference<Authentication> seenByChain = new AtomicReference<>();

	private final FilterChain chain = (request, response) -> this.seenByChain
		.set(SecurityContextHolder.getContext().getAuthentication());

	@AfterEach
	void clearContext() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void mappedCertificateAuthenticatesTheRequestAsMtlsCaller() throws Exception {
		MockHttpServletRequest request = requestWith(certificate("CN=agent-service"));
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, this.chain);
		assertThat(this.seenByChain.get()).isInstanceOf(ClientCertificateAuthentication.class);
		assertThat(this.seenByChain.get().getName()).isEqualTo("agent-service");
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(new RequestAttributeSecurityContextRepository().loadDeferredContext(request).get().getAuthentication())
			.as("saved for the asynchronous re-dispatch of streamed responses")
			.isSameAs(this.seenByChain.get());
		Caller caller = new SecurityContextCallerResolver().resolve(request);
		assertThat(caller.name()).isEqualTo("agent-service");
		assertThat(caller.roles()).containsExactly("operator");
		assertThat(caller.authMethod()).isEqualTo("mtls");
	}

	@Test
	void unmappedCertificateIsRefusedWith401AndReasonCertificate() throws Exception {
		MockHttpServletRequest request = requestWith(certificate("CN=stranger"));
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, this.chain);
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getContentAsString()).doesNotContain("stranger");
		assertThat(this.seenByChain.get()).isNull();
		assertThat(this.failures).singleElement().extracting(AuthenticationFailure::reason).isEqualTo("certificate");
	}

	@Test
	void certificateThatExpiredWhileTheConnectionStayedOpenIsRefused() throws Exception {
		MockHttpServletRequest request = requestWith(certificate("CN=agent-service", NOW.minusSeconds(1)));
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, this.chain);
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(this.failures).singleElement().extracting(AuthenticationFailure::reason).isEqualTo("certificate");
	}

	@Test
	void whenRequestCarriesAuthorizationHeaderThenTheTokenDecides() throws Exception {
		MockHttpServletRequest request = requestWith(certificate("CN=stranger"));
		request.addHeader("Authorization", "Bearer some-token");
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, this.chain);
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(this.seenByChain.get()).isNull();
		assertThat(this.failures).isEmpty();
	}

	@Test
	void requestWithoutCertificatePassesUnauthenticated() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(new MockHttpServletRequest("POST", "/mcp"), response, this.chain);
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(this.seenByChain.get()).isNull();
	}

	@Test
	void callerOfAnotherAuthenticationIsNeitherTokenNorMtls() {
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("alice", "n/a",
					AuthorityUtils.createAuthorityList("ROLE_viewer")));
		Caller caller = new SecurityContextCallerResolver().resolve(new MockHttpServletRequest());
		assertThat(caller.authMethod()).isEqualTo("other");
		assertThat(caller.isAuthenticated()).isTrue();
	}

	private static MockHttpServletRequest requestWith(X509Certificate certificate) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/mcp");
		request.setAttribute(ClientCertificateAuthenticationFilter.CERTIFICATES_ATTRIBUTE,
				new X509Certificate[] { certificate });
		return request;
	}

	private static X509Certificate certificate(String subject) {
		return certificate(subject, NOW.plusSeconds(3600));
	}

	private static X509Certificate certificate(String subject, Instant notAfter) {
		return SelfSignedCertificates.certificate(subject, notAfter);
	}

}
