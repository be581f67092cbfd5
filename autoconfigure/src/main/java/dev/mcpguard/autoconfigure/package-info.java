/**
 * Spring Boot auto-configuration of MCP Guard and its configuration properties ({@code mcp.guard.*}).
 */
@NullMarked
package dev.mcpguard.autoconfigure;

import org.jspecify.annotations.NullMarked;
