package dev.mcpguard.approval;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.mcpguard.approval.ApprovalService.Ticket;
import dev.mcpguard.jdbc.McpGuardSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link ApprovalService} and {@link JdbcApprovalStore} on H2 in PostgreSQL mode (the sample's default database),
 * which also checks that the migration runs there; the integration tests cover PostgreSQL.
 */
class ApprovalServiceTests {

	private static final Map<String, Object> ARGUMENTS = Map.of("orderId", 7);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));

	private final List<ApprovalNotification> notifications = new CopyOnWriteArrayList<>();

	private ApprovalService service;

	private JdbcClient jdbc;

	private ExecutorService executor;

	@BeforeEach
	void setUp() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(
				"jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
		new McpGuardSchema(dataSource).afterPropertiesSet();
		this.jdbc = JdbcClient.create(dataSource);
		this.service = new ApprovalService(new JdbcApprovalStore(this.jdbc), List.of(this.notifications::add), this.clock,
				Duration.ofMinutes(10), "/actuator/mcpapprovals");
		this.executor = Executors.newFixedThreadPool(10);
	}

	@AfterEach
	void tearDown() {
		this.executor.shutdownNow();
	}

	@Test
	void whenIdenticalCallRepeatsThenItGetsTheSamePendingRequestAndApproversAreToldOnce() {
		Ticket first = request("ann", ARGUMENTS);
		Ticket second = request("ann", Map.of("orderId", 7.0));
		assertThat(first).isInstanceOf(Ticket.Pending.class);
		assertThat(second).isInstanceOf(Ticket.Pending.class);
		assertThat(second.request().id()).isEqualTo(first.request().id());
		assertThat(first.request().expiresAt()).isEqualTo(this.clock.instant().plus(Duration.ofMinutes(10)));
		assertThat(this.notifications).singleElement().satisfies((notification) -> {
			assertThat(notification.id()).isEqualTo(first.request().id());
			assertThat(notification.decisionPath()).isEqualTo("/actuator/mcpapprovals/" + first.request().id());
			assertThat(notification.arguments()).containsEntry("orderId", "redacted-view");
		});
		assertThat(this.service.pending()).extracting(ApprovalRequest::id).containsExactly(first.request().id());
	}

	@Test
	void whenApprovedThenTheIdenticalCallRunsOnceAndTheNextOneNeedsANewApproval() {
		String id = request("ann", ARGUMENTS).request().id();
		ApprovalRequest decided = this.service.decide(id, true, "bob", "ok");
		assertThat(decided.status()).isEqualTo(ApprovalStatus.APPROVED);
		assertThat(decided.decidedBy()).isEqualTo("bob");
		assertThat(decided.comment()).isEqualTo("ok");
		assertThat(request("ann", ARGUMENTS)).isInstanceOf(Ticket.Granted.class);
		assertThat(this.service.find(id).orElseThrow().status()).isEqualTo(ApprovalStatus.CONSUMED);
		Ticket next = request("ann", ARGUMENTS);
		assertThat(next).isInstanceOf(Ticket.Pending.class);
		assertThat(next.request().id()).isNotEqualTo(id);
	}

	@Test
	void whenApprovedThenOtherArgumentsAndOtherPrincipalsStillNeedTheirOwnApproval() {
		String id = request("ann", ARGUMENTS).request().id();
		this.service.decide(id, true, "bob", null);
		assertThat(request("ann", Map.of("orderId", 8))).isInstanceOf(Ticket.Pending.class);
		assertThat(request("carl", ARGUMENTS)).isInstanceOf(Ticket.Pending.class);
		assertThat(this.service.find(id).orElseThrow().status()).isEqualTo(ApprovalStatus.APPROVED);
	}

	@Test
	void whenTenIdenticalCallsRaceForOneApprovalThenExactlyOneRuns() throws Exception {
		String id = request("ann", ARGUMENTS).request().id();
		this.service.decide(id, true, "bob", null);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Ticket>> futures = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			futures.add(this.executor.submit(awaiting(start, () -> request("ann", ARGUMENTS))));
		}
		start.countDown();
		List<Ticket> tickets = new ArrayList<>();
		for (Future<Ticket> future : futures) {
			tickets.add(future.get());
		}
		assertThat(tickets).filteredOn(Ticket.Granted.class::isInstance).hasSize(1);
		assertThat(tickets).filteredOn((ticket) -> !(ticket instanceof Ticket.Granted))
			.hasSize(9)
			.allSatisfy((ticket) -> assertThat(ticket).isInstanceOfAny(Ticket.AlreadyUsed.class, Ticket.Pending.class));
		assertThat(tickets).filteredOn(Ticket.Pending.class::isInstance)
			.extracting((ticket) -> ticket.request().id())
			.as("late identical calls share one new request")
			.doesNotContain(id)
			.containsOnly(tickets.stream().filter(Ticket.Pending.class::isInstance).map((ticket) -> ticket.request().id())
				.findFirst().orElse("none"));
	}

	@Test
	void whenTenIdenticalCallsArriveAtOnceThenOneRequestIsOpened() throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Ticket>> futures = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			futures.add(this.executor.submit(awaiting(start, () -> request("ann", ARGUMENTS))));
		}
		start.countDown();
		List<String> ids = new ArrayList<>();
		for (Future<Ticket> future : futures) {
			ids.add(future.get().request().id());
		}
		assertThat(ids).hasSize(10).containsOnly(ids.get(0));
		assertThat(this.jdbc.sql("SELECT count(*) FROM mcp_guard_approval").query(Integer.class).single()).isEqualTo(1);
	}

	@Test
	void whenDeniedThenTheIdenticalCallIsRefusedWithTheCommentUntilTheRequestExpires() {
		String id = request("ann", ARGUMENTS).request().id();
		this.service.decide(id, false, "bob", "Not during the audit");
		Ticket denied = request("ann", ARGUMENTS);
		assertThat(denied).isInstanceOf(Ticket.Denied.class);
		assertThat(denied.request().comment()).isEqualTo("Not during the audit");
		this.clock.advance(Duration.ofMinutes(10));
		Ticket afterExpiry = request("ann", ARGUMENTS);
		assertThat(afterExpiry).isInstanceOf(Ticket.Pending.class);
		assertThat(afterExpiry.request().id()).isNotEqualTo(id);
		assertThat(this.service.find(id).orElseThrow().status()).isEqualTo(ApprovalStatus.DENIED);
	}

	@Test
	void whenPendingRequestExpiresThenItCannotBeDecidedAndTheCallOpensANewOne() {
		String id = request("ann", ARGUMENTS).request().id();
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(this.service.pending()).isEmpty();
		assertThatExceptionOfType(ApprovalDecisionException.class).isThrownBy(() -> this.service.decide(id, true, "bob", null))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(ApprovalDecisionException.Reason.NOT_PENDING))
			.withMessageContaining("expired");
		Ticket next = request("ann", ARGUMENTS);
		assertThat(next).isInstanceOf(Ticket.Pending.class);
		assertThat(next.request().id()).isNotEqualTo(id);
		assertThat(this.service.find(id).orElseThrow().status()).isEqualTo(ApprovalStatus.EXPIRED);
	}

	@Test
	void whenApprovedButNotUsedInTimeThenTheCallOpensANewRequest() {
		String id = request("ann", ARGUMENTS).request().id();
		this.service.decide(id, true, "bob", null);
		this.clock.advance(Duration.ofMinutes(11));
		Ticket next = request("ann", ARGUMENTS);
		assertThat(next).isInstanceOf(Ticket.Pending.class);
		assertThat(next.request().id()).isNotEqualTo(id);
	}

	@Test
	void whenApproverIsTheCallerThenTheDecisionIsRefused() {
		String id = request("ann", ARGUMENTS).request().id();
		assertThatExceptionOfType(ApprovalDecisionException.class).isThrownBy(() -> this.service.decide(id, true, "ann", null))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(ApprovalDecisionException.Reason.SELF_APPROVAL))
			.withMessageContaining("Self-approval is not allowed");
		assertThat(this.service.find(id).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
	}

	@Test
	void anApproverWhoseCredentialsTheRequesterIssuedDirectlyOrThroughAChainCannotApprove() {
		ApprovalService service = new ApprovalService(new JdbcApprovalStore(this.jdbc), List.of(), this.clock,
				Duration.ofMinutes(10), "/actuator/mcpapprovals",
				(principal) -> switch (principal) {
					case "ann-twin" -> Set.of("ann");
					case "ann-grandtwin" -> Set.of("ann-twin", "ann");
					default -> Set.of();
				}, ApprovalService.DEFAULT_MAX_WAITING);
		String id = service.request("ann", "delete_order", ARGUMENTS, () -> Map.of("orderId", "redacted-view"), "reason",
				Duration.ZERO).request().id();
		for (String minted : new String[] { "ann-twin", "ann-grandtwin" }) {
			assertThatExceptionOfType(ApprovalDecisionException.class).isThrownBy(() -> service.decide(id, true, minted, null))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(ApprovalDecisionException.Reason.SELF_APPROVAL))
				.withMessageContaining("were issued by ann");
		}
		assertThat(service.decide(id, true, "bob", null).status()).isEqualTo(ApprovalStatus.APPROVED);
	}

	@Test
	void whenDecidedTwiceOrUnknownThenTheSecondDecisionIsRefused() {
		String id = request("ann", ARGUMENTS).request().id();
		this.service.decide(id, false, "bob", null);
		assertThatExceptionOfType(ApprovalDecisionException.class).isThrownBy(() -> this.service.decide(id, true, "carl", null))
			.withMessageContaining("already denied by bob");
		assertThatExceptionOfType(ApprovalDecisionException.class)
			.isThrownBy(() -> this.service.decide("no-such-id", true, "carl", null))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(ApprovalDecisionException.Reason.NOT_FOUND));
	}

	@Test
	void whenDecisionArrivesWhileTheCallWaitsThenTheCallRuns() throws Exception {
		MutableClock realTime = new MutableClock(null);
		ApprovalService waiting = new ApprovalService(new JdbcApprovalStore(this.jdbc), List.of(), realTime,
				Duration.ofMinutes(10), "/actuator/mcpapprovals");
		Future<Ticket> call = this.executor.submit(() -> waiting.request("ann", "delete_order", ARGUMENTS, Map::of, null,
				Duration.ofSeconds(30)));
		await().atMost(Duration.ofSeconds(10)).until(() -> !waiting.pending().isEmpty());
		waiting.decide(waiting.pending().get(0).id(), true, "bob", null);
		assertThat(call.get()).isInstanceOf(Ticket.Granted.class);
	}

	@Test
	void whenNoDecisionArrivesWithinTheWaitThenTheCallIsPending() {
		MutableClock realTime = new MutableClock(null);
		ApprovalService waiting = new ApprovalService(new JdbcApprovalStore(this.jdbc), List.of(), realTime,
				Duration.ofMinutes(10), "/actuator/mcpapprovals");
		Instant before = Instant.now();
		Ticket ticket = waiting.request("ann", "delete_order", ARGUMENTS, Map::of, null, Duration.ofMillis(300));
		assertThat(ticket).isInstanceOf(Ticket.Pending.class);
		assertThat(Duration.between(before, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(300));
	}

	private Ticket request(String principal, Map<String, Object> arguments) {
		return this.service.request(principal, "delete_order", arguments, () -> Map.of("orderId", "redacted-view"),
				"Deleting is final", Duration.ZERO);
	}

	private static <T> Callable<T> awaiting(CountDownLatch start, Callable<T> task) {
		return () -> {
			start.await();
			return task.call();
		};
	}

	/**
	 * A clock tests can move; without a start time it follows the system clock.
	 */
	static final class MutableClock extends Clock {

		private volatile Instant now;

		private final boolean real;

		MutableClock(Instant start) {
			this.now = start;
			this.real = (start == null);
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.real ? Instant.now() : this.now;
		}

	}

}
