package dev.mcpguard.approval;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;

/**
 * Posts every new approval request as JSON to a webhook (chat, ticketing, an on-call tool): {@code id},
 * {@code tool}, {@code principal}, {@code reason}, the redacted {@code arguments}, {@code createdAt},
 * {@code expiresAt} and the {@code decisionPath} of the actuator endpoint. Delivery never blocks a call: it runs
 * on one background thread with a bounded queue, retries failed attempts (connection errors and non-2xx
 * answers) with doubling back-off, and drops the notification with a log line when the attempts or the queue run
 * out. Header values (say, an authorization token) are never logged.
 */
public class WebhookApprovalNotifier implements ApprovalNotifier, DisposableBean {

	private static final Log logger = LogFactory.getLog(WebhookApprovalNotifier.class);

	private final URI url;

	private final Map<String, String> headers;

	private final Duration readTimeout;

	private final int maxAttempts;

	private final Duration backoff;

	private final int queueCapacity;

	private final HttpClient http;

	private final JsonMapper json = JsonMapper.builder().build();

	private final ScheduledThreadPoolExecutor executor;

	private final AtomicInteger queued = new AtomicInteger();

	/**
	 * Create the notifier.
	 * @param url where to post
	 * @param headers extra request headers
	 * @param connectTimeout connection timeout of one attempt
	 * @param readTimeout response timeout of one attempt
	 * @param maxAttempts attempts per notification, at least one
	 * @param backoff pause before the second attempt, doubled for each further one
	 * @param queueCapacity notifications waiting for delivery beyond which new ones are dropped
	 */
	public WebhookApprovalNotifier(URI url, Map<String, String> headers, Duration connectTimeout, Duration readTimeout,
			int maxAttempts, Duration backoff, int queueCapacity) {
		this.url = url;
		this.headers = Map.copyOf(headers);
		this.readTimeout = readTimeout;
		this.maxAttempts = Math.max(1, maxAttempts);
		this.backoff = backoff;
		this.queueCapacity = Math.max(1, queueCapacity);
		this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
		this.executor = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "mcp-guard-approval-webhook");
			thread.setDaemon(true);
			return thread;
		});
		this.executor.setRemoveOnCancelPolicy(true);
	}

	@Override
	public void approvalRequested(ApprovalNotification notification) {
		if (this.queued.incrementAndGet() > this.queueCapacity) {
			this.queued.decrementAndGet();
			logger.warn("Approval webhook queue is full; notification of request " + notification.id() + " dropped");
			return;
		}
		byte[] body = this.json.writeValueAsBytes(payload(notification));
		this.executor.execute(() -> attempt(notification.id(), body, 1));
	}

	private void attempt(String id, byte[] body, int attempt) {
		String problem;
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(this.url)
				.timeout(this.readTimeout)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofByteArray(body));
			this.headers.forEach(request::header);
			HttpResponse<Void> response = this.http.send(request.build(), HttpResponse.BodyHandlers.discarding());
			if (response.statusCode() / 100 == 2) {
				this.queued.decrementAndGet();
				return;
			}
			problem = "HTTP " + response.statusCode();
		}
		catch (IOException | RuntimeException ex) {
			problem = ex.getClass().getSimpleName() + ": " + ex.getMessage();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.queued.decrementAndGet();
			return;
		}
		if (attempt >= this.maxAttempts || this.executor.isShutdown()) {
			this.queued.decrementAndGet();
			logger.warn("Approval webhook notification of request " + id + " dropped after " + attempt + " attempt"
					+ ((attempt > 1) ? "s" : "") + ": " + problem);
			return;
		}
		long delay = this.backoff.toMillis() << Math.min(attempt - 1, 16);
		if (logger.isDebugEnabled()) {
			logger.debug("Approval webhook attempt " + attempt + " for request " + id + " failed (" + problem
					+ "); retrying in " + delay + " ms");
		}
		this.executor.schedule(() -> attempt(id, body, attempt + 1), delay, TimeUnit.MILLISECONDS);
	}

	private static Map<String, Object> payload(ApprovalNotification notification) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("id", notification.id());
		payload.put("tool", notification.tool());
		payload.put("principal", notification.principal());
		payload.put("reason", notification.reason());
		payload.put("arguments", notification.arguments());
		payload.put("createdAt", notification.createdAt().toString());
		payload.put("expiresAt", notification.expiresAt().toString());
		payload.put("decisionPath", notification.decisionPath());
		return payload;
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

}
