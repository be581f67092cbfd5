package dev.mcpguard.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.mcpguard.audit.AuditCheckpoint;
import dev.mcpguard.audit.AuditCheckpoints;
import dev.mcpguard.audit.AuditFinder;
import dev.mcpguard.audit.AuditQuery;
import dev.mcpguard.audit.AuditRecord;
import dev.mcpguard.audit.ChainVerification;
import dev.mcpguard.audit.JdbcAuditStore;
import dev.mcpguard.audit.StoredAuditRecord;
import dev.mcpguard.pipeline.Outcome;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;

/**
 * Actuator endpoint {@code mcpaudit}: search the audit trail ({@code GET}, filters {@code principal}, {@code tool},
 * {@code outcome}, {@code since} and {@code until} as ISO-8601 instants, {@code limit} up to 1000, newest first) and
 * check its hash chain ({@code GET /verify}); with a checkpoint key, sign the chain head ({@code POST /checkpoint}) and
 * list the signed checkpoints ({@code GET /checkpoints}).
 */
@WebEndpoint(id = "mcpaudit")
public class McpAuditEndpoint {

	private static final int DEFAULT_LIMIT = 100;

	private final JdbcAuditStore store;

	private final AuditFinder finder;

	private final @Nullable AuditCheckpoints checkpoints;

	private final JsonMapper json;

	/**
	 * Create the endpoint.
	 * @param store the audit store
	 * @param finder searches the trail (the store itself, or the JPA repository)
	 * @param checkpoints the signed checkpoints, or {@code null} when no key is configured
	 * @param json the mapper that reads the stored argument JSON back, for display
	 */
	public McpAuditEndpoint(JdbcAuditStore store, AuditFinder finder, @Nullable AuditCheckpoints checkpoints,
			JsonMapper json) {
		this.store = store;
		this.finder = finder;
		this.checkpoints = checkpoints;
		this.json = json;
	}

	/**
	 * Search the audit trail, newest first.
	 * @param principal only this principal's events
	 * @param tool only calls of this tool
	 * @param outcome only this outcome, for example {@code DENIED}
	 * @param since only events at or after this ISO-8601 instant
	 * @param until only events before this ISO-8601 instant
	 * @param limit the maximum number of events (1 to 1000, default 100)
	 * @return the events, or 400 with an error for a bad filter
	 */
	@ReadOperation
	public WebEndpointResponse<Map<String, Object>> events(@Nullable String principal, @Nullable String tool,
			@Nullable String outcome, @Nullable String since, @Nullable String until, @Nullable Integer limit) {
		AuditQuery query;
		try {
			query = new AuditQuery(blankToNull(principal), blankToNull(tool), parseOutcome(outcome),
					parseInstant("since", since), parseInstant("until", until), (limit != null) ? limit : DEFAULT_LIMIT);
		}
		catch (IllegalArgumentException ex) {
			return McpTokensEndpoint.error(400, ex.getMessage());
		}
		List<StoredAuditRecord> rows;
		try {
			rows = this.finder.find(query);
		}
		catch (JdbcAuditStore.UnreadableRowException ex) {
			return McpTokensEndpoint.error(500, ex.getMessage());
		}
		List<Map<String, Object>> events = new ArrayList<>(rows.size());
		for (StoredAuditRecord row : rows) {
			events.add(view(row));
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("count", events.size());
		body.put("limit", query.limit());
		body.put("events", events);
		return new WebEndpointResponse<>(body, 200);
	}

	/**
	 * Check the hash chain ({@code verify}), against the signed checkpoints when a key is configured, or list the
	 * newest stored checkpoints ({@code checkpoints}).
	 * @param check {@code verify} or {@code checkpoints}
	 * @return {@code status} {@code OK} with the number of rows and checkpoints checked, or {@code BROKEN} with the
	 * first broken link; the checkpoints; 404 for another path
	 */
	@ReadOperation
	public WebEndpointResponse<Map<String, Object>> verify(@Selector String check) {
		if ("checkpoints".equals(check)) {
			if (this.checkpoints == null) {
				return noCheckpoints();
			}
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("checkpoints", this.checkpoints.stored(DEFAULT_LIMIT).stream().map(McpAuditEndpoint::view).toList());
			return new WebEndpointResponse<>(body, 200);
		}
		if (!"verify".equals(check)) {
			return McpTokensEndpoint.error(404, "Unknown path '" + check + "'; supported: verify, checkpoints");
		}
		ChainVerification result = (this.checkpoints != null) ? this.checkpoints.verify(List.of()) : this.store.verify();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", result.valid() ? "OK" : "BROKEN");
		body.put("checked", result.checked());
		body.put("firstSeq", result.firstSeq());
		body.put("lastSeq", result.lastSeq());
		body.put("checkpoints", result.checkpoints());
		if (!result.ignored().isEmpty()) {
			body.put("ignoredCheckpoints", result.ignored());
		}
		if (result.brokenAt() != null) {
			Map<String, Object> broken = new LinkedHashMap<>();
			broken.put("seq", result.brokenAt().seq());
			broken.put("id", result.brokenAt().id());
			broken.put("reason", result.brokenAt().reason());
			body.put("brokenAt", broken);
		}
		return new WebEndpointResponse<>(body, 200);
	}

	/**
	 * Sign the chain head now ({@code POST /checkpoint}): the checkpoint is stored, logged and returned.
	 * @param action {@code checkpoint}
	 * @return the checkpoint; 409 while the chain is empty; 404 without a key or for another path
	 */
	@WriteOperation
	public WebEndpointResponse<Map<String, Object>> checkpoint(@Selector String action) {
		if (!"checkpoint".equals(action)) {
			return McpTokensEndpoint.error(404, "Unknown path '" + action + "'; supported: checkpoint");
		}
		if (this.checkpoints == null) {
			return noCheckpoints();
		}
		AuditCheckpoint checkpoint = this.checkpoints.signHead();
		if (checkpoint == null) {
			return McpTokensEndpoint.error(409, "The audit chain is empty: nothing to sign yet");
		}
		return new WebEndpointResponse<>(view(checkpoint), 200);
	}

	private static WebEndpointResponse<Map<String, Object>> noCheckpoints() {
		return McpTokensEndpoint.error(404, "Signed checkpoints are off: set mcp.guard.audit.checkpoint.key");
	}

	private static Map<String, Object> view(AuditCheckpoint checkpoint) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("seq", checkpoint.seq());
		view.put("hash", checkpoint.hash());
		view.put("time", checkpoint.time());
		view.put("keyId", checkpoint.keyId());
		view.put("signature", checkpoint.signature());
		view.put("line", checkpoint.toLogText());
		return view;
	}

	private Map<String, Object> view(StoredAuditRecord row) {
		AuditRecord record = row.record();
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", record.id());
		view.put("seq", row.seq());
		view.put("time", record.time());
		view.put("principal", record.principal());
		view.put("authMethod", record.authMethod());
		view.put("sessionId", record.sessionId());
		view.put("clientIp", record.clientIp());
		view.put("tool", record.tool());
		view.put("arguments", arguments(record.arguments()));
		view.put("outcome", record.outcome());
		view.put("message", record.message());
		view.put("durationMs", record.durationMs());
		view.put("approvalId", record.approvalId());
		view.put("traceId", record.traceId());
		return view;
	}

	private @Nullable Object arguments(@Nullable String arguments) {
		if (arguments == null) {
			return null;
		}
		try {
			return this.json.readValue(arguments, Object.class);
		}
		catch (JacksonException ex) {
			return arguments;
		}
	}

	private static @Nullable Outcome parseOutcome(@Nullable String outcome) {
		if (outcome == null || outcome.isBlank()) {
			return null;
		}
		String name = outcome.trim().toUpperCase(Locale.ROOT);
		for (Outcome candidate : Outcome.values()) {
			if (candidate.name().equals(name)) {
				return candidate;
			}
		}
		throw new IllegalArgumentException("Unknown outcome '" + outcome + "'; one of " + Arrays.toString(Outcome.values()));
	}

	private static @Nullable Instant parseInstant(String name, @Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Instant.parse(value.trim());
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("'" + name + "' must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
		}
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

}
