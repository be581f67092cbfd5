package dev.mcpguard.oauth2;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ResourceJwtDecoderTests {

	private static final String RESOURCE = "https://mcp.example.com/mcp";

	private static final Instant NOW = Instant.parse("2026-12-01T00:10:00Z");

	private final AtomicInteger decoded = new AtomicInteger();

	@Test
	void whenTheAudienceLacksTheResourceThenTheTokenIsRefused() {
		JwtDecoder decoder = decoder(List.of("https://other.example.com/mcp"), Instant.parse("2026-12-01T01:00:00Z"), NOW);
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode("a.b.c"))
			.withMessageContaining("not issued for this resource");
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode("a.b.c"));
		assertThat(this.decoded).as("a refused token is not remembered").hasValue(2);
	}

	@Test
	void aValidTokenIsCheckedOnceWhileRemembered() {
		JwtDecoder decoder = decoder(List.of(RESOURCE), Instant.parse("2026-12-01T01:00:00Z"), NOW);
		decoder.decode("a.b.c");
		decoder.decode("a.b.c");
		decoder.decode("d.e.f");
		assertThat(this.decoded).hasValue(2);
	}

	@Test
	void aRememberedTokenIsCheckedAgainOnceItExpires() {
		Instant expiry = NOW.plusSeconds(30);
		Instant[] now = { NOW };
		Clock clock = new Clock() {
			@Override
			public Instant instant() {
				return now[0];
			}

			@Override
			public ZoneOffset getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(java.time.ZoneId zone) {
				return this;
			}
		};
		JwtDecoder decoder = new ResourceJwtDecoder((token) -> {
			if (this.decoded.incrementAndGet() > 1) {
				throw new BadJwtException("Jwt expired");
			}
			return Jwt.withTokenValue(token).header("alg", "RS256").subject("agent").audience(List.of(RESOURCE))
				.issuedAt(NOW.minusSeconds(60)).expiresAt(expiry).build();
		}, RESOURCE, Duration.ofMinutes(5), clock);
		decoder.decode("a.b.c");
		decoder.decode("a.b.c");
		assertThat(this.decoded).hasValue(1);
		now[0] = expiry.plusSeconds(1);
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode("a.b.c"));
	}

	private JwtDecoder decoder(List<String> audience, Instant expiresAt, Instant now) {
		return new ResourceJwtDecoder((token) -> {
			this.decoded.incrementAndGet();
			return Jwt.withTokenValue(token).header("alg", "RS256").subject("agent").audience(audience)
				.issuedAt(now.minusSeconds(60)).expiresAt(expiresAt).build();
		}, RESOURCE, Duration.ofMinutes(5), Clock.fixed(now, ZoneOffset.UTC));
	}

}
