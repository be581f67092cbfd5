package dev.mcpguard.sample.shop;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import dev.mcpguard.sample.support.TestDatabaseConfiguration;
import dev.mcpguard.sample.support.TestDatabaseConfiguration.TestSchema;
import org.flywaydb.core.Flyway;
import org.h2.api.ErrorCode;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The CHECK constraints of the shop schema ({@code db/migration}) on both databases the sample runs on, for a
 * connection opened after the one that ran the migrations was closed, as a pool does when it retires connections
 * ({@code max-lifetime}). H2 2.4.240 ties a CHECK written with a value list ({@code col IN (...)}, or an OR chain
 * it rewrites into one) to the connection that created it: once that connection is closed, every insert or
 * update of the table fails with "Check constraint invalid" (h2database/h2database#4302).
 */
class ShopSchemaTests {

	/** H2's SQLState for a violated CHECK; 23514 is H2's "Check constraint invalid". */
	private static final String H2_CHECK_VIOLATION = String.valueOf(ErrorCode.CHECK_CONSTRAINT_VIOLATED_1);

	private static final String POSTGRESQL_CHECK_VIOLATION = "23514";

	@Test
	void onH2ChecksAcceptValidAndRefuseInvalidRowsAfterMigratingConnectionIsClosed() throws SQLException {
		// the sample's own URL (application.yml) on a database of this test's own
		String url = "jdbc:h2:mem:shop_" + UUID.randomUUID()
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
		ConnectionOpener h2 = () -> DriverManager.getConnection(url, "sa", "");
		try {
			assertChecksAfterMigratingConnectionIsClosed(h2, H2_CHECK_VIOLATION);
		}
		finally {
			try (Connection connection = h2.open(); Statement statement = connection.createStatement()) {
				statement.execute("SHUTDOWN");
			}
		}
	}

	@Test
	void onPostgresqlChecksAcceptValidAndRefuseInvalidRowsAfterMigratingConnectionIsClosed() {
		new ApplicationContextRunner().withUserConfiguration(TestDatabaseConfiguration.class)
			.run((context) -> assertChecksAfterMigratingConnectionIsClosed(
					context.getBean(TestSchema.class)::openConnection, POSTGRESQL_CHECK_VIOLATION));
	}

	private static void assertChecksAfterMigratingConnectionIsClosed(ConnectionOpener database,
			String checkViolationSqlState) throws SQLException {
		try (Connection migrating = database.open()) {
			Flyway.configure()
				.dataSource(new SingleConnectionDataSource(migrating, true))
				.locations("classpath:db/migration")
				.load()
				.migrate();
		}
		try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
			statement.executeUpdate(
					"INSERT INTO customers (name, email, tier) VALUES ('Eve Adams', 'eve@example.com', 'SILVER')");
			long customerId = queryLong(statement, "SELECT id FROM customers WHERE email = 'eve@example.com'");
			statement.executeUpdate("INSERT INTO orders (customer_id, status, total, created_at, updated_at) VALUES ("
					+ customerId + ", 'NEW', 9.99, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
			long orderId = queryLong(statement, "SELECT id FROM orders WHERE customer_id = " + customerId);
			statement.executeUpdate("INSERT INTO order_items (order_id, product_id, quantity, unit_price) VALUES ("
					+ orderId + ", 7, 1, 9.99)");
			for (String status : new String[] { "CONFIRMED", "SHIPPED", "CANCELLED", "NEW" }) {
				statement.executeUpdate("UPDATE orders SET status = '" + status + "' WHERE id = " + orderId);
			}
			statement.executeUpdate("UPDATE customers SET tier = 'GOLD' WHERE id = " + customerId);
			assertThat(queryLong(statement,
					"SELECT COUNT(*) FROM orders WHERE status = 'NEW' AND id = " + orderId))
				.isOne();

			assertRefused(statement, checkViolationSqlState, "ck_orders_status",
					"UPDATE orders SET status = 'LOST' WHERE id = " + orderId);
			assertRefused(statement, checkViolationSqlState, "ck_orders_status",
					"UPDATE orders SET status = 'new' WHERE id = " + orderId);
			assertRefused(statement, checkViolationSqlState, "ck_orders_total",
					"UPDATE orders SET total = -1 WHERE id = " + orderId);
			assertRefused(statement, checkViolationSqlState, "ck_customers_tier",
					"UPDATE customers SET tier = 'PLATINUM' WHERE id = " + customerId);
			assertRefused(statement, checkViolationSqlState, "ck_products_price",
					"UPDATE products SET price = -0.01 WHERE id = 7");
			assertRefused(statement, checkViolationSqlState, "ck_products_stock",
					"UPDATE products SET stock = -1 WHERE id = 7");
			assertRefused(statement, checkViolationSqlState, "ck_order_items_quantity",
					"UPDATE order_items SET quantity = 0 WHERE order_id = " + orderId);
			assertRefused(statement, checkViolationSqlState, "ck_order_items_unit_price",
					"UPDATE order_items SET unit_price = -1 WHERE order_id = " + orderId);
		}
	}

	private static void assertRefused(Statement statement, String checkViolationSqlState, String constraint,
			String sql) {
		assertThatExceptionOfType(SQLException.class).as(sql)
			.isThrownBy(() -> statement.executeUpdate(sql))
			.satisfies((ex) -> assertThat(ex.getSQLState()).as(ex.getMessage()).isEqualTo(checkViolationSqlState))
			.withMessageContaining(constraint);
	}

	private static long queryLong(Statement statement, String sql) throws SQLException {
		try (ResultSet result = statement.executeQuery(sql)) {
			assertThat(result.next()).as(sql).isTrue();
			return result.getLong(1);
		}
	}

	@FunctionalInterface
	private interface ConnectionOpener {

		Connection open() throws SQLException;

	}

}
