package dev.mcpguard.admin;

import dev.mcpguard.audit.AuditLogger;
import dev.mcpguard.audit.AuditRecordFactory;
import dev.mcpguard.audit.LogAuditTrail;
import dev.mcpguard.pipeline.ArgumentRedactor;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

import dev.mcpguard.auth.StaticTokenStore;
import dev.mcpguard.authz.DefaultPolicy;
import dev.mcpguard.autoconfigure.McpGuardPostureAutoConfiguration;
import dev.mcpguard.autoconfigure.McpGuardProperties;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityPostureReportTests {

	@Test
	void whenDefaultsThenWeakPointsAreNamed() {
		McpGuardProperties properties = new McpGuardProperties();
		SecurityPostureReport report = new SecurityPostureReport(McpGuardPostureAutoConfiguration.postureSettings(properties), new MockEnvironment(),
				new StaticTokenStore(Map.of()), null, List.of(), List.of(), List.of());
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
		SecurityPostureReport report = new SecurityPostureReport(McpGuardPostureAutoConfiguration.postureSettings(properties), environment, new StaticTokenStore(Map.of()),
				null, List.of(), List.of((event) -> {
				}), List.of());
		assertThat(report.lines()).filteredOn((line) -> !line.ok())
			.extracting(SecurityPostureReport.Line::text)
			.containsExactly("authentication: 0 static token(s), issued tokens unavailable (no DataSource), mTLS off",
					"audit trail: none (mcp.guard.audit.enabled=false, or no audit listener)");
	}

	@Test
	void whenAccessTokensOfAnyAudienceAreAcceptedThenItIsWeak() {
		McpGuardProperties properties = new McpGuardProperties();
		properties.getAuth().getOauth2().setResource("https://mcp.example.com/mcp");
		MockEnvironment environment = new MockEnvironment()
			.withProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri", "https://as.example.com");
		assertThat(new SecurityPostureReport(McpGuardPostureAutoConfiguration.postureSettings(properties), environment, new StaticTokenStore(Map.of()), null, List.of(),
				List.of(), List.of()).lines())
			.anySatisfy((line) -> assertThat(line.toString()).isEqualTo("[ok]   OAuth 2.1 access tokens of "
					+ "https://as.example.com for the resource https://mcp.example.com/mcp only, roles from the claim 'roles'"));
		properties.getAuth().getOauth2().setAudienceRequired(false);
		assertThat(new SecurityPostureReport(McpGuardPostureAutoConfiguration.postureSettings(properties), environment, new StaticTokenStore(Map.of()), null, List.of(),
				List.of(), List.of()).lines())
			.anySatisfy((line) -> assertThat(line.toString()).startsWith("[WEAK] OAuth 2.1 access tokens of "
					+ "https://as.example.com accepted whatever their audience"));
	}

	@Test
	void whenTheAuditTrailIsTheLogOnlyThenItIsWeakAndSaysWhatToAdd() {
		SecurityPostureReport report = new SecurityPostureReport(McpGuardPostureAutoConfiguration.postureSettings(new McpGuardProperties()), new MockEnvironment(),
				new StaticTokenStore(Map.of()), null, List.of(),
				List.of(new LogAuditTrail(new AuditRecordFactory(new ArgumentRedactor(List.of("password"), 1024,
						JsonMapper.builder().build())), new AuditLogger(), java.time.Duration.ofMinutes(1))), List.of());
		assertThat(report.lines()).filteredOn((line) -> !line.ok())
			.extracting(SecurityPostureReport.Line::text)
			.anySatisfy((text) -> assertThat(text).startsWith("audit trail: structured log lines only (no DataSource)")
				.contains("mcp-guard-spring-boot-starter-jdbc"));
	}

	@Test
	void approvalInElicitationModeIsReportedAsASelfConfirmationNotFourEyes() {
		SecurityPostureReport report = new SecurityPostureReport(McpGuardPostureAutoConfiguration.postureSettings(new McpGuardProperties()), new MockEnvironment(),
				new StaticTokenStore(Map.of()), null, List.of(), List.of(), List.of("delete_order"));
		assertThat(report.lines()).filteredOn((line) -> !line.ok())
			.extracting(SecurityPostureReport.Line::text)
			.contains("approval in elicitation mode for delete_order: the caller confirms its own call, a "
					+ "confirmation, not four-eyes approval");
	}

	@Test
	void whenTheProtocolIsStatelessThenTheUnfilteredToolListIsWeak() {
		SecurityPostureReport report = new SecurityPostureReport(McpGuardPostureAutoConfiguration.postureSettings(new McpGuardProperties()),
				new MockEnvironment().withProperty("spring.ai.mcp.server.protocol", "STATELESS"),
				new StaticTokenStore(Map.of()), null, List.of(), List.of(), List.of());
		assertThat(report.lines()).filteredOn((line) -> !line.ok())
			.extracting(SecurityPostureReport.Line::text)
			.anySatisfy((text) -> assertThat(text).startsWith("stateless protocol: tools/list shows every tool"));
	}

}
