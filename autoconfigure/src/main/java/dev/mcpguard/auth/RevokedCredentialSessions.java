package dev.mcpguard.auth;

import dev.mcpguard.jdbc.ClusterSync;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Ends the sessions of revoked tokens on this instance, whichever instance revoked them: every sync interval, the
 * open streams (GET) of a revoked token are closed and its sessions forgotten, so a revoked credential receives no
 * further server message. Its next request is refused like any other with a revoked token.
 */
public class RevokedCredentialSessions implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(RevokedCredentialSessions.class);

	private static final String TOKEN = "token:";

	private final SessionBindings bindings;

	private final TokenRevocations revocations;

	private final ClusterSync sync;

	/**
	 * Create the closer.
	 * @param bindings the sessions and open streams of each credential
	 * @param revocations the shared revocations
	 * @param sync runs the check every sync interval
	 */
	public RevokedCredentialSessions(SessionBindings bindings, TokenRevocations revocations, ClusterSync sync) {
		this.bindings = bindings;
		this.revocations = revocations;
		this.sync = sync;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.sync.schedule("close the sessions of revoked tokens", this::closeRevoked);
	}

	void closeRevoked() {
		int closed = this.bindings.closeStreamsOf(
				(owner) -> owner.startsWith(TOKEN) && this.revocations.isRevoked(owner.substring(TOKEN.length())));
		if (closed > 0) {
			logger.info("MCP Guard closed " + closed + " open stream(s) of revoked tokens");
		}
	}

}
