package dev.mcpguard.pipeline;

import java.util.Set;

/**
 * Who stands behind a principal's credentials: the principals that issued them, directly or through a chain of
 * issued credentials. Four-eyes approval uses it so that an approver cannot be a second identity the requester
 * minted for itself.
 */
@FunctionalInterface
public interface CredentialIssuers {

	/**
	 * The principals that issued a principal's credentials, directly or through a chain.
	 * @param principal the principal name
	 * @return the issuers, empty for a principal whose credentials come from configuration
	 */
	Set<String> issuersOf(String principal);

}
