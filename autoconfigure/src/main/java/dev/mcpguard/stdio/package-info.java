/**
 * Launching stdio MCP servers (subprocesses of an MCP client) with an environment built from an explicit
 * allow-list, so secrets of the parent process, such as database passwords or cloud credentials, never reach a
 * third-party server. The MCP Java SDK's {@code StdioClientTransport} copies the whole parent environment into the
 * child; {@link dev.mcpguard.stdio.IsolatedStdioClientTransport} does not.
 */
@NullMarked
package dev.mcpguard.stdio;

import org.jspecify.annotations.NullMarked;
