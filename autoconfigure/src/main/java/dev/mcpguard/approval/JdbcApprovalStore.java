package dev.mcpguard.approval;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Approval requests in table {@code mcp_guard_approval}, shared by every instance of the server. A request that
 * is still open (pending, approved and unused, or denied and not yet expired) holds an {@code open_key} unique to
 * its principal, tool and arguments, so concurrent identical calls share one request; closing it (use, expiry)
 * clears the key. Status changes are conditional updates, so concurrent instances never both win.
 */
public class JdbcApprovalStore {

	private static final String COLUMNS = "id, principal, tool, arguments_hash, arguments, reason, status, created_at, "
			+ "expires_at, decided_by, decided_at, comment, consumed_at";

	private static final TypeReference<LinkedHashMap<String, @Nullable Object>> MAP = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json = JsonMapper.builder().build();

	/**
	 * Create the store.
	 * @param jdbc the client of the database holding MCP Guard's tables
	 */
	public JdbcApprovalStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The open request for a principal, tool and arguments.
	 * @param openKey the key of the three ({@link #openKey})
	 * @return the request, if one is open
	 */
	public Optional<ApprovalRequest> findOpen(String openKey) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM mcp_guard_approval WHERE open_key = ?")
			.param(openKey)
			.query(this::request)
			.optional();
	}

	/**
	 * A request by id.
	 * @param id the request id
	 * @return the request, if it exists
	 */
	public Optional<ApprovalRequest> find(String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM mcp_guard_approval WHERE id = ?").param(id).query(this::request).optional();
	}

	/**
	 * The undecided requests that have not expired, oldest first.
	 * @param now the current time
	 * @return the pending requests
	 */
	public List<ApprovalRequest> pending(Instant now) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM mcp_guard_approval WHERE status = 'PENDING' AND expires_at > ? "
				+ "ORDER BY created_at, id")
			.param(Timestamp.from(now))
			.query(this::request)
			.list();
	}

	/**
	 * Store a new pending request unless an identical one is open already.
	 * @param request the request, with status {@link ApprovalStatus#PENDING}
	 * @param openKey the key of its principal, tool and arguments
	 * @return {@code false} if another request with the same key is open
	 */
	public boolean insert(ApprovalRequest request, String openKey) {
		try {
			this.jdbc.sql("INSERT INTO mcp_guard_approval (" + COLUMNS + ", open_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
				.params(request.id(), request.principal(), request.tool(), request.argumentsHash(),
						this.json.writeValueAsString(request.arguments()), request.reason(), request.status().name(),
						Timestamp.from(request.createdAt()), Timestamp.from(request.expiresAt()), request.decidedBy(),
						timestamp(request.decidedAt()), request.comment(), timestamp(request.consumedAt()), openKey)
				.update();
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/**
	 * Record a decision on a pending request that has not expired.
	 * @param id the request id
	 * @param decision {@link ApprovalStatus#APPROVED} or {@link ApprovalStatus#DENIED}
	 * @param approver who decided
	 * @param comment the approver's comment
	 * @param now the time of the decision
	 * @param expiresAt until when the decision holds
	 * @return {@code true} if this call decided it; {@code false} if it was not pending or had expired
	 */
	public boolean decide(String id, ApprovalStatus decision, String approver, @Nullable String comment, Instant now,
			Instant expiresAt) {
		return this.jdbc.sql("UPDATE mcp_guard_approval SET status = ?, decided_by = ?, decided_at = ?, comment = ?, "
				+ "expires_at = ? WHERE id = ? AND status = 'PENDING' AND expires_at > ?")
			.params(decision.name(), approver, Timestamp.from(now), comment, Timestamp.from(expiresAt), id, Timestamp.from(now))
			.update() == 1;
	}

	/**
	 * Claim an approved request for one run of the call: at most one caller, on any instance, gets {@code true}.
	 * @param id the request id
	 * @param now the current time
	 * @return {@code true} if the caller may run the call now
	 */
	public boolean consume(String id, Instant now) {
		return this.jdbc.sql("UPDATE mcp_guard_approval SET status = 'CONSUMED', consumed_at = ?, open_key = NULL "
				+ "WHERE id = ? AND status = 'APPROVED' AND expires_at > ?")
			.params(Timestamp.from(now), id, Timestamp.from(now))
			.update() == 1;
	}

	/**
	 * Close an expired request, so that the identical call opens a new one.
	 * @param id the request id
	 * @param now the current time
	 * @return {@code true} if this call closed it
	 */
	public boolean closeExpired(String id, Instant now) {
		return this.jdbc.sql("UPDATE mcp_guard_approval SET open_key = NULL, "
				+ "status = CASE WHEN status = 'DENIED' THEN status ELSE 'EXPIRED' END "
				+ "WHERE id = ? AND open_key IS NOT NULL AND expires_at <= ?")
			.params(id, Timestamp.from(now))
			.update() == 1;
	}

	/**
	 * The key that identifies identical calls: same principal, tool and arguments.
	 * @param principal the principal
	 * @param tool the tool
	 * @param argumentsHash the hash of the canonical arguments
	 * @return 64 hex digits
	 */
	public static String openKey(String principal, String tool, String argumentsHash) {
		return CanonicalArguments.sha256(Map.of("principal", principal, "tool", tool, "arguments", argumentsHash));
	}

	private ApprovalRequest request(ResultSet rs, int row) throws SQLException {
		return new ApprovalRequest(rs.getString("id"), rs.getString("principal"), rs.getString("tool"),
				rs.getString("arguments_hash"), arguments(rs.getString("arguments")), rs.getString("reason"),
				ApprovalStatus.valueOf(rs.getString("status")), rs.getTimestamp("created_at").toInstant(),
				rs.getTimestamp("expires_at").toInstant(), rs.getString("decided_by"), instant(rs, "decided_at"),
				rs.getString("comment"), instant(rs, "consumed_at"));
	}

	private Map<String, @Nullable Object> arguments(@Nullable String text) {
		if (text == null || text.isEmpty()) {
			return Map.of();
		}
		try {
			return this.json.readValue(text, MAP);
		}
		catch (JacksonException ex) {
			return Map.of("unreadable", ex.getOriginalMessage());
		}
	}

	private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
