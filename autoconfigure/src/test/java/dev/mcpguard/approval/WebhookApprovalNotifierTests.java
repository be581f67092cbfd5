package dev.mcpguard.approval;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import dev.mcpguard.pipeline.ArgumentRedactor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WebhookApprovalNotifierTests {

	private static final ApprovalNotification NOTIFICATION = new ApprovalNotification("a-1", "delete_order", "ann",
			"Deleting is final", Map.of("orderId", 7, "password", ArgumentRedactor.MASK),
			Instant.parse("2026-01-01T10:00:00Z"), Instant.parse("2026-01-01T10:10:00Z"), "/actuator/mcpapprovals/a-1");

	private final List<String> bodies = new CopyOnWriteArrayList<>();

	private final List<String> authorizations = new CopyOnWriteArrayList<>();

	private final AtomicInteger failuresLeft = new AtomicInteger();

	private HttpServer server;

	private WebhookApprovalNotifier notifier;

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/hook", (exchange) -> {
			this.bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			this.authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
			int status = (this.failuresLeft.getAndDecrement() > 0) ? 503 : 204;
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		this.server.start();
	}

	@AfterEach
	void stop() {
		if (this.notifier != null) {
			this.notifier.destroy();
		}
		this.server.stop(0);
	}

	@Test
	void whenRequestIsOpenedThenTheWebhookReceivesItAsJson() {
		this.notifier = notifier(3);
		this.notifier.approvalRequested(NOTIFICATION);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.bodies.size() == 1);
		@SuppressWarnings("unchecked")
		Map<String, Object> body = JsonMapper.builder().build().readValue(this.bodies.get(0), Map.class);
		assertThat(body).containsEntry("id", "a-1")
			.containsEntry("tool", "delete_order")
			.containsEntry("principal", "ann")
			.containsEntry("reason", "Deleting is final")
			.containsEntry("arguments", Map.of("orderId", 7, "password", ArgumentRedactor.MASK))
			.containsEntry("expiresAt", "2026-01-01T10:10:00Z")
			.containsEntry("decisionPath", "/actuator/mcpapprovals/a-1");
		assertThat(this.authorizations).containsExactly("Bearer hook-secret");
	}

	@Test
	void whenWebhookFailsThenDeliveryIsRetriedWithBackoff() {
		this.failuresLeft.set(2);
		this.notifier = notifier(3);
		this.notifier.approvalRequested(NOTIFICATION);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.bodies.size() == 3);
		assertThat(this.bodies).containsOnly(this.bodies.get(0));
	}

	@Test
	void whenAttemptsRunOutThenTheNotificationIsDropped() {
		this.failuresLeft.set(100);
		this.notifier = notifier(2);
		this.notifier.approvalRequested(NOTIFICATION);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.bodies.size() == 2);
		this.failuresLeft.set(0);
		// a later notification is still delivered: the failed one no longer holds a queue slot
		this.notifier.approvalRequested(NOTIFICATION);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.bodies.size() == 3);
	}

	@Test
	void whenWebhookIsUnreachableThenTheCallerIsNotBlocked() {
		this.notifier = new WebhookApprovalNotifier(URI.create("http://127.0.0.1:1/hook"), Map.of(), Duration.ofSeconds(1),
				Duration.ofSeconds(1), 1, Duration.ofMillis(10), 1);
		this.notifier.approvalRequested(NOTIFICATION);
		this.notifier.approvalRequested(NOTIFICATION);
		assertThat(this.bodies).isEmpty();
	}

	private WebhookApprovalNotifier notifier(int maxAttempts) {
		return new WebhookApprovalNotifier(URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/hook"),
				Map.of("Authorization", "Bearer hook-secret"), Duration.ofSeconds(2), Duration.ofSeconds(2), maxAttempts,
				Duration.ofMillis(20), 10);
	}

}
