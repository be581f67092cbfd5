/**
 * MCP Guard as an OAuth 2.1 resource server, as the MCP specification's authorization asks: JWT access tokens of an
 * authorization server checked for this resource's audience (RFC 8707), their roles and scopes, the protected
 * resource metadata (RFC 9728) that lets a client discover the authorization server, and the step-up answer for a
 * missing scope. Spring Security's resource-server support does the protocol work; this package adds MCP Guard's
 * rules.
 */
@NullMarked
package dev.mcpguard.oauth2;

import org.jspecify.annotations.NullMarked;
