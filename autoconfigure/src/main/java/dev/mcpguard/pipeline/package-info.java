/**
 * The guard pipeline: the one interception chain every MCP {@code tools/call} passes (availability,
 * authorization, rate limits, approval, then the tool), the {@code tools/list} filter built from the same stages,
 * and the events its listeners (audit, metrics) observe.
 */
@NullMarked
package dev.mcpguard.pipeline;

import org.jspecify.annotations.NullMarked;
