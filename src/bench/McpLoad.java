import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Load generator for MCP servers over Streamable HTTP: N clients per server, each with its own MCP session
 * (initialize, notifications/initialized), call one tool in a loop, either as fast as answers come (capacity) or at
 * a fixed total rate ({@code --rate}, for latency). Prints, per server, calls/s, latency percentiles and errors as one
 * line of key=value pairs (easy to parse).
 * <p>
 * Several servers ({@code --url a,b --label x,y --token t1,t2}, an empty token for none) are driven in alternating
 * slices from this one warm JVM: {@code --rounds R} splits each server's {@code --seconds} into R slices, run in the
 * order a b, b a, a b, ... so that a change of the machine's speed during the run (other tenants of a shared host,
 * CPU frequency) costs every server alike and cancels in their ratio. With {@code --pid p1,p2} the servers' CPU time
 * (from /proc, {@code --hz} ticks per second) is counted over their own slices only. Warm-up ({@code --warmup},
 * seconds per server) is alternated the same way, in slices of at most 20 s, and not counted. Per server, the calls/s,
 * p99 and wall-clock start of every slice are printed too ({@code rounds}, {@code rounds_p99_ms},
 * {@code rounds_started}): a p99 made by one slice's stall shows there, and its time can be matched with logs; and
 * the load generator's own longest stall in each slice ({@code rounds_client_stall_ms}).
 * <p>
 * Deliberately lean (JDK HttpClient, no JSON library) so that on a small machine the client takes as little CPU
 * from the server as possible. Run with {@code java src/bench/McpLoad.java --url http://localhost:8080/mcp ...}.
 */
public final class McpLoad {

	private static final String ACCEPT = "application/json, text/event-stream";

	private static final Hiccups HICCUPS = Hiccups.start();

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		String[] urls = options.getOrDefault("url", "http://localhost:8080/mcp").split(",");
		String[] labels = options.getOrDefault("label", "run").split(",", -1);
		String[] tokens = options.getOrDefault("token", "").split(",", -1);
		String[] pids = options.getOrDefault("pid", "").split(",", -1);
		int clients = Integer.parseInt(options.getOrDefault("clients", "8"));
		double seconds = Double.parseDouble(options.getOrDefault("seconds", "20"));
		double warmup = Double.parseDouble(options.getOrDefault("warmup", "10"));
		int rounds = Integer.parseInt(options.getOrDefault("rounds", "1"));
		double hz = Double.parseDouble(options.getOrDefault("hz", "100"));
		String tool = options.getOrDefault("tool", "get_product");
		String arguments = options.getOrDefault("arguments", "{\"productId\":1}");
		// Calls per second offered by all clients of one server together; 0 = each client calls again as soon as it
		// has an answer.
		double rate = Double.parseDouble(options.getOrDefault("rate", "0"));

		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
		String call = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}}";
		List<Target> targets = new ArrayList<>();
		for (int t = 0; t < urls.length; t++) {
			String token = (t < tokens.length && !tokens[t].isEmpty()) ? tokens[t] : null;
			List<Session> sessions = new ArrayList<>();
			for (int i = 0; i < clients; i++) {
				sessions.add(Session.open(http, urls[t], token));
			}
			String pid = (t < pids.length && !pids[t].isEmpty()) ? pids[t] : null;
			targets.add(new Target((t < labels.length) ? labels[t] : "run" + t, sessions, pid));
		}

		int warmupSlices = (int) Math.ceil(warmup / 20);
		for (int r = 0; r < warmupSlices; r++) {
			for (Target target : order(targets, r)) {
				run(target.sessions, call, warmup / warmupSlices, rate, target.warm);
			}
		}
		for (int r = 0; r < rounds; r++) {
			for (Target target : order(targets, r)) {
				long cpu0 = target.cpuTicks();
				Ticks machine0 = machineTicks();
				long t0 = System.nanoTime();
				String started = LocalTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
				Recorder recorder = new Recorder();
				HICCUPS.reset();
				run(target.sessions, call, seconds / rounds, rate, recorder);
				long hiccup = HICCUPS.reset();
				double slice = (System.nanoTime() - t0) / 1e9;
				long[] sliceLatencies = recorder.latencies();
				Arrays.sort(sliceLatencies);
				target.recorder.add(recorder);
				target.seconds += slice;
				target.cpu += target.cpuTicks() - cpu0;
				Ticks machine1 = machineTicks();
				target.busy += machine1.busy() - machine0.busy();
				target.postgres += machine1.postgresSince(machine0);
				target.slices.add(new Slice(sliceLatencies.length / slice, percentile(sliceLatencies, 0.99) / 1e6, started,
						hiccup / 1e6));
			}
		}
		for (Target target : targets) {
			long[] latencies = target.recorder.latencies();
			Arrays.sort(latencies);
			long total = target.warm.latencies().length + target.warm.errors.get() + latencies.length + target.recorder.errors.get();
			double calls = Math.max(1, latencies.length);
			String cpu = ((target.pid != null) ? String.format(" cpu_us_per_call=%.0f", target.cpu / hz * 1e6 / calls) : "")
					+ String.format(" postgres_us_per_call=%.0f machine_us_per_call=%.0f", target.postgres / hz * 1e6 / calls, target.busy / hz * 1e6 / calls);
			System.out.printf("label=%s clients=%d rate=%.0f seconds=%.1f calls=%d errors=%d calls_per_s=%.0f p50_ms=%.3f p99_ms=%.3f total_calls=%d rounds=%s rounds_p99_ms=%s rounds_started=%s rounds_client_stall_ms=%s%s%n",
					target.label, clients, rate, target.seconds, latencies.length, target.recorder.errors.get(), latencies.length / target.seconds,
					percentile(latencies, 0.50) / 1e6, percentile(latencies, 0.99) / 1e6, total, target.slices("%.0f", Slice::callsPerSecond),
					target.slices("%.1f", Slice::p99Ms), target.slices("%s", Slice::started),
					target.slices("%.1f", Slice::clientStallMs), cpu);
			if (target.recorder.firstError != null) {
				System.out.println("first_error=" + target.recorder.firstError.replace('\n', ' '));
			}
		}
	}

	/**
	 * The machine's busy CPU time (all cores, from /proc/stat) and that of every PostgreSQL process on it, in clock
	 * ticks, per process: while one server is under load, what the whole machine spends per call (server, this
	 * client, the database). PostgreSQL's processes come and go (a pool replaces its connections), so its time is
	 * counted per process id.
	 */
	private static Ticks machineTicks() {
		long busy = 0;
		Map<String, Long> postgres = new HashMap<>();
		try {
			String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			for (int i = 1; i < cpu.length && i <= 8; i++) {
				busy += (i == 4 || i == 5) ? 0 : Long.parseLong(cpu[i]);
			}
			try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
				for (Path process : processes) {
					try {
						String stat = Files.readString(process.resolve("stat"));
						if (stat.contains("(postgres)")) {
							postgres.put(process.getFileName().toString(), processTicks(stat));
						}
					}
					catch (IOException ex) {
						// the process ended
					}
				}
			}
		}
		catch (IOException ex) {
			// not Linux: report zeros
		}
		return new Ticks(busy, postgres);
	}

	/** CPU time of the machine and of each PostgreSQL process at one moment. */
	private record Ticks(long busy, Map<String, Long> postgres) {

		/** PostgreSQL's CPU time since {@code before}: processes started meanwhile count whole. */
		long postgresSince(Ticks before) {
			long sum = 0;
			for (Map.Entry<String, Long> process : this.postgres.entrySet()) {
				sum += process.getValue() - before.postgres.getOrDefault(process.getKey(), 0L);
			}
			return sum;
		}

	}

	/** utime + stime from the text of /proc/PID/stat. */
	private static long processTicks(String stat) {
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		// after "pid (comm) ": the state is field 0 here, utime (14th field of the line) and stime (15th) at 11 and 12
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	/** a b c, then c b a, then a b c ...: every server runs as often early as late in a pair of rounds. */
	private static List<Target> order(List<Target> targets, int round) {
		List<Target> order = new ArrayList<>(targets);
		if (round % 2 == 1) {
			Collections.reverse(order);
		}
		return order;
	}

	/** What one measured slice of one server gave: calls/s, p99, wall-clock start, the load generator's longest stall. */
	private record Slice(double callsPerSecond, double p99Ms, String started, double clientStallMs) {

	}

	/** One server under load: its sessions, what was measured, its process CPU. */
	private static final class Target {

		final String label;

		final List<Session> sessions;

		final String pid;

		final Recorder warm = new Recorder();

		final Recorder recorder = new Recorder();

		final List<Slice> slices = new ArrayList<>();

		double seconds;

		long cpu;

		long busy;

		long postgres;

		Target(String label, List<Session> sessions, String pid) {
			this.label = label;
			this.sessions = sessions;
			this.pid = pid;
		}

		/** One figure of every measured slice, formatted, joined by '/'. */
		String slices(String format, Function<Slice, Object> figure) {
			return this.slices.stream().map((slice) -> String.format(format, figure.apply(slice))).collect(Collectors.joining("/"));
		}

		/** utime + stime of the server process, in clock ticks (0 without a pid). */
		long cpuTicks() {
			if (this.pid == null) {
				return 0;
			}
			try {
				return processTicks(Files.readString(Path.of("/proc", this.pid, "stat")));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	/**
	 * Every client calls in a loop until the duration is over. Without a rate each call follows the previous answer
	 * (closed loop: the server's capacity). With a rate each client sends on a fixed schedule and a call's latency
	 * counts from when it was due, not from when it could be sent, so a server that falls behind shows it in the
	 * percentiles instead of slowing the load down (open loop).
	 */
	private static void run(List<Session> sessions, String call, double seconds, double rate, Recorder recorder)
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
		Thread.sleep((long) (seconds * 1000));
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

	/**
	 * The load generator's own stalls: a thread that asks to wake up every millisecond records by how much it woke
	 * late (the longest since the last reset). A server's slow calls in a slice where this is large were (also)
	 * the client's or the machine's stall: its own pause, or no core free for it.
	 */
	private static final class Hiccups implements Runnable {

		private final AtomicLong longest = new AtomicLong();

		static Hiccups start() {
			Hiccups hiccups = new Hiccups();
			Thread thread = new Thread(hiccups, "hiccups");
			thread.setDaemon(true);
			thread.start();
			return hiccups;
		}

		/** The longest late wake-up since the last reset, in nanoseconds; starts again from zero. */
		long reset() {
			return this.longest.getAndSet(0);
		}

		@Override
		public void run() {
			long before = System.nanoTime();
			while (true) {
				LockSupport.parkNanos(1_000_000);
				long now = System.nanoTime();
				long late = now - before - 1_000_000;
				this.longest.accumulateAndGet(late, Math::max);
				before = now;
			}
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

		/** Takes over what another recorder holds (which is no longer used). */
		void add(Recorder other) {
			synchronized (this.chunks) {
				synchronized (other.chunks) {
					this.chunks.addAll(other.chunks);
				}
			}
			if (other.errors.get() > 0 && this.errors.getAndAdd(other.errors.get()) == 0) {
				this.firstError = other.firstError;
			}
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
