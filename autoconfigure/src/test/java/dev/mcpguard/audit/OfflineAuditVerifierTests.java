package dev.mcpguard.audit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.mcpguard.jdbc.McpGuardSchema;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link OfflineAuditVerifier} on H2 in PostgreSQL mode.
 */
class OfflineAuditVerifierTests {

	private static final String KEY = "unit-test-checkpoint-key-0123456789abcdef";

	private final String url = "jdbc:h2:mem:verifier-" + UUID.randomUUID()
			+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";

	private final JdbcDataSource dataSource = new JdbcDataSource();

	private final JdbcAuditStore store;

	private final AuditCheckpoints checkpoints;

	@TempDir
	Path directory;

	OfflineAuditVerifierTests() {
		this.dataSource.setURL(this.url);
		this.dataSource.setUser("sa");
		new McpGuardSchema(this.dataSource).afterPropertiesSet();
		this.store = new JdbcAuditStore(this.dataSource);
		this.checkpoints = new AuditCheckpoints(this.dataSource, this.store, new CheckpointSigner(KEY, "prod"),
				Duration.ZERO, Clock.systemUTC(), ThreadPoolTaskScheduler::new);
		this.store.append(List.of(AuditTestData.record("a"), AuditTestData.record("b")));
	}

	private Result run(String... extra) {
		String[] args = new String[4 + extra.length];
		args[0] = "--url";
		args[1] = this.url;
		args[2] = "--user";
		args[3] = "sa";
		System.arraycopy(extra, 0, args, 4, extra.length);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int status = OfflineAuditVerifier.run(args, Map.of(OfflineAuditVerifier.KEY_VARIABLE, KEY),
				new PrintStream(out, true, StandardCharsets.UTF_8));
		return new Result(status, out.toString(StandardCharsets.UTF_8));
	}

	@Test
	void storedCheckpointsUnderAnotherKeyIdFailTheDefaultKeyId() {
		this.checkpoints.signHead();
		Result result = run();
		assertThat(result.status()).as(result.printed()).isEqualTo(1);
		assertThat(result.printed()).startsWith("NOT VERIFIED").contains("'default'").contains("prod=1");
	}

	@Test
	void exportedCheckpointsUnderAnotherKeyIdFail() throws Exception {
		AuditCheckpoint checkpoint = this.checkpoints.signHead();
		this.dataSource.getConnection().createStatement().execute("DELETE FROM mcp_guard_audit_checkpoint");
		Path export = Files.writeString(this.directory.resolve("checkpoints.log"),
				"x MCP Guard audit checkpoint " + checkpoint.toLogText() + "\n");
		Result result = run("--checkpoints", export.toString(), "--key-id", "other");
		assertThat(result.status()).as(result.printed()).isEqualTo(1);
		assertThat(result.printed()).startsWith("NOT VERIFIED").contains("prod=1");
	}

	@Test
	void theRightKeyIdVerifiesAndReportsTheOthersIgnored() {
		this.checkpoints.signHead();
		// one checkpoint a row: the old key signs a later head
		this.store.append(List.of(AuditTestData.record("c")));
		new AuditCheckpoints(this.dataSource, this.store, new CheckpointSigner(KEY, "old"), Duration.ZERO,
				Clock.systemUTC(), ThreadPoolTaskScheduler::new)
			.signHead();
		Result result = run("--key-id", "prod");
		assertThat(result.status()).as(result.printed()).isZero();
		assertThat(result.printed()).startsWith("OK").contains("old=1");
		assertThat(this.checkpoints.verify(List.of()).ignored()).containsExactly(Map.entry("old", 1));
	}

	@Test
	void withoutCheckpointsTheChainAloneIsChecked() {
		Result result = run();
		assertThat(result.status()).as(result.printed()).isZero();
		assertThat(result.printed()).startsWith("OK");
	}

	private record Result(int status, String printed) {
	}

}
