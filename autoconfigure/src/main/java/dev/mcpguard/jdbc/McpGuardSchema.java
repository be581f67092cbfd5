package dev.mcpguard.jdbc;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import org.springframework.beans.factory.InitializingBean;

/**
 * The tables of MCP Guard (tokens, revocations, tool state, approvals, audit), migrated by a Flyway of their own
 * with their own history table, so they never mix with the application's migrations. Beans that use the tables
 * depend on this one.
 */
public class McpGuardSchema implements InitializingBean {

	/** Where the migrations live: outside {@code db/migration} so the application's Flyway never sees them. */
	public static final String LOCATION = "classpath:mcp-guard/db/migration";

	/** The history table of MCP Guard's migrations. */
	public static final String HISTORY_TABLE = "mcp_guard_schema_history";

	private static final Log logger = LogFactory.getLog(McpGuardSchema.class);

	private final DataSource dataSource;

	/**
	 * Create the schema initializer.
	 * @param dataSource the database shared by the instances of the application
	 */
	public McpGuardSchema(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public void afterPropertiesSet() {
		// Baseline at 0: the schema usually holds the application's tables already, and all of ours must still run.
		MigrateResult result = Flyway.configure(getClass().getClassLoader())
			.dataSource(this.dataSource)
			.locations(LOCATION)
			.table(HISTORY_TABLE)
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
		if (result.migrationsExecuted > 0) {
			logger.info("MCP Guard schema migrated to version " + result.targetSchemaVersion);
		}
	}

}
