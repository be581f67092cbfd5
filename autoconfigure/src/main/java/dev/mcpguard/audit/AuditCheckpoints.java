package dev.mcpguard.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Signed checkpoints of the audit chain: every interval (when the chain grew) and on demand, the chain head is
 * signed ({@link CheckpointSigner}), exported as a log line (logger {@code mcp.guard.audit.checkpoint}), stored in
 * {@code mcp_guard_audit_checkpoint} and kept in memory. {@link #verify} compares the chain with every authentic
 * checkpoint, from the database and from memory (so deleting the stored ones hides nothing this instance signed);
 * one signed with this key id whose signature does not match breaks the chain, as a forged one would.
 */
public class AuditCheckpoints implements SmartLifecycle {

	/** The logger of the exported checkpoint lines. */
	public static final String LOGGER = "mcp.guard.audit.checkpoint";

	private static final Log exportLog = LogFactory.getLog(LOGGER);

	private static final Log logger = LogFactory.getLog(AuditCheckpoints.class);

	private static final int KEPT_IN_MEMORY = 1000;

	private final JdbcClient jdbc;

	private final JdbcAuditStore store;

	private final CheckpointSigner signer;

	private final Duration interval;

	private final Clock clock;

	private final PeriodicTask schedule;

	private final ConcurrentLinkedDeque<AuditCheckpoint> signed = new ConcurrentLinkedDeque<>();

	// running whatever the interval: with zero the schedule never starts, yet shutdown still signs the head
	private volatile boolean running;

	/**
	 * Create the checkpoints.
	 * @param dataSource the database holding MCP Guard's tables
	 * @param store the audit store
	 * @param signer signs with the configured key
	 * @param interval how often the chain head is signed when it moved; zero or negative only on demand
	 * @param clock the clock
	 * @param schedulers makes the single-thread scheduler of the periodic signing, once per start
	 */
	public AuditCheckpoints(DataSource dataSource, JdbcAuditStore store, CheckpointSigner signer, Duration interval,
			Clock clock, Supplier<ThreadPoolTaskScheduler> schedulers) {
		this.jdbc = JdbcClient.create(dataSource);
		this.store = store;
		this.signer = signer;
		this.interval = interval;
		this.clock = clock;
		this.schedule = new PeriodicTask(schedulers, this::signIfMoved, interval);
	}

	/**
	 * Sign the chain head now, export and store the checkpoint.
	 * @return the checkpoint, or {@code null} while the chain is empty
	 */
	public @Nullable AuditCheckpoint signHead() {
		AuditRows.Head head = AuditRows.head(this.jdbc, false);
		if (head.lastSeq() == 0) {
			return null;
		}
		// to the millisecond: the time column keeps it exactly, and the stored checkpoint's signature still matches
		AuditCheckpoint checkpoint = this.signer.sign(head.lastSeq(), head.lastHash(),
				this.clock.instant().truncatedTo(ChronoUnit.MILLIS));
		exportLog.info("MCP Guard audit checkpoint " + checkpoint.toLogText());
		remember(checkpoint);
		try {
			// another instance may have signed the same head: its checkpoint stands, and the insert is skipped
			this.jdbc.sql("INSERT INTO mcp_guard_audit_checkpoint (seq, row_hash, signed_at, key_id, signature) "
					+ "SELECT :seq, :hash, :time, :key, :signature WHERE NOT EXISTS "
					+ "(SELECT 1 FROM mcp_guard_audit_checkpoint WHERE seq = :seq)")
				.param("seq", checkpoint.seq())
				.param("hash", checkpoint.hash())
				.param("time", AuditRows.utc(checkpoint.time()))
				.param("key", checkpoint.keyId())
				.param("signature", checkpoint.signature())
				.update();
		}
		catch (DuplicateKeyException ex) {
			logger.debug("MCP Guard audit checkpoint of row " + checkpoint.seq() + " is stored already (another "
					+ "instance signed the same head); the stored one stands", ex);
		}
		return checkpoint;
	}

	/**
	 * The stored checkpoints, newest first.
	 * @param limit the most to return
	 * @return the checkpoints as stored (not checked)
	 */
	public List<AuditCheckpoint> stored(int limit) {
		return this.jdbc.sql("SELECT seq, row_hash, signed_at, key_id, signature FROM mcp_guard_audit_checkpoint "
				+ "ORDER BY seq DESC LIMIT " + limit)
			.query((rs, rowNum) -> new AuditCheckpoint(rs.getLong("seq"), rs.getString("row_hash"),
					rs.getObject("signed_at", OffsetDateTime.class).toInstant(), rs.getString("key_id"),
					rs.getString("signature")))
			.list();
	}

	/**
	 * Verify the chain against the stored checkpoints, those this instance signed, and any given.
	 * @param others checkpoints from elsewhere (an export), checked like the stored ones
	 * @return the result
	 */
	public ChainVerification verify(Collection<AuditCheckpoint> others) {
		List<AuditCheckpoint> candidates = new ArrayList<>(stored(Integer.MAX_VALUE));
		candidates.addAll(this.signed);
		candidates.addAll(others);
		List<AuditCheckpoint> authentic = new ArrayList<>(candidates.size());
		Map<String, Integer> ignored = new TreeMap<>();
		for (AuditCheckpoint checkpoint : candidates) {
			if (this.signer.isAuthentic(checkpoint)) {
				authentic.add(checkpoint);
			}
			else if (!this.signer.keyId().equals(checkpoint.keyId())) {
				ignored.merge(checkpoint.keyId(), 1, Integer::sum);
			}
			else {
				return new ChainVerification(false, 0, 0, checkpoint.seq(), new ChainVerification.BrokenLink(
						checkpoint.seq(), null, "the checkpoint of row " + checkpoint.seq() + " signed at "
								+ checkpoint.time() + " has a signature that does not match: it was forged or altered"),
						0);
			}
		}
		if (!ignored.isEmpty()) {
			logger.warn("MCP Guard audit verification left out checkpoints signed under other key ids than '"
					+ this.signer.keyId() + "': " + ignored);
		}
		return this.store.verify(authentic).withIgnored(ignored);
	}

	/**
	 * Whether any of the stored checkpoints, those this instance signed, or the given ones is authentic under the
	 * configured key and key id.
	 * @param others checkpoints from elsewhere (an export)
	 * @return whether one is authentic; {@code false} also when there is none at all
	 */
	boolean anyAuthentic(Collection<AuditCheckpoint> others) {
		List<AuditCheckpoint> candidates = new ArrayList<>(stored(Integer.MAX_VALUE));
		candidates.addAll(this.signed);
		candidates.addAll(others);
		return candidates.stream().anyMatch(this.signer::isAuthentic);
	}

	private boolean isStored(long seq) {
		return this.jdbc.sql("SELECT count(*) FROM mcp_guard_audit_checkpoint WHERE seq = :seq")
			.param("seq", seq)
			.query(Long.class)
			.single() > 0;
	}

	private void remember(AuditCheckpoint checkpoint) {
		this.signed.addLast(checkpoint);
		while (this.signed.size() > KEPT_IN_MEMORY) {
			this.signed.pollFirst();
		}
	}

	private void signIfMoved() {
		try {
			AuditCheckpoint last = this.signed.peekLast();
			AuditRows.Head head = AuditRows.head(this.jdbc, false);
			// every instance runs this: one that finds the head signed already (by another instance) signs nothing
			if ((last == null || last.seq() != head.lastSeq()) && head.lastSeq() != 0 && !isStored(head.lastSeq())) {
				signHead();
			}
		}
		catch (RuntimeException ex) {
			logger.warn("MCP Guard could not sign an audit checkpoint (retrying in " + this.interval + "): " + ex.getMessage());
		}
	}

	@Override
	public synchronized void start() {
		this.schedule.start(this.clock.instant().plus(this.interval));
		this.running = true;
	}

	@Override
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		this.schedule.stop();
		// the trail has written out its queue: the last rows get a checkpoint too, whatever the interval
		signIfMoved();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stops after the audit trail, so the checkpoint signed at shutdown covers its last rows.
	 * @return the phase
	 */
	@Override
	public int getPhase() {
		return AuditTrail.PHASE - 1;
	}

}
