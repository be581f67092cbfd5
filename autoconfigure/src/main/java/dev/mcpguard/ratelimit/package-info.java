/**
 * Rate limits, built on Resilience4j: the pipeline stage that caps {@code tools/call} per tool, per MCP session and
 * per principal, the runtime API to change a tool's limit ({@link dev.mcpguard.ratelimit.ToolRateLimits}), and the
 * per-address limit on failed authentication attempts that answers token guessing with HTTP 429.
 */
@NullMarked
package dev.mcpguard.ratelimit;

import org.jspecify.annotations.NullMarked;
