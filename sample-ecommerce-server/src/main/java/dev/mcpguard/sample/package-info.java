/**
 * Sample e-commerce MCP server: the application class; the shop domain lives in {@code shop} and its MCP tools
 * in {@code tools}.
 */
@NullMarked
package dev.mcpguard.sample;

import org.jspecify.annotations.NullMarked;
