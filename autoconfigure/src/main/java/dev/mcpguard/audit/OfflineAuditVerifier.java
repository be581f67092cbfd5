package dev.mcpguard.audit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Checks an audit trail away from the servers that write it: recomputes the hash chain straight from the database
 * and compares it with signed checkpoints, those stored in the database and those from an export of the checkpoint
 * log lines (which an attacker with access to the database alone cannot change). The key comes from the environment
 * ({@code MCP_GUARD_AUDIT_CHECKPOINT_KEY}), the database password too ({@code MCP_GUARD_AUDIT_DB_PASSWORD}); neither
 * is ever printed. Exit status 0 when intact, 1 when broken or when checkpoints were found but none is authentic
 * under the given key id (a wrong {@code --key-id}), 2 for bad arguments or an unreadable database.
 * <p>
 * Run it with the application's executable jar, which has the JDBC driver:
 * {@code java -cp app.jar -Dloader.main=dev.mcpguard.audit.OfflineAuditVerifier
 * org.springframework.boot.loader.launch.PropertiesLauncher --url jdbc:postgresql://host/db --user u
 * --checkpoints checkpoints.log}.
 */
public final class OfflineAuditVerifier {

	static final String KEY_VARIABLE = "MCP_GUARD_AUDIT_CHECKPOINT_KEY";

	static final String PASSWORD_VARIABLE = "MCP_GUARD_AUDIT_DB_PASSWORD";

	private OfflineAuditVerifier() {
	}

	/**
	 * Verify and exit with the result.
	 * @param args {@code --url}, optional {@code --user}, {@code --key-id} and {@code --checkpoints FILE}
	 */
	public static void main(String[] args) {
		// a command-line tool: its answer goes to the standard output
		System.exit(run(args, System.getenv(), System.out));
	}

	/**
	 * Verify a trail.
	 * @param args the arguments
	 * @param environment where the key and the password are read
	 * @param out where the result is printed
	 * @return the exit status: 0 intact, 1 broken or no checkpoint authentic under the key id, 2 bad arguments or an unreadable database
	 */
	public static int run(String[] args, Map<String, String> environment, PrintStream out) {
		Map<String, String> options;
		List<AuditCheckpoint> exported;
		CheckpointSigner signer;
		try {
			options = options(args);
			if (!options.containsKey("url")) {
				throw new IllegalArgumentException("--url is required");
			}
			String key = environment.get(KEY_VARIABLE);
			if (key == null) {
				throw new IllegalArgumentException("set the checkpoint key in the environment variable " + KEY_VARIABLE);
			}
			signer = new CheckpointSigner(key, options.getOrDefault("key-id", "default"));
			exported = (options.containsKey("checkpoints")) ? read(Path.of(options.get("checkpoints"))) : List.of();
		}
		catch (IllegalArgumentException ex) {
			out.println("usage: OfflineAuditVerifier --url JDBC_URL [--user USER] [--key-id ID] [--checkpoints FILE] "
					+ "(key in " + KEY_VARIABLE + ", password in " + PASSWORD_VARIABLE + "): " + ex.getMessage());
			return 2;
		}
		DriverManagerDataSource dataSource = new DriverManagerDataSource(options.get("url"), options.getOrDefault("user", ""),
				environment.getOrDefault(PASSWORD_VARIABLE, ""));
		JdbcAuditStore store = new JdbcAuditStore(dataSource);
		AuditCheckpoints checkpoints = new AuditCheckpoints(dataSource, store, signer, Duration.ZERO, Clock.systemUTC(),
				() -> {
					throw new IllegalStateException("the offline verifier signs nothing");
				});
		ChainVerification result;
		boolean noneAuthentic;
		try {
			result = checkpoints.verify(exported);
			// a valid result leaves out only checkpoints under other key ids: all of them, when none is authentic
			noneAuthentic = result.valid() && !result.ignored().isEmpty() && !checkpoints.anyAuthentic(exported);
		}
		catch (DataAccessException ex) {
			out.println("cannot read the audit trail at " + options.get("url") + ": "
					+ NestedExceptionUtils.getMostSpecificCause(ex).getMessage());
			return 2;
		}
		if (noneAuthentic) {
			out.println("NOT VERIFIED: none of the checkpoints given is signed under the key id '" + signer.keyId()
					+ "' with this key; checkpoints found per key id: " + result.ignored()
					+ " (pass the right one with --key-id)");
			return 1;
		}
		if (result.valid()) {
			out.println("OK: rows " + result.firstSeq() + " to " + result.lastSeq() + " intact (" + result.checked()
					+ " checked) and consistent with " + result.checkpoints() + " signed checkpoints ("
					+ exported.size() + " from " + options.getOrDefault("checkpoints", "no export") + ")"
					+ ignored(result));
			return 0;
		}
		ChainVerification.BrokenLink broken = result.brokenAt();
		out.println("BROKEN at row " + ((broken != null) ? broken.seq() + ((broken.id() != null) ? " (id " + broken.id()
				+ ")" : "") + ": " + broken.reason() : "?") + ignored(result));
		return 1;
	}

	private static String ignored(ChainVerification result) {
		return result.ignored().isEmpty() ? ""
				: "; ignored, signed under other key ids: " + result.ignored();
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i += 2) {
			String name = args[i];
			if (!name.startsWith("--") || i + 1 >= args.length
					|| !List.of("--url", "--user", "--key-id", "--checkpoints").contains(name)) {
				throw new IllegalArgumentException("unexpected argument '" + name + "'");
			}
			options.put(name.substring(2), args[i + 1]);
		}
		return options;
	}

	private static List<AuditCheckpoint> read(Path file) {
		try {
			List<AuditCheckpoint> checkpoints = new ArrayList<>();
			for (String line : Files.readAllLines(file)) {
				AuditCheckpoint checkpoint = AuditCheckpoint.parse(line);
				if (checkpoint != null) {
					checkpoints.add(checkpoint);
				}
			}
			return checkpoints;
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("cannot read " + file + ": " + ex.getMessage());
		}
	}

}
