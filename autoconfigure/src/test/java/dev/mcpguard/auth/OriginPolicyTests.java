package dev.mcpguard.auth;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OriginPolicyTests {

	private final OriginPolicy defaults = OriginPolicy.of(List.of(), List.of());

	private final OriginPolicy listed = OriginPolicy.of(List.of("MCP.example.com", "agents.example.com:8443", "ops.example.com:*"),
			List.of("https://Console.example.com/"));

	@Test
	void whenNothingIsListedThenLoopbackNamesAndIpAddressesAreTheAllowedHosts() {
		assertThat(List.of("localhost", "localhost:8080", "LOCALHOST:1", "127.0.0.1:8080", "[::1]", "[::1]:8080",
				"10.0.0.7", "192.168.1.20:8080", "[fd00::7]:8080")).allMatch(this.defaults::allowsHost);
		assertThat(List.of("attacker.example", "attacker.example:8080", "localhost.attacker.example", "127.0.0.1.nip.io",
				"mcp.example.com", "::1", "1.2.3", "1.2.3.4.5", "localhost.", "", "[::1]x")).noneMatch(this.defaults::allowsHost);
	}

	@Test
	void whenNoHostHeaderIsSentThenTheRequestPasses() {
		assertThat(this.defaults.allowsHost(null)).isTrue();
	}

	@Test
	void whenHostsAreListedThenTheyAreAllowedBesidesTheDefaults() {
		assertThat(List.of("mcp.example.com", "mcp.example.com:443", "Mcp.Example.Com:8080", "agents.example.com:8443",
				"ops.example.com:9000", "localhost:8080", "10.0.0.7")).allMatch(this.listed::allowsHost);
		assertThat(List.of("agents.example.com", "agents.example.com:8080", "example.com", "sub.mcp.example.com",
				"mcp.example.com.attacker.example")).noneMatch(this.listed::allowsHost);
	}

	@Test
	void whenNothingIsListedThenLoopbackOriginsAndTheRequestsOwnOriginAreAllowed() {
		assertThat(List.of("http://localhost:6274", "http://localhost", "https://localhost:8443/", "http://127.0.0.1:3000",
				"http://[::1]:5173", "HTTP://LOCALHOST:8080")).allMatch((origin) -> this.defaults.allowsOrigin(origin, "localhost:8080"));
		assertThat(this.defaults.allowsOrigin("https://mcp.example.com", "mcp.example.com")).isTrue();
		assertThat(this.defaults.allowsOrigin("http://10.0.0.7:8080", "10.0.0.7:8080")).isTrue();
		assertThat(List.of("http://attacker.example", "http://localhost.attacker.example", "null", "file://", "http://127.0.0.2",
				"ftp://localhost", "chrome-extension://localhost", "http://localhost:8080@attacker.example", "http://mcp.example.com"))
			.noneMatch((origin) -> this.defaults.allowsOrigin(origin, "localhost:8080"));
		assertThat(this.defaults.allowsOrigin("http://mcp.example.com:8080", "mcp.example.com")).as("another port").isFalse();
		assertThat(this.defaults.allowsOrigin("http://mcp.example.com", null)).isFalse();
	}

	@Test
	void whenOriginsAreListedThenTheyAreAllowedBesidesTheDefaults() {
		assertThat(this.listed.allowsOrigin("https://console.example.com", "mcp.example.com")).isTrue();
		assertThat(this.listed.allowsOrigin("HTTPS://CONSOLE.EXAMPLE.COM/", "mcp.example.com")).isTrue();
		assertThat(this.listed.allowsOrigin("http://localhost:6274", "mcp.example.com")).isTrue();
		assertThat(this.listed.allowsOrigin("http://console.example.com", "mcp.example.com")).isFalse();
		assertThat(this.listed.allowsOrigin("https://console.example.com:8443", "mcp.example.com")).isFalse();
	}

	@Test
	void whenAHostEntryIsNoHostThenItIsRefusedNamingTheProperty() {
		for (String entry : List.of("*", "https://mcp.example.com", "mcp.example.com/mcp", "mcp example.com", "mcp.example.com:port")) {
			assertThatIllegalArgumentException().isThrownBy(() -> OriginPolicy.of(List.of(entry), List.of()))
				.withMessageStartingWith("mcp.guard.network.allowed-hosts: '" + entry + "' is not a host name or address");
		}
	}

	@Test
	void whenAnOriginEntryIsNoOriginThenItIsRefusedNamingTheProperty() {
		for (String entry : List.of("*", "console.example.com", "https://console.example.com/app", "https://")) {
			assertThatIllegalArgumentException().isThrownBy(() -> OriginPolicy.of(List.of(), List.of(entry)))
				.withMessageStartingWith("mcp.guard.network.allowed-origins: '" + entry + "' is not an origin");
		}
	}

}
