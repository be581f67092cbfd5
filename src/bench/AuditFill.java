import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import dev.mcpguard.audit.AuditRecord;
import dev.mcpguard.audit.AuditRecordFactory;
import dev.mcpguard.audit.AuditRetention;
import dev.mcpguard.audit.JdbcAuditStore;
import dev.mcpguard.pipeline.Outcome;

/**
 * Grows the audit trail of a PostgreSQL database for the soak benchmark, through MCP Guard's own store as a server's
 * audit writer does: one hash chain, batches of 500 rows. The rows are tools/calls of the sample's tools spread evenly
 * over the last {@code --days} days, with a mix of principals, sessions and outcomes like a busy server's.
 * <p>
 * {@code --rows N --days D} appends N rows; {@code --purge-days D} deletes the rows older than D days with the
 * guard's own retention purge ({@link AuditRetention#purge}, which rests between chunks), or with
 * {@code --flat-out true} chunk after chunk without rest ({@link JdbcAuditStore#purge}). Both print one line of
 * key=value pairs.
 * Run with the sample's libraries on the class path (see {@code src/bench/soak.sh}).
 */
public final class AuditFill {

	private static final String[] TOOLS = { "get_product", "list_products", "get_customer", "get_order", "create_order",
			"update_order", "add_note", "delete_order" };

	private static final int BATCH = 500;

	public static void main(String[] args) {
		Map<String, String> options = new HashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(options.get("url"), options.get("user"),
				options.get("password"), true);
		try {
			JdbcAuditStore store = new JdbcAuditStore(dataSource);
			if (options.containsKey("purge-days")) {
				Duration age = Duration.ofDays(Long.parseLong(options.get("purge-days")));
				long t0 = System.nanoTime();
				long deleted = Boolean.parseBoolean(options.getOrDefault("flat-out", "false"))
						? store.purge(Instant.now().minus(age), 1000)
						: new AuditRetention(store, age, Duration.ZERO, Clock.systemUTC()).purge();
				double seconds = (System.nanoTime() - t0) / 1e9;
				System.out.printf("purged=%d seconds=%.1f rows_per_s=%.0f%n", deleted, seconds, deleted / seconds);
			}
			else {
				fill(store, Long.parseLong(options.get("rows")), Long.parseLong(options.getOrDefault("days", "30")));
			}
		}
		finally {
			dataSource.destroy();
		}
	}

	private static void fill(JdbcAuditStore store, long rows, long days) {
		SplittableRandom random = new SplittableRandom(42);
		Instant end = Instant.now().minus(Duration.ofMinutes(1));
		long spanMicros = Duration.ofDays(days).toNanos() / 1000;
		Instant start = end.minus(spanMicros, ChronoUnit.MICROS);
		double step = (double) spanMicros / rows;
		long t0 = System.nanoTime();
		String session = null;
		List<AuditRecord> batch = new ArrayList<>(BATCH);
		for (long i = 0; i < rows; i++) {
			Instant time = start.plus((long) (step * i), ChronoUnit.MICROS);
			if (session == null || random.nextInt(100) == 0) {
				session = new UUID(random.nextLong(), random.nextLong()).toString();
			}
			// Half of the calls come from one busy agent, the rest from 200 others; one in 10 000 from a rare one.
			int who = random.nextInt(10_000);
			String principal = (who == 0) ? "rare-agent" : (who < 5_000) ? "demo-viewer" : "agent-" + (who % 200);
			String tool = TOOLS[random.nextInt(TOOLS.length)];
			int draw = random.nextInt(1000);
			Outcome outcome = (draw < 940) ? Outcome.OK : (draw < 970) ? Outcome.FAILED : (draw < 985) ? Outcome.DENIED
					: (draw < 995) ? Outcome.RATE_LIMITED : (draw < 998) ? Outcome.DISABLED : Outcome.APPROVAL_PENDING;
			String message = switch (outcome) {
				case OK -> null;
				case FAILED -> "Order " + random.nextInt(100_000) + " not found.";
				case DENIED -> "Tool '" + tool + "' requires one of the roles [operator]";
				case RATE_LIMITED -> "Rate limit exceeded for tool '" + tool + "'; retry after 1 s";
				case DISABLED -> "Tool '" + tool + "' is disabled";
				default -> "Approval required: Large order";
			};
			batch.add(new AuditRecord(AuditRecordFactory.timeOrderedId(time, random), time, principal, "token", session,
					"10.0." + random.nextInt(4) + "." + random.nextInt(250), tool,
					"{\"productId\":" + random.nextInt(10_000) + "}", outcome, message, random.nextInt(20), null, null));
			if (batch.size() == BATCH || i == rows - 1) {
				store.appendNew(batch);
				batch.clear();
			}
		}
		double seconds = (System.nanoTime() - t0) / 1e9;
		System.out.printf("filled=%d seconds=%.1f rows_per_s=%.0f%n", rows, seconds, rows / seconds);
	}

}
