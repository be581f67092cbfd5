package dev.mcpguard.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * DataSources for the auto-configuration tests' qualified pools: the application's database, with a hook run before
 * each connection is handed out (to count connections, or to refuse them as an unreachable database would).
 */
final class TestDataSources {

	private TestDataSources() {
	}

	static DataSource beforeEachConnection(DataSource target, ConnectionHook hook) {
		return new DelegatingDataSource(target) {
			@Override
			public Connection getConnection() throws SQLException {
				hook.run();
				return super.getConnection();
			}
		};
	}

	/** Runs before each connection; throwing refuses it. */
	@FunctionalInterface
	interface ConnectionHook {

		void run() throws SQLException;

	}

}
