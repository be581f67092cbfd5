package dev.mcpguard.auth;

/**
 * Observes every request refused with 401 (audit, failed-attempt limits). Called on the request thread: return
 * quickly and do not throw.
 */
@FunctionalInterface
public interface AuthenticationFailureListener {

	/**
	 * Called once per refused request.
	 * @param failure what was refused
	 */
	void onAuthenticationFailure(AuthenticationFailure failure);

}
