package dev.mcpguard.autoconfigure;

import java.time.Clock;

import javax.sql.DataSource;

import dev.mcpguard.auth.JdbcTokenStore;
import dev.mcpguard.auth.McpGuardTokenDataSource;
import dev.mcpguard.auth.RevokedCredentialSessions;
import dev.mcpguard.auth.SessionBindings;
import dev.mcpguard.auth.StaticTokenStore;
import dev.mcpguard.auth.TokenAgeReporter;
import dev.mcpguard.auth.TokenRevocations;
import dev.mcpguard.auth.McpTokenService;
import dev.mcpguard.authz.JdbcToolStateRepository;
import dev.mcpguard.authz.ToolStateRepository;
import dev.mcpguard.jdbc.ClusterSync;
import dev.mcpguard.jdbc.McpGuardSchema;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.flywaydb.core.Flyway;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Auto-configuration of MCP Guard's shared state in the application's database: its schema (own Flyway history),
 * issued tokens, revocations and the background sync that keeps every instance up to date.
 */
// After Flyway: the application's migrations run first, so its Flyway never meets our tables in an empty history.
// After the security auto-configuration: the sessions of revoked tokens are closed where it binds sessions.
@AutoConfiguration(after = { DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
		McpGuardSecurityAutoConfiguration.class })
@ConditionalOnClass({ JdbcClient.class, Flyway.class, FlywayMigrationInitializer.class })
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnBooleanProperty(name = McpGuardProperties.CONFIG_PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(McpGuardProperties.class)
public final class McpGuardJdbcAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	McpGuardSchema mcpGuardSchema(DataSource dataSource, ObjectProvider<FlywayMigrationInitializer> applicationMigrations) {
		// Resolving the application's migration initializer runs its migrations before ours.
		applicationMigrations.ifAvailable((initializer) -> {
		});
		return new McpGuardSchema(dataSource);
	}

	@Bean(destroyMethod = "destroy")
	@ConditionalOnMissingBean
	ClusterSync mcpGuardClusterSync(McpGuardProperties properties) {
		return new ClusterSync(properties.getCluster().getSyncInterval());
	}

	@Bean
	@ConditionalOnMissingBean
	TokenRevocations mcpGuardTokenRevocations(McpGuardSchema schema,
			@McpGuardTokenDataSource ObjectProvider<DataSource> tokenDataSource, DataSource dataSource, ClusterSync sync) {
		return new TokenRevocations(tokens(tokenDataSource, dataSource), Clock.systemUTC(), sync);
	}

	@Bean
	@ConditionalOnMissingBean
	@Order(10)
	JdbcTokenStore mcpGuardJdbcTokenStore(McpGuardSchema schema,
			@McpGuardTokenDataSource ObjectProvider<DataSource> tokenDataSource, DataSource dataSource, ClusterSync sync,
			McpGuardProperties properties) {
		return new JdbcTokenStore(tokens(tokenDataSource, dataSource), Clock.systemUTC(),
				properties.getAuth().getCacheTtl(), properties.getAuth().isServeStaleTokensOnStoreFailure(), sync);
	}

	// Issued tokens and revocations: the DataSource qualified for them if there is one, else the application's.
	private static JdbcClient tokens(ObjectProvider<DataSource> tokenDataSource, DataSource dataSource) {
		return JdbcClient.create(tokenDataSource.getIfAvailable(() -> dataSource));
	}

	@Bean
	@ConditionalOnMissingBean(ToolStateRepository.class)
	JdbcToolStateRepository mcpGuardToolStateRepository(McpGuardSchema schema, DataSource dataSource) {
		return new JdbcToolStateRepository(JdbcClient.create(dataSource));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(SessionBindings.class)
	RevokedCredentialSessions mcpGuardRevokedCredentialSessions(SessionBindings bindings, TokenRevocations revocations,
			ClusterSync sync) {
		return new RevokedCredentialSessions(bindings, revocations, sync);
	}

	@Bean
	@ConditionalOnMissingBean
	McpTokenService mcpGuardTokenService(JdbcTokenStore issued, StaticTokenStore statics, TokenRevocations revocations,
			McpGuardProperties properties) {
		return new McpTokenService(issued, statics, revocations, Clock.systemUTC(), properties.getAuth().getMaxTokenAge(),
				properties.getAdmin().getRole(), properties.getAdmin().isAllowAdminTokens());
	}

	@Bean
	@ConditionalOnMissingBean
	TokenAgeReporter mcpGuardTokenAgeReporter(McpTokenService tokens, ClusterSync sync) {
		return new TokenAgeReporter(tokens, sync);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class TokenMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "mcpGuardTokenMetrics")
		MeterBinder mcpGuardTokenMetrics(TokenAgeReporter reporter) {
			return (registry) -> Gauge.builder("mcp.guard.tokens.overdue", reporter, TokenAgeReporter::overdueCount)
				.description("Issued tokens older than mcp.guard.auth.max-token-age")
				.register(registry);
		}

	}

}
