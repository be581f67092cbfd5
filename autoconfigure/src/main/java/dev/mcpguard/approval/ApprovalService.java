package dev.mcpguard.approval;

import dev.mcpguard.pipeline.CredentialIssuers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Out-of-band approval: opens one approval request per principal, tool and exact arguments, lets approvers decide
 * it, and lets the identical call of the same principal run exactly once after approval. State lives in the
 * database ({@link JdbcApprovalStore}), so every instance of the server sees the same requests and decisions.
 */
public class ApprovalService {

	private static final Log logger = LogFactory.getLog(ApprovalService.class);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

	private static final int MAX_COMMENT_LENGTH = 2000;

	private static final int MAX_REASON_LENGTH = 500;

	private final JdbcApprovalStore store;

	/** How many calls may wait for a decision at once, unless configured. */
	public static final int DEFAULT_MAX_WAITING = 20;

	private final CredentialIssuers issuers;

	private final Semaphore waiters;

	private final int maxWaiting;

	private final List<ApprovalNotifier> notifiers;

	private final Clock clock;

	private final Duration timeout;

	private final String endpointPath;

	/**
	 * Create the service.
	 * @param store the request store
	 * @param notifiers told about every new request
	 * @param clock the clock
	 * @param timeout how long a request stays open, undecided or once decided
	 * @param endpointPath the path of the {@code mcpapprovals} endpoint, for notifications
	 */
	public ApprovalService(JdbcApprovalStore store, List<ApprovalNotifier> notifiers, Clock clock, Duration timeout,
			String endpointPath) {
		this(store, notifiers, clock, timeout, endpointPath, (principal) -> Set.of(), DEFAULT_MAX_WAITING);
	}

	/**
	 * Create the service.
	 * @param store the requests
	 * @param notifiers told of every new request
	 * @param clock the clock
	 * @param timeout how long a request stays open, undecided or once decided
	 * @param endpointPath the path of the approvals endpoint, for notifications
	 * @param issuers who issued an approver's credentials: an approver whose credentials the requester issued
	 * cannot approve
	 * @param maxWaiting how many calls may wait for a decision at once (each holds a request thread); further
	 * ones are answered at once that approval is pending
	 */
	public ApprovalService(JdbcApprovalStore store, List<ApprovalNotifier> notifiers, Clock clock, Duration timeout,
			String endpointPath, CredentialIssuers issuers, int maxWaiting) {
		this.issuers = issuers;
		this.maxWaiting = Math.max(0, maxWaiting);
		this.waiters = new Semaphore(this.maxWaiting);
		this.store = store;
		this.notifiers = List.copyOf(notifiers);
		this.clock = clock;
		this.timeout = timeout;
		this.endpointPath = endpointPath;
	}

	/**
	 * Ask to run a call that needs approval: open a request (or find the open identical one), and if it is
	 * approved, claim it for this run.
	 * @param principal the caller
	 * @param tool the tool
	 * @param arguments the call's arguments as sent
	 * @param redacted the arguments as approvers may see them, computed only when a request is opened
	 * @param reason why approval is needed
	 * @param wait how long to wait for a decision on a pending request before answering
	 * @return what the caller gets
	 */
	public Ticket request(String principal, String tool, Map<String, Object> arguments,
			Supplier<Map<String, @Nullable Object>> redacted, @Nullable String reason, Duration wait) {
		return request(principal, tool, arguments, redacted, reason, wait, () -> true);
	}

	/**
	 * Ask to run a call that needs approval, as {@link #request(String, String, Map, Supplier, String, Duration)}
	 * does, ending a wait early when the caller has left.
	 * @param principal the caller
	 * @param tool the tool
	 * @param arguments the call's arguments as sent
	 * @param redacted the arguments as approvers may see them, computed only when a request is opened
	 * @param reason why approval is needed
	 * @param wait how long to wait for a decision on a pending request before answering
	 * @param callerPresent asked while waiting whether the caller is still there; when not, the wait ends and the
	 * request stays pending
	 * @return what the caller gets
	 */
	public Ticket request(String principal, String tool, Map<String, Object> arguments,
			Supplier<Map<String, @Nullable Object>> redacted, @Nullable String reason, Duration wait,
			BooleanSupplier callerPresent) {
		String argumentsHash = CanonicalArguments.sha256(arguments);
		String openKey = JdbcApprovalStore.openKey(principal, tool, argumentsHash);
		// Few rounds: each one only repeats after another request or instance changed the row in between.
		for (int round = 0; round < 5; round++) {
			Instant now = now();
			ApprovalRequest open = this.store.findOpen(openKey).orElse(null);
			if (open != null && open.isExpired(now)) {
				this.store.closeExpired(open.id(), now);
				continue;
			}
			if (open == null) {
				ApprovalRequest created = new ApprovalRequest(UUID.randomUUID().toString(), principal, tool,
						argumentsHash, redacted.get(), truncate(reason, MAX_REASON_LENGTH), ApprovalStatus.PENDING, now,
						now.plus(this.timeout), null, null, null, null);
				if (!this.store.insert(created, openKey)) {
					continue;
				}
				notifyApprovers(created);
				open = created;
			}
			@Nullable Ticket ticket = switch (open.status()) {
				case PENDING -> awaitDecision(open, wait, callerPresent);
				case APPROVED -> claim(open);
				case DENIED -> new Ticket.Denied(open);
				case CONSUMED, EXPIRED -> null;
			};
			if (ticket != null) {
				return ticket;
			}
		}
		throw new IllegalStateException("The approval request of '" + tool + "' kept changing; try again");
	}

	/**
	 * The pending requests that have not expired, oldest first.
	 * @return the requests
	 */
	public List<ApprovalRequest> pending() {
		return this.store.pending(this.clock.instant());
	}

	/**
	 * A request by id, in any state.
	 * @param id the id
	 * @return the request
	 */
	public Optional<ApprovalRequest> find(String id) {
		return this.store.find(id);
	}

	/**
	 * Record an approver's decision.
	 * @param id the request id
	 * @param approve whether to approve (else deny)
	 * @param approver the approver's principal name
	 * @param comment the approver's comment, shown to the caller when denied
	 * @return the decided request
	 * @throws ApprovalDecisionException if the request does not exist, is the approver's own, or is not pending
	 */
	public ApprovalRequest decide(String id, boolean approve, String approver, @Nullable String comment) {
		ApprovalRequest request = this.store.find(id)
			.orElseThrow(() -> new ApprovalDecisionException(ApprovalDecisionException.Reason.NOT_FOUND,
					"No approval request " + id + "."));
		if (request.principal().equals(approver)) {
			throw new ApprovalDecisionException(ApprovalDecisionException.Reason.SELF_APPROVAL, "Self-approval is not "
					+ "allowed: " + approver + " made this call; another approver must decide it.");
		}
		if (approve && this.issuers.issuersOf(approver).contains(request.principal())) {
			throw new ApprovalDecisionException(ApprovalDecisionException.Reason.SELF_APPROVAL, "Self-approval is not "
					+ "allowed: the credentials of " + approver + " were issued by " + request.principal()
					+ ", who made this call; an approver independent of it must decide it.");
		}
		if (comment != null && comment.length() > MAX_COMMENT_LENGTH) {
			throw new IllegalArgumentException("'comment' must be at most " + MAX_COMMENT_LENGTH + " characters.");
		}
		Instant now = now();
		ApprovalStatus decision = approve ? ApprovalStatus.APPROVED : ApprovalStatus.DENIED;
		if (!this.store.decide(id, decision, approver, comment, now, now.plus(this.timeout))) {
			ApprovalRequest current = this.store.find(id).orElse(request);
			throw new ApprovalDecisionException(ApprovalDecisionException.Reason.NOT_PENDING, notPending(current, now));
		}
		logger.info("Approval request " + id + " ('" + request.tool() + "' by " + request.principal() + ") "
				+ decision.name().toLowerCase(Locale.ROOT) + " by " + approver);
		return this.store.find(id).orElseThrow();
	}

	/**
	 * How many calls wait for a decision on this instance now.
	 * @return the number of waiting calls
	 */
	public int waiting() {
		return this.maxWaiting - this.waiters.availablePermits();
	}

	private @Nullable Ticket awaitDecision(ApprovalRequest pending, Duration wait, BooleanSupplier callerPresent) {
		if (wait.isZero() || wait.isNegative()) {
			return new Ticket.Pending(pending);
		}
		// Each waiting call holds a request thread: past the cap, a call is told at once that approval is pending.
		if (!this.waiters.tryAcquire()) {
			return new Ticket.Pending(pending);
		}
		ApprovalRequest current = pending;
		try {
			Instant deadline = min(this.clock.instant().plus(wait), pending.expiresAt());
			while (current.status() == ApprovalStatus.PENDING) {
				Duration left = Duration.between(this.clock.instant(), deadline);
				if (left.isZero() || left.isNegative() || !pause(min(left, POLL_INTERVAL))) {
					return new Ticket.Pending(current);
				}
				current = this.store.find(pending.id()).orElse(current);
				if (current.status() == ApprovalStatus.PENDING && !callerPresent.getAsBoolean()) {
					logger.info("The caller of approval request " + current.id() + " ('" + current.tool()
							+ "') left while waiting for the decision; the request stays pending");
					return new Ticket.Pending(current);
				}
			}
		}
		finally {
			this.waiters.release();
		}
		return switch (current.status()) {
			case APPROVED -> claim(current);
			case DENIED -> new Ticket.Denied(current);
			default -> new Ticket.AlreadyUsed(current);
		};
	}

	private @Nullable Ticket claim(ApprovalRequest approved) {
		Instant now = now();
		if (this.store.consume(approved.id(), now)) {
			return new Ticket.Granted(approved);
		}
		ApprovalRequest current = this.store.find(approved.id()).orElse(approved);
		// Approved but expired before use: the caller's next round opens a new request
		return (current.status() == ApprovalStatus.APPROVED) ? null : new Ticket.AlreadyUsed(current);
	}

	private void notifyApprovers(ApprovalRequest request) {
		if (this.notifiers.isEmpty()) {
			return;
		}
		ApprovalNotification notification = new ApprovalNotification(request.id(), request.tool(), request.principal(),
				request.reason(), request.arguments(), request.createdAt(), request.expiresAt(),
				this.endpointPath + "/" + request.id());
		for (ApprovalNotifier notifier : this.notifiers) {
			try {
				notifier.approvalRequested(notification);
			}
			catch (RuntimeException ex) {
				logger.error("Approval notifier " + notifier.getClass().getName() + " failed for request " + request.id(), ex);
			}
		}
	}

	// Milliseconds: what a caller is told equals what the database stores and the endpoint shows.
	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	private static String notPending(ApprovalRequest request, Instant now) {
		String state = switch (request.status()) {
			case PENDING -> "expired at " + request.expiresAt();
			case APPROVED -> "already approved by " + request.decidedBy();
			case DENIED -> "already denied by " + request.decidedBy();
			case CONSUMED -> "already approved and used";
			case EXPIRED -> "expired at " + request.expiresAt();
		};
		return "Approval request " + request.id() + " is not pending: " + state + ".";
	}

	private static boolean pause(Duration duration) {
		try {
			TimeUnit.NANOSECONDS.sleep(duration.toNanos());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static <T extends Comparable<? super T>> T min(T a, T b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private static @Nullable String truncate(@Nullable String text, int max) {
		return (text != null && text.length() > max) ? text.substring(0, max) : text;
	}

	/**
	 * What a caller gets for a call that needs approval.
	 */
	public sealed interface Ticket {

		/**
		 * The approval request behind the answer.
		 * @return the request
		 */
		ApprovalRequest request();

		/**
		 * Approved and claimed: the call runs now, once.
		 * @param request the consumed request
		 */
		record Granted(ApprovalRequest request) implements Ticket {
		}

		/**
		 * Waiting for a decision.
		 * @param request the pending request
		 */
		record Pending(ApprovalRequest request) implements Ticket {
		}

		/**
		 * Denied by an approver.
		 * @param request the denied request
		 */
		record Denied(ApprovalRequest request) implements Ticket {
		}

		/**
		 * Approved, but another identical call used the approval first.
		 * @param request the consumed request
		 */
		record AlreadyUsed(ApprovalRequest request) implements Ticket {
		}

	}

}
