package dev.mcpguard.sample.support;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.mcpguard.audit.AuditRecord;
import dev.mcpguard.audit.AuditSink;

/**
 * An application's own {@link AuditSink} (as a SIEM forwarder would be): keeps the ids of the records it receives
 * and how many it received, so a test can tell a record missed from a record received twice.
 */
public class RecordingAuditSink implements AuditSink {

	private final Set<String> ids = ConcurrentHashMap.newKeySet();

	private final AtomicInteger count = new AtomicInteger();

	@Override
	public void write(List<AuditRecord> records) {
		for (AuditRecord record : records) {
			this.ids.add(record.id());
			this.count.incrementAndGet();
		}
	}

	/**
	 * The ids received.
	 * @return the distinct ids
	 */
	public Set<String> ids() {
		return Set.copyOf(this.ids);
	}

	/**
	 * The records received, duplicates included.
	 * @return the count
	 */
	public int count() {
		return this.count.get();
	}

}
