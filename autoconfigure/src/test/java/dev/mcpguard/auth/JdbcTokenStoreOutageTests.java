package dev.mcpguard.auth;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import dev.mcpguard.jdbc.ClusterSync;
import dev.mcpguard.jdbc.McpGuardSchema;
import org.jspecify.annotations.Nullable;
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
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Token lookups while the database is unreachable: tokens never seen are refused (503), tokens seen before keep
 * working only when the policy allows it, and the database is not asked again on every request meanwhile. (The store's queries run on PostgreSQL in the sample's integration
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
		new BearerAuthenticationEntryPoint(java.util.List.of(), Clock.systemUTC(), Duration.ofSeconds(5)).commence(new MockHttpServletRequest(),
				response, new AuthenticationServiceException("Token store unavailable"));
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Retry-After")).isEqualTo("5");
	}

	@Test
	void aFloodOfUnknownTokensDoesNotPushOutTheTokensThatWork() {
		JdbcTokenStore store = store(true);
		String token = store.issue("ci-bot", Set.of("viewer"), Duration.ofDays(1), "test", null).token();
		assertThat(store.findByHash(TokenHashes.sha256Hex(token))).isNotNull();
		// More made-up tokens than the cache holds: each is looked up once and remembered as unknown.
		for (int i = 0; i < 60_000; i++) {
			assertThat(store.findByHash(TokenHashes.sha256Hex("made-up-token-" + i))).isNull();
		}
		this.dataSource.down = true;
		assertThat(store.findByHash(TokenHashes.sha256Hex(token))).extracting(TokenPrincipal::name).isEqualTo("ci-bot");
	}

	@Test
	void theRetryAfterOfA503IsTheStoresBackOffInWholeSeconds() throws Exception {
		assertThat(retryAfter(Duration.ofSeconds(30))).isEqualTo("30");
		assertThat(retryAfter(Duration.ofMillis(1500))).isEqualTo("2");
		assertThat(retryAfter(Duration.ZERO)).isEqualTo("1");
	}

	private static String retryAfter(Duration backOff) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		new BearerAuthenticationEntryPoint(java.util.List.of(), Clock.systemUTC(), backOff)
			.commence(new MockHttpServletRequest(), response, new AuthenticationServiceException("Token store unavailable"));
		assertThat(response.getStatus()).isEqualTo(503);
		return response.getHeader("Retry-After");
	}

	@Test
	void afterAFailedLookupTheDatabaseIsLeftAloneForOneCacheLifetime() {
		AtomicLong nanos = new AtomicLong();
		JdbcTokenStore store = new JdbcTokenStore(JdbcClient.create(this.dataSource), Clock.systemUTC(), nanos::get,
				Duration.ofSeconds(5), true, this.sync);
		String seen = TokenHashes.sha256Hex(store.issue("seen-bot", Set.of("viewer"), null, "test", null).token());
		String unseen = TokenHashes.sha256Hex(store.issue("late-bot", Set.of("viewer"), null, "test", null).token());
		store.findByHash(seen);
		this.dataSource.down = true;
		nanos.set(Duration.ofSeconds(6).toNanos());
		int before = this.dataSource.attempts.get();
		for (int i = 0; i < 100; i++) {
			assertThat(store.findByHash(seen)).extracting(TokenPrincipal::name).isEqualTo("seen-bot");
			assertThatExceptionOfType(AuthenticationServiceException.class).isThrownBy(() -> store.findByHash(unseen));
		}
		assertThat(this.dataSource.attempts.get() - before).as("one attempt, not one per request").isEqualTo(1);
		this.dataSource.down = false;
		nanos.set(Duration.ofSeconds(10).toNanos());
		assertThatExceptionOfType(AuthenticationServiceException.class).isThrownBy(() -> store.findByHash(unseen));
		nanos.set(Duration.ofSeconds(12).toNanos());
		assertThat(store.findByHash(unseen)).extracting(TokenPrincipal::name).isEqualTo("late-bot");
		assertThat(this.dataSource.attempts.get() - before).isEqualTo(2);
	}

	@Test
	void whileOneRequestWaitsForTheDatabaseTheOthersAreAnsweredAtOnce() throws Exception {
		AtomicLong nanos = new AtomicLong();
		JdbcTokenStore store = new JdbcTokenStore(JdbcClient.create(this.dataSource), Clock.systemUTC(), nanos::get,
				Duration.ofSeconds(5), true, this.sync);
		String seen = TokenHashes.sha256Hex(store.issue("seen-bot", Set.of("viewer"), null, "test", null).token());
		store.findByHash(seen);
		this.dataSource.down = true;
		nanos.set(Duration.ofSeconds(6).toNanos());
		store.findByHash(seen);
		nanos.set(Duration.ofSeconds(12).toNanos());
		// Now the database hangs, as a connection pool does until its timeout while the database is unreachable.
		CountDownLatch waiting = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.dataSource.hang = () -> {
			waiting.countDown();
			release.await(10, TimeUnit.SECONDS);
		};
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			Future<TokenPrincipal> probe = executor.submit(() -> store.findByHash(seen));
			assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
			assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
				assertThat(store.findByHash(seen)).extracting(TokenPrincipal::name).isEqualTo("seen-bot");
				assertThatExceptionOfType(AuthenticationServiceException.class)
					.isThrownBy(() -> store.findByHash(TokenHashes.sha256Hex("never-seen-token-000000")));
			});
			release.countDown();
			assertThat(probe.get(10, TimeUnit.SECONDS)).extracting(TokenPrincipal::name).isEqualTo("seen-bot");
		}
		finally {
			release.countDown();
			executor.shutdownNow();
		}
	}

	private JdbcTokenStore store(boolean serveStale) {
		// A zero cache time makes every lookup go to the database.
		return new JdbcTokenStore(JdbcClient.create(this.dataSource), Clock.systemUTC(), Duration.ZERO, serveStale, this.sync);
	}

	private static final class SwitchableDataSource extends DelegatingDataSource {

		volatile boolean down;

		volatile @Nullable Waiting hang;

		final AtomicInteger attempts = new AtomicInteger();

		SwitchableDataSource(DataSource target) {
			super(target);
		}

		@Override
		public Connection getConnection() throws SQLException {
			this.attempts.incrementAndGet();
			if (this.down) {
				Waiting hang = this.hang;
				if (hang != null) {
					try {
						hang.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
				throw new SQLException("database unreachable (test)", "08001");
			}
			return super.getConnection();
		}

	}

	@FunctionalInterface
	private interface Waiting {

		void await() throws InterruptedException;


	}

}
