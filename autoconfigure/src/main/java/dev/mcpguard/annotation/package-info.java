/**
 * Annotations that put MCP tools under the guard's per-tool rules: {@link dev.mcpguard.annotation.RequiresRole},
 * {@link dev.mcpguard.annotation.RequiresApproval} and {@link dev.mcpguard.annotation.Sensitive}.
 */
@NullMarked
package dev.mcpguard.annotation;

import org.jspecify.annotations.NullMarked;
