package dev.mcpguard.autoconfigure;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.mcpguard.auth.JdbcTokenStore;
import dev.mcpguard.auth.JdbcTokenStore.NewToken;
import dev.mcpguard.auth.McpGuardTokenDataSource;
import dev.mcpguard.auth.StaticTokenStore;
import dev.mcpguard.auth.TokenHashes;
import dev.mcpguard.auth.TokenRevocations;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class McpGuardJdbcAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, McpGuardJdbcAutoConfiguration.class))
		.withPropertyValues(
				"spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1")
		.withBean(StaticTokenStore.class, () -> new StaticTokenStore(Map.of()));

	@Test
	void issuedTokensUseTheApplicationDataSourceByDefault() {
		this.runner.run((context) -> {
			JdbcTokenStore store = context.getBean(JdbcTokenStore.class);
			NewToken token = store.issue("agent", Set.of("viewer"), null, "test", null);
			assertThat(store.findByHash(TokenHashes.sha256Hex(token.token()))).isNotNull()
				.satisfies((principal) -> assertThat(principal.name()).isEqualTo("agent"));
		});
	}

	@Test
	void issuedTokensAndRevocationsUseTheQualifiedDataSourceWhenThereIsOne() {
		this.runner.withUserConfiguration(TokenDataSourceConfiguration.class).run((context) -> {
			AtomicInteger connections = context.getBean(TokenDataSourceConfiguration.class).connections;
			JdbcTokenStore store = context.getBean(JdbcTokenStore.class);
			int before = connections.get();
			NewToken token = store.issue("agent", Set.of("viewer"), null, "test", null);
			store.evictCache();
			assertThat(store.findByHash(TokenHashes.sha256Hex(token.token()))).isNotNull();
			assertThat(connections.get()).as("issue and lookup through the token DataSource").isGreaterThanOrEqualTo(before + 2);
			int afterLookup = connections.get();
			assertThat(context.getBean(TokenRevocations.class).revoke(token.id(), "test", null)).isTrue();
			assertThat(connections.get()).as("revocation through the token DataSource").isGreaterThan(afterLookup);
			// the application's own DataSource is still the auto-configured one, not the qualified one
			assertThat(context.getBean("dataSource", DataSource.class)).isNotInstanceOf(DelegatingDataSource.class);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class TokenDataSourceConfiguration {

		final AtomicInteger connections = new AtomicInteger();

		@Bean(defaultCandidate = false)
		@McpGuardTokenDataSource
		DataSource tokenDataSource(DataSource dataSource) {
			return TestDataSources.beforeEachConnection(dataSource, this.connections::incrementAndGet);
		}

	}

}
