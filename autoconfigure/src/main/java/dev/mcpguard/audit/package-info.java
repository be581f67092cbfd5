/**
 * The audit trail: one tamper-evident record per {@code tools/call} outcome and per authentication failure,
 * redacted before it is written or logged, written to the database in batches off the request thread, spooled to a
 * local append-only file while the database is unreachable, chained by SHA-256 hashes, purged after the retention
 * period, and counted in Micrometer metrics. By job: {@link dev.mcpguard.audit.AuditTrail} (the listener),
 * {@link dev.mcpguard.audit.AuditBatchWriter} (queue and writer thread), the {@link dev.mcpguard.audit.AuditSink}s
 * (database with spool failover, and the application's), {@link dev.mcpguard.audit.JdbcAuditStore} (chain append,
 * search and verification, purge), signed checkpoints ({@link dev.mcpguard.audit.AuditCheckpoints}), health and
 * meters.
 */
@NullMarked
package dev.mcpguard.audit;

import org.jspecify.annotations.NullMarked;
