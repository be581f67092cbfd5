package dev.mcpguard.sample;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.mcpguard.audit.AuditChain;
import dev.mcpguard.audit.AuditCheckpoint;
import dev.mcpguard.audit.AuditCheckpoints;
import dev.mcpguard.audit.AuditRecord;
import dev.mcpguard.audit.AuditTrail;
import dev.mcpguard.audit.JdbcAuditStore;
import dev.mcpguard.audit.OfflineAuditVerifier;
import dev.mcpguard.pipeline.Outcome;
import dev.mcpguard.sample.support.AuditSpools;
import dev.mcpguard.sample.support.SampleServerTest;
import dev.mcpguard.sample.support.TestDatabaseConfiguration.TestSchema;
import io.modelcontextprotocol.client.McpSyncClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.VIEWER;
import static dev.mcpguard.sample.support.McpTestClients.call;
import static dev.mcpguard.sample.support.McpTestClients.client;
import static dev.mcpguard.sample.support.McpTestClients.http;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signed checkpoints against the attack the hash chain alone cannot see, on a real PostgreSQL: someone with write
 * access to the database changes an old row and recomputes every later hash and the chain head. The chain then
 * checks out by itself; the {@code mcpaudit} verify check and the offline verifier (with the exported checkpoint log
 * lines) report the row at the checkpoint signed before the rewrite.
 */
@SampleServerTest
@ExtendWith(OutputCaptureExtension.class)
class AuditCheckpointIntegrationTests {

	private static final String KEY = "test-only-checkpoint-key-0123456789abcdef";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void checkpointProperties(DynamicPropertyRegistry registry) {
		registry.add("mcp.guard.audit.spool-directory", () -> AuditSpools.newDirectory("mcp-guard-checkpoint-it").toString());
		registry.add("mcp.guard.audit.checkpoint.key", () -> KEY);
		registry.add("mcp.guard.audit.checkpoint.interval", () -> "0s");
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	AuditTrail auditTrail;

	@Autowired
	JdbcAuditStore store;

	@Autowired
	TestSchema schema;

	@TempDir
	Path exportDirectory;

	@Test
	void aRowRewrittenWithTheChainHeadBehindASignedCheckpointIsReported(CapturedOutput output) throws Exception {
		calls(5);
		JsonNode signed = checkpoint();
		long checkpointSeq = signed.path("seq").asLong();
		assertThat(checkpointSeq).isPositive();
		calls(3);
		assertThat(verify().path("status").asString()).isEqualTo("OK");
		assertThat(verify().path("checkpoints").asInt()).isEqualTo(1);
		// The export: the checkpoint lines of the log (shipped to write-once storage in production).
		Path export = this.exportDirectory.resolve("checkpoints.log");
		Files.write(export, output.getOut().lines().filter((line) -> line.contains(AuditCheckpoints.LOGGER)).toList());
		assertThat(AuditCheckpoint.parse(Files.readString(export))).isNotNull()
			.extracting(AuditCheckpoint::seq)
			.isEqualTo(checkpointSeq);
		assertThat(offlineVerifier(export)).startsWith("OK: ");

		long rewritten = this.jdbc.queryForObject(
				"SELECT min(seq) FROM mcp_guard_audit WHERE tool = 'get_product' AND principal = 'demo-viewer'", Long.class);
		assertThat(rewritten).isLessThan(checkpointSeq);
		rewriteFrom(rewritten);
		// the chain alone cannot tell
		assertThat(this.store.verify().valid()).as("the rewritten chain is consistent by itself").isTrue();

		JsonNode result = verify();
		assertThat(result.path("status").asString()).isEqualTo("BROKEN");
		assertThat(result.path("brokenAt").path("seq").asLong()).isEqualTo(checkpointSeq);
		assertThat(result.path("brokenAt").path("reason").asString()).contains("differs from the checkpoint");
		assertThat(offlineVerifier(export)).startsWith("BROKEN at row " + checkpointSeq);

		// Deleting the stored checkpoints too hides nothing from the export, nor from the instance that signed them.
		this.jdbc.update("DELETE FROM mcp_guard_audit_checkpoint");
		assertThat(verify().path("status").asString()).isEqualTo("BROKEN");
		assertThat(offlineVerifier(export)).startsWith("BROKEN at row " + checkpointSeq);
		// A forged checkpoint (no key) of the rewritten head is no help either.
		Files.writeString(export, "seq=" + checkpointSeq + " hash=" + rowHash(checkpointSeq)
				+ " time=2026-01-01T00:00:00Z key=default signature=" + "ab".repeat(32) + "\n");
		assertThat(offlineVerifier(export)).contains("does not match: it was forged or altered");
		assertThat(output.getOut()).doesNotContain(KEY);
	}

	// What an attacker with write access to the database does: change a row, re-hash it and every row after it, and
	// move the chain head to the new last hash.
	private void rewriteFrom(long seq) {
		this.jdbc.update("UPDATE mcp_guard_audit SET arguments = '{\"productId\":666}' WHERE seq = ?", seq);
		String previous = this.jdbc.queryForObject("SELECT prev_hash FROM mcp_guard_audit WHERE seq = ?", String.class, seq);
		List<Map<String, Object>> rows = this.jdbc.queryForList("SELECT * FROM mcp_guard_audit WHERE seq >= ? ORDER BY seq", seq);
		for (Map<String, Object> row : rows) {
			long rowSeq = ((Number) row.get("seq")).longValue();
			String hash = AuditChain.hash(previous, rowSeq, record(row));
			this.jdbc.update("UPDATE mcp_guard_audit SET prev_hash = ?, row_hash = ? WHERE seq = ?", previous, hash, rowSeq);
			previous = hash;
		}
		this.jdbc.update("UPDATE mcp_guard_audit_chain SET last_hash = ?", previous);
	}

	private static AuditRecord record(Map<String, Object> row) {
		return new AuditRecord((String) row.get("id"), ((java.sql.Timestamp) row.get("event_time")).toInstant(),
				(String) row.get("principal"), (String) row.get("auth_method"), (String) row.get("session_id"),
				(String) row.get("client_ip"), (String) row.get("tool"), (String) row.get("arguments"),
				Outcome.valueOf((String) row.get("outcome")), (String) row.get("message"),
				((Number) row.get("duration_ms")).longValue(), (String) row.get("approval_id"), (String) row.get("trace_id"));
	}

	private String rowHash(long seq) {
		return this.jdbc.queryForObject("SELECT row_hash FROM mcp_guard_audit WHERE seq = ?", String.class, seq);
	}

	private void calls(int count) {
		try (McpSyncClient viewer = client(this.port, VIEWER)) {
			for (int i = 0; i < count; i++) {
				assertThat(call(viewer, "get_product", Map.of("productId", 1)).isError()).isFalse();
			}
		}
		assertThat(this.auditTrail.flush(Duration.ofSeconds(10))).isTrue();
	}

	private JsonNode checkpoint() {
		HttpResponse<String> response = http("POST", "http://localhost:" + this.port + "/actuator/mcpaudit/checkpoint",
				"{}", "Authorization", "Bearer " + ADMIN, "Content-Type", "application/json");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private JsonNode verify() {
		HttpResponse<String> response = http("GET", "http://localhost:" + this.port + "/actuator/mcpaudit/verify", null,
				"Authorization", "Bearer " + ADMIN);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private String offlineVerifier(Path export) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int status = OfflineAuditVerifier.run(
				new String[] { "--url", this.schema.jdbcUrl(), "--user", this.schema.username(), "--checkpoints",
						export.toString() },
				Map.of("MCP_GUARD_AUDIT_CHECKPOINT_KEY", KEY, "MCP_GUARD_AUDIT_DB_PASSWORD", this.schema.password()),
				new PrintStream(out, true, StandardCharsets.UTF_8));
		String printed = out.toString(StandardCharsets.UTF_8);
		assertThat(status).as(printed).isEqualTo(printed.startsWith("OK") ? 0 : 1);
		return printed;
	}

}
