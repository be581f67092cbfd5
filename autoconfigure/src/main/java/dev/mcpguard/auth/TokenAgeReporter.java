package dev.mcpguard.auth;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import dev.mcpguard.jdbc.ClusterSync;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Reports issued tokens older than {@code mcp.guard.auth.max-token-age}: a warning in the log at start-up and every
 * {@link #INTERVAL}, and a count for the {@code mcp.guard.tokens.overdue} gauge. Never logs a secret.
 */
public class TokenAgeReporter {

	/** How often overdue tokens are reported. */
	public static final Duration INTERVAL = Duration.ofHours(1);

	private static final Log logger = LogFactory.getLog(TokenAgeReporter.class);

	private final McpTokenService tokens;

	private volatile int overdue;

	/**
	 * Create the reporter and schedule it.
	 * @param tokens the token service
	 * @param sync the background scheduler
	 */
	public TokenAgeReporter(McpTokenService tokens, ClusterSync sync) {
		this.tokens = tokens;
		sync.schedule("report overdue tokens", this::report, INTERVAL);
	}

	void report() {
		List<IssuedToken> overdueTokens = this.tokens.overdue();
		this.overdue = overdueTokens.size();
		if (!overdueTokens.isEmpty()) {
			logger.warn("MCP Guard: " + overdueTokens.size() + " token(s) are older than mcp.guard.auth.max-token-age and due for rotation: "
					+ overdueTokens.stream().map((token) -> token.id() + " (" + token.principal() + ")").collect(Collectors.joining(", ")));
		}
	}

	/**
	 * The number of overdue tokens at the last report.
	 * @return the count
	 */
	public int overdueCount() {
		return this.overdue;
	}

}
