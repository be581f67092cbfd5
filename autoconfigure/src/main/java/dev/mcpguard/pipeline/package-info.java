/**
 * The guard pipeline: the one interception chain every MCP {@code tools/call} passes (availability,
 * authorization, rate limits, approval, then the tool), the {@code tools/list} filter built from the same stages,
 * the events its listeners (audit, metrics) observe, and the rules every layer shares for text that leaves a call:
 * redaction of secrets ({@code ArgumentRedactor}) and client text in log lines ({@code LogText}).
 */
@NullMarked
package dev.mcpguard.pipeline;

import org.jspecify.annotations.NullMarked;
