package dev.mcpguard.audit;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
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

	private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS");

	private final Path directory;

	private final JsonMapper json;

	private final ReentrantLock lock = new ReentrantLock();

	private @Nullable OwnedFile active;

	private final Map<Path, OwnedFile> orphans = new HashMap<>();

	private final Map<Path, Long> replayed = new HashMap<>();

	private volatile boolean pending;

	/**
	 * Create a spool. The directory is created on first use.
	 * @param directory where the spool files live
	 * @param json the JSON mapper
	 */
	public AuditSpool(Path directory, JsonMapper json) {
		this.directory = directory.toAbsolutePath().normalize();
		this.json = json;
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
		byte[] lines = lines(records);
		this.lock.lock();
		try {
			OwnedFile file = activeFile();
			try {
				writeFully(file.channel(), lines);
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
		appendRejected(lines(List.of(record)));
	}

	private long replayFile(Path file, int chunkSize, Consumer<List<AuditRecord>> writer) {
		long count = 0;
		while (true) {
			Chunk chunk;
			this.lock.lock();
			try {
				long offset = this.replayed.getOrDefault(file, 0L);
				chunk = read(file, offset, chunkSize);
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
		OwnedFile owned = (this.active != null && this.active.path().equals(file)) ? this.active : this.orphans.get(file);
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
			appendRejected(readBytes(file, offset, size));
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

	private Chunk read(Path file, long offset, int chunkSize) throws IOException {
		List<AuditRecord> records = new ArrayList<>(chunkSize);
		long end = offset;
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
				InputStream in = new java.io.BufferedInputStream(Channels.newInputStream(channel.position(offset)), 65536)) {
			ByteArrayOutputStream line = new ByteArrayOutputStream(512);
			int b;
			while (records.size() < chunkSize && (b = in.read()) != -1) {
				if (b != '\n') {
					line.write(b);
					continue;
				}
				end += line.size() + 1;
				AuditRecord record = parse(line.toByteArray());
				if (record != null) {
					records.add(record);
				}
				line.reset();
			}
		}
		return new Chunk(records, end);
	}

	private @Nullable AuditRecord parse(byte[] line) {
		if (line.length == 0) {
			return null;
		}
		try {
			return this.json.readValue(line, AuditRecord.class);
		}
		catch (JacksonException ex) {
			logger.warn("MCP Guard audit spool holds an unreadable line (" + ex.getOriginalMessage() + "); it is kept in "
					+ REJECTED);
			byte[] copy = new byte[line.length + 1];
			System.arraycopy(line, 0, copy, 0, line.length);
			copy[line.length] = '\n';
			appendRejected(copy);
			return null;
		}
	}

	private boolean acquire(Path file) {
		this.lock.lock();
		try {
			if ((this.active != null && this.active.path().equals(file)) || this.orphans.containsKey(file)) {
				return true;
			}
			FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
			FileLock fileLock;
			try {
				fileLock = channel.tryLock();
			}
			catch (OverlappingFileLockException ex) {
				// another application context of this JVM writes it
				fileLock = null;
			}
			if (fileLock == null) {
				channel.close();
				return false;
			}
			this.orphans.put(file, new OwnedFile(file, channel, fileLock));
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

	private OwnedFile activeFile() throws IOException {
		if (this.active == null) {
			Files.createDirectories(this.directory);
			String name = "audit-" + FILE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-"
					+ Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
			// Created under another name and locked first, so no other process replays (and deletes) it while empty.
			Path creating = this.directory.resolve(name + ".creating");
			FileChannel channel = FileChannel.open(creating, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
					StandardOpenOption.APPEND);
			FileLock fileLock = channel.lock();
			Path path = Files.move(creating, this.directory.resolve(name + ".jsonl"), StandardCopyOption.ATOMIC_MOVE);
			this.active = new OwnedFile(path, channel, fileLock);
			logger.warn("MCP Guard is spooling audit events to " + path + " until the database accepts them again");
		}
		return this.active;
	}

	private void appendRejected(byte[] bytes) {
		this.lock.lock();
		try (FileChannel channel = FileChannel.open(createdDirectory().resolve(REJECTED), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
			writeFully(channel, bytes);
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

	private byte[] lines(List<AuditRecord> records) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(records.size() * 512);
		for (AuditRecord record : records) {
			out.writeBytes(this.json.writeValueAsBytes(record));
			out.write('\n');
		}
		return out.toByteArray();
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

	private static byte[] readBytes(Path file, long from, long to) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(to - from, 1 << 20));
			channel.read(buffer, from);
			byte[] bytes = new byte[buffer.position() + 1];
			buffer.flip().get(bytes, 0, bytes.length - 1);
			bytes[bytes.length - 1] = '\n';
			return bytes;
		}
	}

	private static void writeFully(FileChannel channel, byte[] bytes) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		while (buffer.hasRemaining()) {
			channel.write(buffer);
		}
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
			for (OwnedFile file : this.orphans.values()) {
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

	private record OwnedFile(Path path, FileChannel channel, FileLock fileLock) {

		void close() {
			try {
				this.channel.close();
			}
			catch (IOException ex) {
				logger.warn("MCP Guard could not close audit spool file " + this.path + ": " + ex.getMessage());
			}
		}

	}

	private record Chunk(List<AuditRecord> records, long end) {
	}

}
