/**
 * The audit trail: one tamper-evident record per {@code tools/call} outcome and per authentication failure,
 * redacted before it is written or logged, written to the database in batches off the request thread, spooled to a
 * local append-only file while the database is unreachable, chained by SHA-256 hashes, purged after the retention
 * period, and counted in Micrometer metrics.
 */
@NullMarked
package dev.mcpguard.audit;

import org.jspecify.annotations.NullMarked;
