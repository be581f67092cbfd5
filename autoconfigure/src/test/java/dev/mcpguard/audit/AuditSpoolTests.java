package dev.mcpguard.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class AuditSpoolTests {

	private static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

	@TempDir
	Path directory;

	@Test
	void whenNothingIsSpooledThenTheDirectoryIsNotEvenCreated() {
		Path spoolDirectory = this.directory.resolve("spool");
		AuditSpool spool = new AuditSpool(spoolDirectory, JSON);
		assertThat(spool.hasPending()).isFalse();
		assertThat(spool.replay(10, (records) -> {
			throw new AssertionError("nothing to replay");
		})).isZero();
		assertThat(spoolDirectory).doesNotExist();
	}

	@Test
	void spooledRecordsAreReplayedInOrderAndTheFileIsRemoved() {
		AuditSpool spool = new AuditSpool(this.directory, JSON);
		List<AuditRecord> written = records(7);
		spool.append(written.subList(0, 3));
		spool.append(written.subList(3, 7));
		assertThat(spool.hasPending()).isTrue();
		List<List<AuditRecord>> chunks = new ArrayList<>();
		assertThat(spool.replay(3, chunks::add)).isEqualTo(7);
		assertThat(chunks).extracting(List::size).containsExactly(3, 3, 1);
		assertThat(chunks.stream().flatMap(List::stream).toList()).isEqualTo(written);
		assertThat(spool.hasPending()).isFalse();
		assertThat(spoolFiles()).isEmpty();
	}

	@Test
	void whenTheWriterFailsThenReplayResumesAfterTheLastWrittenChunk() {
		AuditSpool spool = new AuditSpool(this.directory, JSON);
		List<AuditRecord> written = records(5);
		spool.append(written);
		List<AuditRecord> stored = new ArrayList<>();
		assertThatIllegalStateException().isThrownBy(() -> spool.replay(2, (chunk) -> {
			if (!stored.isEmpty()) {
				throw new IllegalStateException("database gone");
			}
			stored.addAll(chunk);
		}));
		assertThat(spool.hasPending()).isTrue();
		spool.replay(2, stored::addAll);
		assertThat(stored).isEqualTo(written);
		assertThat(spoolFiles()).isEmpty();
	}

	@Test
	void recordsAppendedAfterAReplayGoToANewFile() {
		AuditSpool spool = new AuditSpool(this.directory, JSON);
		spool.append(records(1));
		spool.replay(10, (chunk) -> {
		});
		List<AuditRecord> later = records(2);
		spool.append(later);
		List<AuditRecord> replayed = new ArrayList<>();
		spool.replay(10, replayed::addAll);
		assertThat(replayed).isEqualTo(later);
	}

	@Test
	void filesLeftByAStoppedProcessAreReplayedAtTheNextStart() {
		AuditSpool before = new AuditSpool(this.directory, JSON);
		List<AuditRecord> written = records(3);
		before.append(written);
		before.close();
		AuditSpool after = new AuditSpool(this.directory, JSON);
		assertThat(after.hasPending()).isTrue();
		List<AuditRecord> replayed = new ArrayList<>();
		after.replay(10, replayed::addAll);
		assertThat(replayed).isEqualTo(written);
		assertThat(spoolFiles()).isEmpty();
	}

	@Test
	void aFileStillWrittenByAnotherSpoolIsLeftAlone() {
		AuditSpool writing = new AuditSpool(this.directory, JSON);
		List<AuditRecord> written = records(2);
		writing.append(written);
		AuditSpool other = new AuditSpool(this.directory, JSON);
		assertThat(other.replay(10, (chunk) -> {
			throw new AssertionError("must not replay a file another spool holds");
		})).isZero();
		List<AuditRecord> replayed = new ArrayList<>();
		writing.replay(10, replayed::addAll);
		assertThat(replayed).isEqualTo(written);
	}

	@Test
	void aCutLastLineAndUnreadableLinesAreSetAsideAndTheRestReplayed() throws IOException {
		AuditSpool before = new AuditSpool(this.directory, JSON);
		List<AuditRecord> written = records(2);
		before.append(written.subList(0, 1));
		before.close();
		Path file = spoolFiles().get(0);
		Files.writeString(file, "not json\n", StandardOpenOption.APPEND);
		Files.write(file, JSON.writeValueAsBytes(written.get(1)), StandardOpenOption.APPEND);
		Files.writeString(file, "\n{\"id\":\"cut", StandardOpenOption.APPEND);
		AuditSpool after = new AuditSpool(this.directory, JSON);
		List<AuditRecord> replayed = new ArrayList<>();
		after.replay(10, replayed::addAll);
		assertThat(replayed).isEqualTo(written);
		assertThat(Files.readString(this.directory.resolve("rejected.jsonl"), StandardCharsets.UTF_8))
			.contains("not json").contains("{\"id\":\"cut");
		assertThat(spoolFiles()).isEmpty();
	}

	private List<Path> spoolFiles() {
		try (Stream<Path> files = Files.list(this.directory)) {
			return files.filter((file) -> file.getFileName().toString().startsWith("audit-")).toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<AuditRecord> records(int count) {
		List<AuditRecord> records = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			records.add(AuditTestData.record("tool-" + i));
		}
		return records;
	}

}
