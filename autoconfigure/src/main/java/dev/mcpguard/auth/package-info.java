/**
 * Authentication of MCP requests (bearer tokens, client certificates), the Origin check, and the Spring Security
 * configurer that applies them to a filter chain.
 */
@NullMarked
package dev.mcpguard.auth;

import org.jspecify.annotations.NullMarked;
