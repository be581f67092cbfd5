package dev.mcpguard.authz;

import java.sql.Timestamp;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tool states in the shared database, table {@code mcp_guard_tool_state}.
 */
public class JdbcToolStateRepository implements ToolStateRepository {

	private final JdbcClient jdbc;

	/**
	 * Create the repository.
	 * @param jdbc the database
	 */
	public JdbcToolStateRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public List<ToolState> findAll() {
		return this.jdbc.sql("SELECT tool_name, enabled, reason, changed_by, changed_at FROM mcp_guard_tool_state")
			.query((rs, row) -> new ToolState(rs.getString("tool_name"), rs.getBoolean("enabled"), rs.getString("reason"),
					rs.getString("changed_by"), rs.getTimestamp("changed_at").toInstant()))
			.list();
	}

	@Override
	public void save(ToolState state) {
		Timestamp changedAt = Timestamp.from(state.changedAt());
		int updated = update(state, changedAt);
		if (updated == 0) {
			try {
				this.jdbc.sql("INSERT INTO mcp_guard_tool_state (tool_name, enabled, reason, changed_by, changed_at) VALUES (?, ?, ?, ?, ?)")
					.params(state.toolName(), state.enabled(), state.reason(), state.changedBy(), changedAt)
					.update();
			}
			catch (DuplicateKeyException ex) {
				// Another instance inserted the row first: ours is the later change.
				update(state, changedAt);
			}
		}
	}

	private int update(ToolState state, Timestamp changedAt) {
		return this.jdbc.sql("UPDATE mcp_guard_tool_state SET enabled = ?, reason = ?, changed_by = ?, changed_at = ? WHERE tool_name = ?")
			.params(state.enabled(), state.reason(), state.changedBy(), changedAt, state.toolName())
			.update();
	}

}
