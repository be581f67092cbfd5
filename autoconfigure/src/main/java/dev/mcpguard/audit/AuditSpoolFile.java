package dev.mcpguard.audit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A spool file this process holds open and locked: the one it appends to, or one left by a stopped process that it
 * replays. The lock keeps other processes sharing the directory from replaying (and deleting) it meanwhile.
 *
 * @param path the file
 * @param channel the open channel
 * @param fileLock the lock held on it
 */
record AuditSpoolFile(Path path, FileChannel channel, FileLock fileLock) {

	private static final Log logger = LogFactory.getLog(AuditSpoolFile.class);

	private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS");

	/**
	 * Create a new spool file ({@code audit-<time>-<random>.jsonl}) to append to, locked.
	 */
	static AuditSpoolFile create(Path directory) throws IOException {
		Files.createDirectories(directory);
		String name = "audit-" + FILE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-"
				+ Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
		// Created under another name and locked first, so no other process replays (and deletes) it while empty.
		Path creating = directory.resolve(name + ".creating");
		FileChannel channel = FileChannel.open(creating, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
				StandardOpenOption.APPEND);
		FileLock fileLock = channel.lock();
		Path path = Files.move(creating, directory.resolve(name + ".jsonl"), StandardCopyOption.ATOMIC_MOVE);
		return new AuditSpoolFile(path, channel, fileLock);
	}

	/**
	 * Open and lock an existing spool file, unless another process (or application context) holds it.
	 * @return the file, or {@code null} if it is held elsewhere
	 */
	static @Nullable AuditSpoolFile tryOpen(Path file) throws IOException {
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
			return null;
		}
		return new AuditSpoolFile(file, channel, fileLock);
	}

	void close() {
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			logger.warn("MCP Guard could not close audit spool file " + this.path + ": " + ex.getMessage());
		}
	}

}
