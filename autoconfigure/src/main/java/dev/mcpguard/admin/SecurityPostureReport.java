package dev.mcpguard.admin;

import dev.mcpguard.audit.AuditTrail;
import dev.mcpguard.audit.LogAuditTrail;
import dev.mcpguard.pipeline.CallerToolListFilter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.mcpguard.auth.StaticTokenStore;
import dev.mcpguard.auth.McpTokenService;
import dev.mcpguard.pipeline.ToolCallGuard;
import dev.mcpguard.pipeline.ToolCallListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Logs, once the application is ready, one block that says what of MCP Guard is on and what is weak (no TLS,
 * actuator on the public port, tokens due for rotation, no deny-by-default...), so an operator sees it before
 * production does. Each line is {@code [ok]} or {@code [WEAK]}; the block is logged at WARN when anything is weak.
 */
public class SecurityPostureReport implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(SecurityPostureReport.class);

	private final Settings settings;

	private final Environment environment;

	private final StaticTokenStore staticTokens;

	private final @Nullable McpTokenService tokens;

	private final List<ToolCallGuard> stages;

	private final List<ToolCallListener> listeners;

	private final List<String> selfConfirmed;

	/**
	 * Create the report.
	 * @param settings the guard's settings that the report judges
	 * @param environment the environment, for server and management settings
	 * @param staticTokens the configured tokens
	 * @param tokens the token service, if there is a database
	 * @param stages the pipeline stages
	 * @param listeners the pipeline listeners
	 * @param selfConfirmed where approval is asked of the caller itself (elicitation mode): {@code "every tool"} or
	 * tool names; empty when every approval is an approver's
	 */
	public SecurityPostureReport(Settings settings, Environment environment, StaticTokenStore staticTokens,
			@Nullable McpTokenService tokens, List<ToolCallGuard> stages, List<ToolCallListener> listeners,
			List<String> selfConfirmed) {
		this.selfConfirmed = List.copyOf(selfConfirmed);
		this.settings = settings;
		this.environment = environment;
		this.staticTokens = staticTokens;
		this.tokens = tokens;
		this.stages = stages;
		this.listeners = listeners;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		List<Line> lines = lines();
		String block = lines.stream().map(Line::toString).collect(Collectors.joining("\n  ", "MCP Guard security posture:\n  ", ""));
		if (lines.stream().anyMatch((line) -> !line.ok())) {
			logger.warn(block);
		}
		else {
			logger.info(block);
		}
	}

	/**
	 * The lines of the report.
	 * @return the findings, in a fixed order
	 */
	public List<Line> lines() {
		List<Line> lines = new ArrayList<>();
		boolean tls = this.environment.getProperty("server.ssl.enabled", Boolean.class, false)
				|| this.environment.getProperty("server.ssl.bundle") != null;
		lines.add(new Line(tls, tls ? "TLS on the server port" : "no TLS on the server port: bearer tokens cross the network in clear text unless a proxy terminates TLS"));
		boolean mtls = this.settings.mtls();
		int statics = this.staticTokens.principals().size();
		boolean anyCredential = statics > 0 || this.tokens != null || mtls || !oauth2Lines().isEmpty();
		lines.add(new Line(anyCredential, "authentication: " + statics + " static token(s), issued tokens "
				+ ((this.tokens != null) ? "in the database" : "unavailable (no DataSource)") + ", mTLS " + (mtls ? "on" : "off")));
		lines.addAll(oauth2Lines());
		if (this.tokens != null) {
			int overdue = this.tokens.overdue().size();
			lines.add(new Line(overdue == 0, overdue + " token(s) older than mcp.guard.auth.max-token-age ("
					+ this.settings.maxTokenAge().toDays() + "d)"));
		}
		String managementPort = this.environment.getProperty("management.server.port");
		lines.add(new Line(managementPort != null, (managementPort != null) ? "actuator on its own port " + managementPort
				: "actuator on the application port: set management.server.port to keep the runbook endpoints off the public port"));
		boolean denyByDefault = this.settings.denyByDefault();
		lines.add(new Line(denyByDefault, denyByDefault ? "deny-by-default: tools without @RequiresRole are closed"
				: "tools without @RequiresRole are open to any authenticated caller (mcp.guard.authz.default-policy=deny closes them)"));
		lines.add(new Line(this.settings.sessionBinding(), "session binding " + (this.settings.sessionBinding() ? "on" : "OFF")));
		boolean ipList = !this.settings.allowedIps().isEmpty();
		lines.add(new Line(true, "client IPs: " + (ipList ? String.join(", ", this.settings.allowedIps()) : "any (no allow-list)")
				+ "; Host: loopback names, IP addresses and " + this.settings.allowedHosts()
				+ " listed; Origin: loopback, the server's own and " + this.settings.allowedOrigins() + " listed"));
		boolean stateless = "STATELESS".equalsIgnoreCase(this.environment.getProperty("spring.ai.mcp.server.protocol", ""));
		if (stateless) {
			lines.add(new Line(false, "stateless protocol: tools/list shows every tool to every authenticated caller "
					+ "(each tools/call is still guarded); no session binding or per-session limits"));
		}
		else if (!CallerToolListFilter.isSupported()) {
			lines.add(new Line(false, "tools/list shows every tool to every authenticated caller (each tools/call is "
					+ "still guarded): the MCP Java SDK on the class path has no list filter; manage "
					+ "io.modelcontextprotocol.sdk:mcp-bom 2.1.0 or newer to filter it per caller"));
		}
		lines.add(new Line(true, "pipeline stages: " + this.stages.stream().map((stage) -> stage.getClass().getSimpleName()).collect(Collectors.joining(", "))));
		if (!this.selfConfirmed.isEmpty()) {
			lines.add(new Line(false, "approval in elicitation mode for " + String.join(", ", this.selfConfirmed)
					+ ": the caller confirms its own call, a confirmation, not four-eyes approval"));
		}
		lines.add(auditLine());
		lines.add(new Line(!this.listeners.isEmpty(), "outcome listeners (audit, metrics): "
				+ (this.listeners.isEmpty() ? "none: tool calls are not audited" : this.listeners.stream().map((listener) -> listener.getClass().getSimpleName()).collect(Collectors.joining(", ")))));
		return lines;
	}

	private List<Line> oauth2Lines() {
		String issuer = this.environment.getProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri");
		String jwkSet = this.environment.getProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri");
		if (issuer == null && jwkSet == null) {
			return List.of();
		}
		String from = (issuer != null) ? issuer : jwkSet;
		if (!this.settings.audienceRequired()) {
			return List.of(new Line(false, "OAuth 2.1 access tokens of " + from + " accepted whatever their audience "
					+ "(mcp.guard.auth.oauth2.audience-required=false): a token issued for another server works here"));
		}
		return List.of(new Line(true, "OAuth 2.1 access tokens of " + from + " for the resource " + this.settings.resource()
				+ " only, roles from the claim '" + this.settings.rolesClaim() + "'"));
	}

		private Line auditLine() {
		if (this.listeners.stream().anyMatch(AuditTrail.class::isInstance)) {
			return new Line(true, "audit trail: durable and hash-chained in the database");
		}
		if (this.listeners.stream().anyMatch(LogAuditTrail.class::isInstance)) {
			return new Line(false, "audit trail: structured log lines only (no DataSource): not durable, not "
					+ "tamper-evident, no mcpaudit endpoint; add mcp-guard-spring-boot-starter-jdbc and a DataSource");
		}
		return new Line(false, "audit trail: none (mcp.guard.audit.enabled=false, or no audit listener)");
	}

	/**
	 * The settings the report judges, as plain values.
	 *
	 * @param mtls whether client certificates authenticate
	 * @param maxTokenAge the rotation policy of issued tokens
	 * @param denyByDefault whether tools without {@code @RequiresRole} are closed
	 * @param sessionBinding whether sessions are bound to their credential
	 * @param allowedIps the client IP allow-list, empty for any
	 * @param allowedHosts how many {@code Host} names are listed
	 * @param allowedOrigins how many {@code Origin} values are listed
	 * @param audienceRequired whether access tokens must name this resource in their audience
	 * @param resource this server's resource URI, if set
	 * @param rolesClaim the claim access tokens carry roles in
	 */
	public record Settings(boolean mtls, Duration maxTokenAge, boolean denyByDefault, boolean sessionBinding,
			List<String> allowedIps, int allowedHosts, int allowedOrigins, boolean audienceRequired,
			@Nullable String resource, String rolesClaim) {
	}

	/**
	 * One finding.
	 *
	 * @param ok whether it is fine for production
	 * @param text what was found
	 */
	public record Line(boolean ok, String text) {

		@Override
		public String toString() {
			return (this.ok ? "[ok]   " : "[WEAK] ") + this.text;
		}

	}

}
