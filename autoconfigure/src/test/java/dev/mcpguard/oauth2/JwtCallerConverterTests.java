package dev.mcpguard.oauth2;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JwtCallerConverterTests {

	private final JwtCallerConverter converter = new JwtCallerConverter(new TokenClaims("roles", Map.of("mcp.write", List.of("operator"))));

	@Test
	void rolesComeFromTheRolesClaimAndFromMappedScopes() {
		JwtAuthenticationToken authentication = this.converter.convert(jwt("https://as.example.com", "agent",
				Map.of("roles", List.of("viewer"), "scope", "mcp.tools mcp.write")));
		assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactly("ROLE_viewer", "ROLE_operator", "SCOPE_mcp.tools", "SCOPE_mcp.write");
	}

	@Test
	void aRolesClaimMayBeASpaceSeparatedString() {
		JwtAuthenticationToken authentication = this.converter.convert(jwt("https://as.example.com", "agent",
				Map.of("roles", "viewer operator")));
		assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactly("ROLE_viewer", "ROLE_operator");
	}

	@Test
	void twoIssuersWithTheSameSubjectAreTwoPrincipals() {
		String first = this.converter.convert(jwt("https://a.example.com", "alice", Map.of())).getName();
		String second = this.converter.convert(jwt("https://b.example.com", "alice", Map.of())).getName();
		assertThat(first).isEqualTo("alice@https://a.example.com");
		assertThat(second).isEqualTo("alice@https://b.example.com");
	}

	@Test
	void aTokenWithoutSubjectOrWithOneTooLongToStoreIsRefused() {
		assertThatExceptionOfType(InvalidBearerTokenException.class)
			.isThrownBy(() -> this.converter.convert(jwt("https://as.example.com", null, Map.of())));
		assertThatExceptionOfType(InvalidBearerTokenException.class)
			.isThrownBy(() -> this.converter.convert(jwt("https://as.example.com", "s".repeat(200), Map.of())));
	}

	static Jwt jwt(String issuer, String subject, Map<String, Object> claims) {
		Jwt.Builder builder = Jwt.withTokenValue("header.payload.signature")
			.header("alg", "RS256")
			.issuer(issuer)
			.issuedAt(Instant.parse("2026-12-01T00:00:00Z"))
			.expiresAt(Instant.parse("2026-12-01T01:00:00Z"))
			.claims((all) -> all.putAll(claims));
		if (subject != null) {
			builder.subject(subject);
		}
		return builder.build();
	}

}
