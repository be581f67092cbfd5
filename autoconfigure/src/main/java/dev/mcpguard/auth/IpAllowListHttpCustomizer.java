package dev.mcpguard.auth;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * Adds the {@link IpAllowListFilter} to the MCP Guard chain, ahead of the security context and every
 * authentication filter; adds nothing when the allow-list is empty.
 */
public class IpAllowListHttpCustomizer implements McpGuardHttpCustomizer {

	private final IpAllowList allowList;

	/**
	 * Create the customizer.
	 * @param allowList the allowed addresses
	 */
	public IpAllowListHttpCustomizer(IpAllowList allowList) {
		this.allowList = allowList;
	}

	/**
	 * The allowed addresses.
	 * @return the allow-list
	 */
	public IpAllowList getAllowList() {
		return this.allowList;
	}

	@Override
	public void customize(HttpSecurity http) {
		if (!this.allowList.isEmpty()) {
			http.addFilterBefore(new IpAllowListFilter(this.allowList), SecurityContextHolderFilter.class);
		}
	}

}
