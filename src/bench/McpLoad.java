import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Load generator for an MCP server over Streamable HTTP: N clients, each with its own MCP session (initialize,
 * notifications/initialized), call one tool in a loop for a fixed duration, either as fast as answers come
 * (capacity) or at a fixed total rate ({@code --rate}, for latency). Prints calls/s, latency percentiles and errors
 * as one line of key=value pairs (easy to parse), after a warm-up that is not counted.
 * <p>
 * Deliberately lean (JDK HttpClient, no JSON library) so that on a small machine the client takes as little CPU
 * from the server as possible. Run with {@code java src/bench/McpLoad.java --url http://localhost:8080/mcp ...}.
 */
public final class McpLoad {

	private static final String ACCEPT = "application/json, text/event-stream";

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		String url = options.getOrDefault("url", "http://localhost:8080/mcp");
		String token = options.get("token");
		int clients = Integer.parseInt(options.getOrDefault("clients", "8"));
		Duration duration = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "20")));
		Duration warmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "10")));
		String tool = options.getOrDefault("tool", "get_product");
		String arguments = options.getOrDefault("arguments", "{\"productId\":1}");
		String label = options.getOrDefault("label", "run");
		// Calls per second offered by all clients together; 0 = each client calls again as soon as it has an answer.
		double rate = Double.parseDouble(options.getOrDefault("rate", "0"));

		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
		List<Session> sessions = new ArrayList<>();
		for (int i = 0; i < clients; i++) {
			sessions.add(Session.open(http, url, token));
		}
		String call = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}}";

		Recorder warm = new Recorder();
		run(sessions, call, warmup, rate, warm);
		Recorder recorder = new Recorder();
		long start = System.nanoTime();
		run(sessions, call, duration, rate, recorder);
		double seconds = (System.nanoTime() - start) / 1e9;
		long[] latencies = recorder.latencies();
		Arrays.sort(latencies);
		long total = warm.latencies().length + warm.errors.get() + latencies.length + recorder.errors.get();
		System.out.printf("label=%s clients=%d rate=%.0f seconds=%.1f calls=%d errors=%d calls_per_s=%.0f p50_ms=%.3f p99_ms=%.3f total_calls=%d%n",
				label, clients, rate, seconds, latencies.length, recorder.errors.get(), latencies.length / seconds,
				percentile(latencies, 0.50) / 1e6, percentile(latencies, 0.99) / 1e6, total);
		if (recorder.firstError != null) {
			System.out.println("first_error=" + recorder.firstError.replace('\n', ' '));
		}
	}

	/**
	 * Every client calls in a loop until the duration is over. Without a rate each call follows the previous answer
	 * (closed loop: the server's capacity). With a rate each client sends on a fixed schedule and a call's latency
	 * counts from when it was due, not from when it could be sent, so a server that falls behind shows it in the
	 * percentiles instead of slowing the load down (open loop).
	 */
	private static void run(List<Session> sessions, String call, Duration duration, double rate, Recorder recorder)
			throws InterruptedException {
		AtomicBoolean stop = new AtomicBoolean();
		CountDownLatch done = new CountDownLatch(sessions.size());
		long interval = (rate > 0) ? (long) (sessions.size() * 1e9 / rate) : 0;
		long begin = System.nanoTime();
		for (int i = 0; i < sessions.size(); i++) {
			Session session = sessions.get(i);
			long offset = (interval * i) / sessions.size();
			new Thread(() -> {
				try {
					long due = begin + offset;
					while (!stop.get()) {
						if (interval > 0) {
							long wait = due - System.nanoTime();
							if (wait > 0) {
								LockSupport.parkNanos(wait);
							}
						}
						long t0 = (interval > 0) ? due : System.nanoTime();
						due += interval;
						String error = session.call(call);
						long elapsed = System.nanoTime() - t0;
						if (error == null) {
							recorder.record(elapsed);
						}
						else {
							recorder.error(error);
						}
					}
				}
				finally {
					done.countDown();
				}
			}).start();
		}
		Thread.sleep(duration.toMillis());
		stop.set(true);
		done.await();
	}

	private static long percentile(long[] sorted, double p) {
		return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new HashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		return options;
	}

	/** One MCP session over Streamable HTTP. */
	private record Session(HttpClient http, URI uri, String token, String id) {

		static Session open(HttpClient http, String url, String token) throws Exception {
			URI uri = URI.create(url);
			String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
					+ "\"capabilities\":{},\"clientInfo\":{\"name\":\"mcp-load\",\"version\":\"1\"}}}";
			HttpResponse<String> response = http.send(request(uri, token, null, init), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("initialize answered " + response.statusCode() + ": " + response.body());
			}
			String id = response.headers().firstValue("Mcp-Session-Id").orElseThrow();
			http.send(request(uri, token, id, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"),
					HttpResponse.BodyHandlers.discarding());
			return new Session(http, uri, token, id);
		}

		/** Calls the tool; returns null on success, else what went wrong. */
		String call(String body) {
			try {
				HttpResponse<String> response = this.http.send(request(this.uri, this.token, this.id, body), HttpResponse.BodyHandlers.ofString());
				String text = response.body();
				if (response.statusCode() != 200) {
					return "HTTP " + response.statusCode() + " " + text;
				}
				if (text.contains("\"isError\":true") || text.contains("\"error\":")) {
					return text;
				}
				return null;
			}
			catch (Exception ex) {
				return ex.toString();
			}
		}

		private static HttpRequest request(URI uri, String token, String session, String body) {
			HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
				.header("Content-Type", "application/json").header("Accept", ACCEPT)
				.POST(HttpRequest.BodyPublishers.ofString(body));
			if (token != null) {
				builder.header("Authorization", "Bearer " + token);
			}
			if (session != null) {
				builder.header("Mcp-Session-Id", session);
			}
			return builder.build();
		}

	}

	/** Latencies and errors, safe for many threads. */
	private static final class Recorder {

		private final List<long[]> chunks = new ArrayList<>();

		private final AtomicLong errors = new AtomicLong();

		private volatile String firstError;

		private final ThreadLocal<long[]> local = new ThreadLocal<>();

		private final ThreadLocal<int[]> position = ThreadLocal.withInitial(() -> new int[1]);

		void record(long nanos) {
			long[] chunk = this.local.get();
			int[] pos = this.position.get();
			if (chunk == null || pos[0] == chunk.length) {
				chunk = new long[65_536];
				synchronized (this.chunks) {
					this.chunks.add(chunk);
				}
				this.local.set(chunk);
				pos[0] = 0;
			}
			chunk[pos[0]++] = nanos + 1;
		}

		void error(String error) {
			if (this.errors.incrementAndGet() == 1) {
				this.firstError = error.length() > 300 ? error.substring(0, 300) : error;
			}
		}

		long[] latencies() {
			synchronized (this.chunks) {
				return this.chunks.stream().flatMapToLong((chunk) -> Arrays.stream(chunk).filter((v) -> v > 0)).map((v) -> v - 1).toArray();
			}
		}

	}

}
