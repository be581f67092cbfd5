package dev.mcpguard.audit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.mcpguard.annotation.Sensitive;
import dev.mcpguard.jdbc.McpGuardSchema;
import dev.mcpguard.pipeline.Caller;
import dev.mcpguard.pipeline.Outcome;
import dev.mcpguard.pipeline.ToolCallEvent;
import dev.mcpguard.pipeline.ToolDescriptor;
import dev.mcpguard.pipeline.ToolInvocation;
import io.modelcontextprotocol.spec.McpSchema;
import org.h2.jdbcx.JdbcDataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.util.ReflectionUtils;

/**
 * Events, records and databases for the audit unit tests.
 */
final class AuditTestData {

	static final Caller OPERATOR = new Caller("agent", Set.of("operator"), "token", "10.0.0.7");

	private AuditTestData() {
	}

	/** An H2 database in PostgreSQL mode with MCP Guard's tables. */
	static DataSource migratedH2() {
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL("jdbc:h2:mem:audit-" + UUID.randomUUID()
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
		h2.setUser("sa");
		new McpGuardSchema(h2).afterPropertiesSet();
		return h2;
	}

	static ToolDescriptor tool(String name) {
		Method method = ReflectionUtils.findMethod(Tools.class, "login", String.class, String.class, Map.class);
		return new ToolDescriptor(name, McpSchema.Tool.builder(name, Map.of("type", "object")).build(), method);
	}

	static ToolCallEvent event(String tool, Map<String, Object> arguments, Outcome outcome) {
		return new ToolCallEvent(Instant.now(), new ToolInvocation(tool(tool), arguments, OPERATOR, "session-1", null),
				outcome, (outcome == Outcome.OK) ? null : "refused", 1_500_000, Map.of());
	}

	static AuditRecord record(String tool) {
		return new AuditRecord(UUID.randomUUID().toString(), Instant.parse("2026-01-01T10:00:00.123456Z"), "agent",
				"token", "session-1", "10.0.0.7", tool, "{\"q\":\"x\"}", Outcome.OK, null, 3, null, null);
	}

	static AuditRecord record(String tool, Instant time) {
		AuditRecord record = record(tool);
		return new AuditRecord(record.id(), time, record.principal(), record.authMethod(), record.sessionId(),
				record.clientIp(), record.tool(), record.arguments(), record.outcome(), record.message(),
				record.durationMs(), record.approvalId(), record.traceId());
	}

	/** Tool methods whose parameters the redactor inspects. */
	static class Tools {

		String login(String user, @Sensitive String pin, Map<String, Object> profile) {
			return user;
		}

	}

	/**
	 * A DataSource that can be switched off, as when the database is unreachable, or made to lose the answer to a
	 * commit that went through. It records the SQL of the statements prepared on it.
	 */
	static final class SwitchableDataSource extends DelegatingDataSource {

		private final List<String> statements = new CopyOnWriteArrayList<>();

		private final AtomicInteger lostCommitAnswers = new AtomicInteger();

		private volatile boolean down;

		SwitchableDataSource(DataSource target) {
			super(target);
		}

		void down() {
			this.down = true;
		}

		void up() {
			this.down = false;
		}

		/** The next commits succeed but report a failure, as when the connection breaks before the answer. */
		void loseCommitAnswers(int count) {
			this.lostCommitAnswers.set(count);
		}

		/** The SQL of every statement prepared so far, in order. */
		List<String> statements() {
			return List.copyOf(this.statements);
		}

		/** How many times the ids of a batch were looked up in the audit table. */
		long idLookUps() {
			return this.statements.stream().filter((sql) -> sql.startsWith("SELECT id FROM mcp_guard_audit ")).count();
		}

		void clearStatements() {
			this.statements.clear();
		}

		@Override
		public Connection getConnection() throws SQLException {
			if (this.down) {
				throw new SQLException("database unreachable (test)", "08001");
			}
			Connection connection = super.getConnection();
			return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
					(proxy, method, args) -> {
						if (method.getName().equals("prepareStatement")) {
							this.statements.add((String) args[0]);
						}
						try {
							Object result = method.invoke(connection, args);
							if (method.getName().equals("commit") && loseCommitAnswer()) {
								throw new SQLException("connection lost after the commit (test)", "08006");
							}
							return result;
						}
						catch (InvocationTargetException ex) {
							throw ex.getCause();
						}
					});
		}

		private boolean loseCommitAnswer() {
			return this.lostCommitAnswers.getAndUpdate((n) -> Math.max(0, n - 1)) > 0;
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			return getConnection();
		}

	}

}
