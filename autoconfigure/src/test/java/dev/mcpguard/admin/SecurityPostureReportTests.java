package dev.mcpguard.admin;

import java.util.List;
import java.util.Map;

import dev.mcpguard.auth.StaticTokenStore;
import dev.mcpguard.authz.DefaultPolicy;
import dev.mcpguard.autoconfigure.McpGuardProperties;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityPostureReportTests {

	@Test
	void whenDefaultsThenWeakPointsAreNamed() {
		McpGuardProperties properties = new McpGuardProperties();
		SecurityPostureReport report = new SecurityPostureReport(properties, new MockEnvironment(),
				new StaticTokenStore(Map.of()), null, List.of(), List.of());
		assertThat(report.lines()).filteredOn((line) -> !line.ok())
			.extracting(SecurityPostureReport.Line::text)
			.anySatisfy((text) -> assertThat(text).startsWith("no TLS"))
			.anySatisfy((text) -> assertThat(text).startsWith("authentication: 0 static token(s)"))
			.anySatisfy((text) -> assertThat(text).startsWith("actuator on the application port"))
			.anySatisfy((text) -> assertThat(text).contains("default-policy=deny"))
			.anySatisfy((text) -> assertThat(text).contains("not audited"));
	}

	@Test
	void whenHardenedThenThoseLinesAreOk() {
		McpGuardProperties properties = new McpGuardProperties();
		properties.getAuthz().setDefaultPolicy(DefaultPolicy.DENY);
		MockEnvironment environment = new MockEnvironment().withProperty("server.ssl.bundle", "server")
			.withProperty("management.server.port", "9090");
		SecurityPostureReport report = new SecurityPostureReport(properties, environment, new StaticTokenStore(Map.of()),
				null, List.of(), List.of((event) -> {
				}));
		assertThat(report.lines()).filteredOn((line) -> !line.ok())
			.extracting(SecurityPostureReport.Line::text)
			.containsExactly("authentication: 0 static token(s), issued tokens unavailable (no DataSource), mTLS off");
	}

}
