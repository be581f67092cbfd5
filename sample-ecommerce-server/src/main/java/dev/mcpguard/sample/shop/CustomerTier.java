package dev.mcpguard.sample.shop;

/**
 * Loyalty tier of a {@link Customer}.
 */
public enum CustomerTier {

	STANDARD, SILVER, GOLD

}
