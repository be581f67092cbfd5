package dev.mcpguard.auth;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import dev.mcpguard.jdbc.ClusterSync;
import dev.mcpguard.jdbc.McpGuardSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AuthenticationServiceException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Token lookups while the database is unreachable: tokens never seen are refused (503), tokens seen before keep
 * working only when the policy allows it. (The store's queries run on PostgreSQL in the sample's integration
 * tests; this test needs a database it can switch off, so it uses an in-memory one.)
 */
class JdbcTokenStoreOutageTests {

	private final SwitchableDataSource dataSource = new SwitchableDataSource(new SimpleDriverDataSource(new org.h2.Driver(),
			"jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", ""));

	private final ClusterSync sync = new ClusterSync(Duration.ofHours(1));

	@BeforeEach
	void migrate() {
		new McpGuardSchema(this.dataSource).afterPropertiesSet();
	}

	@AfterEach
	void stop() {
		this.sync.destroy();
	}

	@Test
	void whenDatabaseIsDownThenKnownTokensKeepWorkingAndUnknownOnesAreUnavailable() {
		JdbcTokenStore store = store(true);
		String token = store.issue("ci-bot", Set.of("viewer"), Duration.ofDays(1), "test", null).token();
		assertThat(store.findByHash(TokenHashes.sha256Hex(token))).isNotNull();
		this.dataSource.down = true;
		assertThat(store.findByHash(TokenHashes.sha256Hex(token))).extracting(TokenPrincipal::name).isEqualTo("ci-bot");
		assertThatExceptionOfType(AuthenticationServiceException.class)
			.isThrownBy(() -> store.findByHash(TokenHashes.sha256Hex("never-seen-token-000000")))
			.withMessage("Token store unavailable");
	}

	@Test
	void whenStaleTokensAreNotServedThenEveryLookupFailsClosed() {
		JdbcTokenStore store = store(false);
		String token = store.issue("ci-bot", Set.of("viewer"), Duration.ofDays(1), "test", null).token();
		assertThat(store.findByHash(TokenHashes.sha256Hex(token))).isNotNull();
		this.dataSource.down = true;
		assertThatExceptionOfType(AuthenticationServiceException.class)
			.isThrownBy(() -> store.findByHash(TokenHashes.sha256Hex(token)));
	}

	@Test
	void anUnavailableStoreAnswers503NotUnauthorized() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		new BearerAuthenticationEntryPoint(java.util.List.of(), Clock.systemUTC()).commence(new MockHttpServletRequest(),
				response, new AuthenticationServiceException("Token store unavailable"));
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Retry-After")).isEqualTo("5");
	}

	private JdbcTokenStore store(boolean serveStale) {
		// A zero cache time makes every lookup go to the database.
		return new JdbcTokenStore(JdbcClient.create(this.dataSource), Clock.systemUTC(), Duration.ZERO, serveStale, this.sync);
	}

	private static final class SwitchableDataSource extends DelegatingDataSource {

		volatile boolean down;

		SwitchableDataSource(DataSource target) {
			super(target);
		}

		@Override
		public Connection getConnection() throws SQLException {
			if (this.down) {
				throw new SQLException("database unreachable (test)", "08001");
			}
			return super.getConnection();
		}

	}

}
