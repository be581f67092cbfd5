package dev.mcpguard.sample.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import dev.mcpguard.sample.support.TestDatabaseConfiguration.TestSchema;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TestDatabaseConfiguration}.
 */
class TestDatabaseConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
		.withUserConfiguration(TestDatabaseConfiguration.class);

	@Test
	void dataSourceConnectsToRealPostgresqlInFreshSchema() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(JdbcConnectionDetails.class).hasSingleBean(DataSource.class);
			TestSchema schema = context.getBean(TestSchema.class);
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(schema.schema()).startsWith("t_");
			assertThat(query(dataSource, "select version()")).contains("PostgreSQL");
			assertThat(query(dataSource, "select current_schema()")).isEqualTo(schema.schema());
			assertThat(query(dataSource,
					"select count(*) from information_schema.tables where table_schema = current_schema()"))
				.isEqualTo("0");
		});
	}

	@Test
	void eachContextGetsItsOwnSchemaAndNeverSeesAnotherContextsData() {
		this.contextRunner.run((first) -> this.contextRunner.run((second) -> {
			TestSchema firstSchema = first.getBean(TestSchema.class);
			TestSchema secondSchema = second.getBean(TestSchema.class);
			assertThat(firstSchema.schema()).isNotEqualTo(secondSchema.schema());
			DataSource firstDataSource = first.getBean(DataSource.class);
			DataSource secondDataSource = second.getBean(DataSource.class);
			update(firstDataSource, "create table item (name text)");
			update(firstDataSource, "insert into item values ('first')");
			assertThat(query(secondDataSource, "select to_regclass('item') is null")).isEqualTo("t");
			update(secondDataSource, "create table item (name text)");
			assertThat(query(secondDataSource, "select count(*) from item")).isEqualTo("0");
			assertThat(query(firstDataSource, "select count(*) from item")).isEqualTo("1");
		}));
	}

	@Test
	void flywayMigratesIntoTheContextsOwnSchema() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
			.withBean(V1__CreateItem.class)
			// keep the sample's own migrations out: this test is about the schema, not the application
			.withPropertyValues("spring.flyway.locations=classpath:dev/mcpguard/sample/support/none")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(query(context.getBean(DataSource.class),
						"select string_agg(table_name, ',' order by table_name) from information_schema.tables "
								+ "where table_schema = '" + context.getBean(TestSchema.class).schema() + "'"))
					.isEqualTo("flyway_schema_history,item");
			});
	}

	@Test
	void openConnectionUsesTheContextsSchema() {
		this.contextRunner.run((context) -> {
			TestSchema schema = context.getBean(TestSchema.class);
			update(context.getBean(DataSource.class), "create table note (text text)");
			try (Connection connection = schema.openConnection(); Statement statement = connection.createStatement()) {
				statement.execute("insert into note values ('seen')");
			}
			assertThat(query(context.getBean(DataSource.class), "select text from note")).isEqualTo("seen");
		});
	}

	@Test
	void whenContextClosesThenSchemaOfExternalDatabaseIsDropped() throws SQLException {
		AtomicReference<TestSchema> schema = new AtomicReference<>();
		this.contextRunner.run((context) -> schema.set(context.getBean(TestSchema.class)));
		try (Connection connection = schema.get().openConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(
						"select count(*) from pg_namespace where nspname = '" + schema.get().schema() + "'")) {
			result.next();
			// Containers and embedded servers are thrown away whole; only TEST_DB_URL outlives the JVM
			assertThat(result.getInt(1)).isEqualTo(schema.get().dropOnClose() ? 0 : 1);
		}
	}

	static class V1__CreateItem extends BaseJavaMigration {

		@Override
		public void migrate(Context context) throws SQLException {
			try (Statement statement = context.getConnection().createStatement()) {
				statement.execute("create table item (name text)");
			}
		}

	}

	private static String query(DataSource dataSource, String sql) throws SQLException {
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			assertThat(result.next()).isTrue();
			return result.getString(1);
		}
	}

	private static void update(DataSource dataSource, String sql) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
