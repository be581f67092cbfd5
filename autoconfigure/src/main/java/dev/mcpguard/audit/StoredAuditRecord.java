package dev.mcpguard.audit;

/**
 * An audit record as stored: its content, its place in the chain and its hashes.
 *
 * @param seq the sequence number in the chain
 * @param record the content
 * @param prevHash the hash of the row before it
 * @param hash the row's hash
 */
public record StoredAuditRecord(long seq, AuditRecord record, String prevHash, String hash) {

}
