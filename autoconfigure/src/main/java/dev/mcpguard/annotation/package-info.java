/**
 * Annotations that put MCP tools under the guard's per-tool rules: {@link dev.mcpguard.annotation.RequiresRole},
 * {@link dev.mcpguard.annotation.RequiresApproval} and {@link dev.mcpguard.annotation.Sensitive}, and
 * {@link dev.mcpguard.annotation.ShownToCaller} for the exceptions whose message a tool's caller may read.
 */
@NullMarked
package dev.mcpguard.annotation;

import org.jspecify.annotations.NullMarked;
