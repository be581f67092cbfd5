package dev.mcpguard.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Packages depend one way: the auto-configuration package turns properties into plain values for the beans of the
 * other packages, and no other package imports it (that was a package cycle: {@code auth} and {@code admin} read
 * the properties classes, which the auto-configurations in turn wire into them).
 */
class PackageDependencyTests {

	private static final Path SOURCES = Path.of("src/main/java/dev/mcpguard");

	@Test
	void noPackageOutsideTheAutoConfigurationImportsIt() throws IOException {
		assertThat(SOURCES).isDirectory();
		List<String> offenders;
		try (Stream<Path> files = Files.walk(SOURCES)) {
			offenders = files.filter((file) -> file.toString().endsWith(".java"))
				.filter((file) -> !file.startsWith(SOURCES.resolve("autoconfigure")))
				.filter(PackageDependencyTests::importsAutoConfiguration)
				.map(Path::toString)
				.toList();
		}
		assertThat(offenders).isEmpty();
	}

	private static boolean importsAutoConfiguration(Path file) {
		try {
			return Files.readAllLines(file).stream().anyMatch((line) -> line.startsWith("import dev.mcpguard.autoconfigure."));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
