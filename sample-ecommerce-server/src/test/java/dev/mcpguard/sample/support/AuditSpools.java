package dev.mcpguard.sample.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Audit spool directories of the tests: one of its own per test class, and the spool files waiting in it.
 */
public final class AuditSpools {

	private AuditSpools() {
	}

	/**
	 * A new, empty spool directory.
	 * @param prefix the directory name's prefix
	 * @return the directory
	 */
	public static Path newDirectory(String prefix) {
		try {
			return Files.createTempDirectory(prefix);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The spool files waiting to be replayed.
	 * @param directory the spool directory
	 * @return the files, none if the directory does not exist
	 */
	public static List<Path> files(Path directory) {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((file) -> file.getFileName().toString().startsWith("audit-")).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
