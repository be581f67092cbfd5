/**
 * Per-tool authorization ({@code @RequiresRole}, the default policy) and tool availability (static expose/deny
 * lists, the runtime kill switch).
 */
@NullMarked
package dev.mcpguard.authz;

import org.jspecify.annotations.NullMarked;
