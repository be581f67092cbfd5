/**
 * The fixture server of the official MCP conformance suite: tools, resources, prompts and a completion with the names
 * and answers the suite's server scenarios expect.
 */
package dev.mcpguard.conformance;
