package dev.mcpguard.audit;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Local append-only spool of audit records that could not be written to the database: JSON lines in files named
 * {@code audit-<time>-<random>.jsonl}, each written and forced to disk before {@link #append} returns.
 * <p>
 * The files are replayed oldest first, line by line, once the database is back; a file is deleted when all its
 * records are stored. Replaying is safe to repeat: the store skips records it already holds. Each process appends
 * to a file of its own, which it holds locked, so several processes (or application contexts) sharing the
 * directory never replay a file still being written; the files of a process that stopped are replayed by whoever
 * uses the directory next. Records the database refuses outright go to {@code rejected.jsonl}, which is never
 * replayed. Thread-safe.
 */
public class AuditSpool implements Closeable {

	private static final Log logger = LogFactory.getLog(AuditSpool.class);

	private static final String GLOB = "audit-*.jsonl";

	private static final String REJECTED = "rejected.jsonl";

	private final Path directory;

	private final AuditSpoolFormat format;

	private final ReentrantLock lock = new ReentrantLock();

	private @Nullable AuditSpoolFile active;

	private final Map<Path, AuditSpoolFile> orphans = new HashMap<>();

	private final Map<Path, Long> replayed = new HashMap<>();

	private volatile boolean pending;

	/**
	 * Create a spool. The directory is created on first use.
	 * @param directory where the spool files live
	 * @param json the JSON mapper
	 */
	public AuditSpool(Path directory, JsonMapper json) {
		this.directory = directory.toAbsolutePath().normalize();
		this.format = new AuditSpoolFormat(json);
		this.pending = !spoolFiles().isEmpty();
	}

	/**
	 * The spool directory.
	 * @return the absolute path
	 */
	public Path directory() {
		return this.directory;
	}

	/**
	 * Append records and force them to disk.
	 * @param records the records, in order
	 * @throws UncheckedIOException if the spool cannot be written
	 */
	public void append(List<AuditRecord> records) {
		if (records.isEmpty()) {
			return;
		}
		byte[] lines = this.format.lines(records);
		this.lock.lock();
		try {
			AuditSpoolFile file = activeFile();
			try {
				AuditSpoolFormat.writeFully(file.channel(), lines);
				file.channel().force(false);
			}
			catch (IOException ex) {
				// The file may end with part of a line now: leave it to replay (its cut line is set aside) and let
				// the caller retry these records, in a new file.
				file.close();
				this.active = null;
				throw ex;
			}
			this.pending = true;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the audit spool in " + this.directory, ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Whether records wait in the spool of this process, or in files found in the directory.
	 * @return {@code true} if {@link #replay} has work
	 */
	public boolean hasPending() {
		return this.pending;
	}

	/**
	 * Look for spool files left by a process that stopped.
	 */
	public void rescan() {
		if (!this.pending && !spoolFiles().isEmpty()) {
			this.pending = true;
		}
	}

	/**
	 * Replay every spool file this process may replay, oldest first, in chunks, and delete each file once all its
	 * records are written. If the writer throws, replay stops there and resumes from that chunk next time.
	 * @param chunkSize records per call of the writer
	 * @param writer stores one chunk of records, in order
	 * @return the number of records handed to the writer
	 */
	public long replay(int chunkSize, Consumer<List<AuditRecord>> writer) {
		long count = 0;
		for (Path file : spoolFiles()) {
			if (acquire(file)) {
				count += replayFile(file, chunkSize, writer);
			}
		}
		this.lock.lock();
		try {
			this.pending = this.active != null || !this.orphans.isEmpty();
		}
		finally {
			this.lock.unlock();
		}
		return count;
	}

	/**
	 * Keep a record the database refuses (it is never replayed) in {@code rejected.jsonl}.
	 * @param record the record
	 */
	public void reject(AuditRecord record) {
		appendRejected(this.format.lines(List.of(record)));
	}

	private long replayFile(Path file, int chunkSize, Consumer<List<AuditRecord>> writer) {
		long count = 0;
		while (true) {
			AuditSpoolFormat.Chunk chunk;
			this.lock.lock();
			try {
				long offset = this.replayed.getOrDefault(file, 0L);
				chunk = this.format.read(file, offset, chunkSize, this::appendRejected);
				if (chunk.records().isEmpty() && chunk.end() == offset) {
					if (finish(file, offset)) {
						return count;
					}
					continue;
				}
				if (chunk.records().isEmpty()) {
					this.replayed.put(file, chunk.end());
					continue;
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not read the audit spool file " + file, ex);
			}
			finally {
				this.lock.unlock();
			}
			writer.accept(chunk.records());
			count += chunk.records().size();
			this.lock.lock();
			try {
				this.replayed.put(file, chunk.end());
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	// Under the lock, at the end of what was read: delete the file unless more was appended meanwhile.
	private boolean finish(Path file, long offset) throws IOException {
		AuditSpoolFile owned = (this.active != null && this.active.path().equals(file)) ? this.active : this.orphans.get(file);
		if (owned == null) {
			return true;
		}
		long size = owned.channel().size();
		if (size > offset) {
			if (owned == this.active) {
				return false;
			}
			// a stopped process's last line, cut short: keep it aside
			logger.warn("MCP Guard audit spool file " + file + " ends with an incomplete line (" + (size - offset)
					+ " bytes); it is kept in " + REJECTED);
			appendRejected(AuditSpoolFormat.readBytes(file, offset, size));
		}
		owned.close();
		Files.deleteIfExists(file);
		this.replayed.remove(file);
		if (owned == this.active) {
			this.active = null;
		}
		else {
			this.orphans.remove(file);
		}
		return true;
	}

	private boolean acquire(Path file) {
		this.lock.lock();
		try {
			if ((this.active != null && this.active.path().equals(file)) || this.orphans.containsKey(file)) {
				return true;
			}
			AuditSpoolFile owned = AuditSpoolFile.tryOpen(file);
			if (owned == null) {
				return false;
			}
			this.orphans.put(file, owned);
			return true;
		}
		catch (NoSuchFileException ex) {
			// replayed and deleted by another process meanwhile
			return false;
		}
		catch (IOException ex) {
			logger.warn("MCP Guard could not open audit spool file " + file + ": " + ex.getMessage());
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

	private AuditSpoolFile activeFile() throws IOException {
		if (this.active == null) {
			this.active = AuditSpoolFile.create(this.directory);
			logger.warn("MCP Guard is spooling audit events to " + this.active.path()
					+ " until the database accepts them again");
		}
		return this.active;
	}

	private void appendRejected(byte[] bytes) {
		this.lock.lock();
		try (FileChannel channel = FileChannel.open(createdDirectory().resolve(REJECTED), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
			AuditSpoolFormat.writeFully(channel, bytes);
			channel.force(false);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + REJECTED + " in " + this.directory, ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	private Path createdDirectory() throws IOException {
		return Files.createDirectories(this.directory);
	}

	private List<Path> spoolFiles() {
		if (!Files.isDirectory(this.directory)) {
			return List.of();
		}
		List<Path> files = new ArrayList<>();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(this.directory, GLOB)) {
			stream.forEach(files::add);
		}
		catch (IOException ex) {
			logger.warn("MCP Guard could not list the audit spool directory " + this.directory + ": " + ex.getMessage());
		}
		files.sort(null);
		return files;
	}

	/**
	 * Release the files of this process; what they hold is replayed at the next start.
	 */
	@Override
	public void close() {
		this.lock.lock();
		try {
			if (this.active != null) {
				this.active.close();
				this.active = null;
			}
			for (AuditSpoolFile file : this.orphans.values()) {
				file.close();
			}
			this.orphans.clear();
			this.replayed.clear();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public String toString() {
		return "AuditSpool[" + this.directory + "]";
	}

}
