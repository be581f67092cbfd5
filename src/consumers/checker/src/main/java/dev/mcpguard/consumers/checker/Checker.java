package dev.mcpguard.consumers.checker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * Checks a running consumer application the way its users reach it: a real MCP client (MCP Java SDK, Streamable
 * HTTP) for the tools, plain HTTP for what the MCP client cannot show (status codes, actuator, the application's
 * own API). Prints one line per check, {@code PASS name} or {@code FAIL name: reason} (and {@code INFO} lines that
 * are no checks), and exits with 1 if any check failed.
 *
 * <p>Usage: {@code java -jar checker.jar BASE_URL [--own-security] [--notes] [--audit]}. {@code --own-security} adds the
 * checks of the application's own {@code /api/hello} (HTTP Basic, user alice); {@code --notes} adds the
 * {@code count_notes} tool of the applications with a database; {@code --audit} the {@code audit_rows} tool, which
 * reads MCP Guard's audit trail through its JPA repository.
 */
public final class Checker {

	static final String VIEWER_TOKEN = "viewer-token-000000000000000000000000";

	static final String ADMIN_TOKEN = "admin-token-0000000000000000000000000";

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final String INITIALIZE = """
			{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",\
			"capabilities":{},"clientInfo":{"name":"consumer-checker","version":"1.0"}}}""";

	private static final String ISSUE_TOKEN = """
			{"principal":"x","roles":["mcp-admin"],"ttl":"P1D"}""";

	private final String baseUrl;

	private final boolean ownSecurity;

	private final boolean notes;

	private final boolean audit;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private int passed;

	private int failed;

	private Checker(String baseUrl, boolean ownSecurity, boolean notes, boolean audit) {
		this.audit = audit;
		this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		this.ownSecurity = ownSecurity;
		this.notes = notes;
	}

	public static void main(String[] args) {
		String baseUrl = null;
		boolean ownSecurity = false;
		boolean notes = false;
		boolean audit = false;
		for (String arg : args) {
			switch (arg) {
				case "--own-security" -> ownSecurity = true;
				case "--notes" -> notes = true;
				case "--audit" -> audit = true;
				default -> {
					if (arg.startsWith("--") || baseUrl != null) {
						System.err.println("usage: checker BASE_URL [--own-security] [--notes] [--audit]");
						System.exit(2);
					}
					baseUrl = arg;
				}
			}
		}
		if (baseUrl == null) {
			System.err.println("usage: checker BASE_URL [--own-security] [--notes] [--audit]");
			System.exit(2);
		}
		Checker checker = new Checker(baseUrl, ownSecurity, notes, audit);
		checker.run();
		System.out.println(checker.passed + " checks passed, " + checker.failed + " failed");
		System.exit((checker.failed > 0) ? 1 : 0);
	}

	private void run() {
		// (a) the MCP endpoint refuses a client without credentials
		check("mcp-initialize-anonymous-401", () -> expectStatus(post("/mcp", INITIALIZE, null), 401));

		// (b) a viewer: sees and calls echo, is refused reset_all by the guard
		McpSyncClient viewer = connect("viewer-initialize", VIEWER_TOKEN);
		try {
			checkWith("viewer-tools-list-has-echo", viewer, "viewer-initialize", () -> {
				List<String> names = expectTools(viewer, "echo");
				// informational only: whether a viewer sees reset_all depends on the MCP SDK's tools/list filter
				System.out.println("INFO viewer tools/list: " + names);
			});
			checkWith("viewer-call-echo", viewer, "viewer-initialize", () -> {
				McpSchema.CallToolResult result = call(viewer, "echo", Map.of("message", "hello from the checker"));
				expect(!Boolean.TRUE.equals(result.isError()) && text(result).contains("hello from the checker"),
						"expected isError false and the echoed message, got " + describe(result));
			});
			checkWith("viewer-call-reset_all-denied", viewer, "viewer-initialize", () -> {
				McpSchema.CallToolResult result = call(viewer, "reset_all", Map.of());
				expect(Boolean.TRUE.equals(result.isError()) && text(result).contains("Permission denied"),
						"expected isError true with 'Permission denied', got " + describe(result));
			});
			if (this.notes) {
				// (g) the application's own data through its own JPA repository
				checkWith("viewer-call-count_notes", viewer, "viewer-initialize", () -> {
					McpSchema.CallToolResult result = call(viewer, "count_notes", Map.of());
					expect(!Boolean.TRUE.equals(result.isError()) && text(result).replace("\"", "").trim().equals("2"),
							"expected isError false and a count of 2, got " + describe(result));
				});
			}
			if (this.audit) {
				// (h) MCP Guard's audit trail through its JPA repository, beside the application's own: the viewer's
				// three calls above are rows (written in batches off the request thread, so polled for)
				checkWith("viewer-call-audit_rows", viewer, "viewer-initialize", () -> {
					long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
					String rows;
					do {
						McpSchema.CallToolResult result = call(viewer, "audit_rows", Map.of("principal", "viewer"));
						expect(!Boolean.TRUE.equals(result.isError()), "expected isError false, got " + describe(result));
						rows = text(result).replace("\"", "").trim();
					}
					while (Long.parseLong(rows) < 3 && System.nanoTime() < deadline && pause());
					expect(Long.parseLong(rows) >= 3, "expected at least 3 audit rows of the viewer, got " + rows);
				});
			}
		}
		finally {
			close(viewer);
		}

		// (c) an admin: sees both tools, reset_all runs
		McpSyncClient admin = connect("admin-initialize", ADMIN_TOKEN);
		try {
			checkWith("admin-tools-list-has-echo-and-reset_all", admin, "admin-initialize",
					() -> expectTools(admin, "echo", "reset_all"));
			checkWith("admin-call-reset_all", admin, "admin-initialize", () -> {
				McpSchema.CallToolResult result = call(admin, "reset_all", Map.of());
				expect(!Boolean.TRUE.equals(result.isError()), "expected isError false, got " + describe(result));
			});
		}
		finally {
			close(admin);
		}

		// (d) the guard's actuator endpoints: admin role only
		check("actuator-mcptools-anonymous-401", () -> expectStatus(get("/actuator/mcptools", null), 401));
		check("actuator-mcptokens-issue-anonymous-401",
				() -> expectStatus(post("/actuator/mcptokens", ISSUE_TOKEN, null), 401));
		check("actuator-mcptools-viewer-403",
				() -> expectStatus(get("/actuator/mcptools", bearer(VIEWER_TOKEN)), 403));
		check("actuator-mcptools-admin-200",
				() -> expectStatus(get("/actuator/mcptools", bearer(ADMIN_TOKEN)), 200));

		// (e) health stays public
		check("actuator-health-anonymous-200", () -> expectStatus(get("/actuator/health", null), 200));

		if (this.ownSecurity) {
			// (f) the application's own chain still decides for the application's own paths
			check("api-hello-basic-200", () -> {
				HttpResponse<String> response = get("/api/hello", basic("alice", "alice-password"));
				expectStatus(response, 200);
				expect(response.body().contains("alice"), "expected a body with 'alice', got " + snippet(response.body()));
			});
			check("api-hello-anonymous-401", () -> expectStatus(get("/api/hello", null), 401));
			check("api-hello-bearer-refused", () -> expectStatus(get("/api/hello", bearer(VIEWER_TOKEN)), 401, 403));
		}
	}

	private McpSyncClient connect(String checkName, String token) {
		McpSyncClient[] client = new McpSyncClient[1];
		check(checkName, () -> client[0] = initializedClient(token));
		return client[0];
	}

	private McpSyncClient initializedClient(String token) {
		HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(this.baseUrl)
			.endpoint("/mcp")
			.connectTimeout(Duration.ofSeconds(5))
			.requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
			.build();
		McpSyncClient client = McpClient.sync(transport)
			.clientInfo(new McpSchema.Implementation("consumer-checker", "1.0"))
			.requestTimeout(TIMEOUT)
			.initializationTimeout(TIMEOUT)
			.build();
		try {
			client.initialize();
			return client;
		}
		catch (RuntimeException ex) {
			close(client);
			throw ex;
		}
	}

	private static boolean pause() {
		try {
			Thread.sleep(200);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
		return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
	}

	private static List<String> expectTools(McpSyncClient client, String... expected) {
		List<String> names = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
		List<String> missing = Arrays.stream(expected).filter((name) -> !names.contains(name)).toList();
		expect(missing.isEmpty(), "tools/list lacks " + missing + ", lists " + names);
		return names;
	}

	private static String text(McpSchema.CallToolResult result) {
		if (result.content() == null) {
			return "";
		}
		return result.content()
			.stream()
			.filter(McpSchema.TextContent.class::isInstance)
			.map((content) -> ((McpSchema.TextContent) content).text())
			.collect(Collectors.joining("\n"));
	}

	private static String describe(McpSchema.CallToolResult result) {
		return "isError=" + result.isError() + ", text=" + snippet(text(result));
	}

	private HttpResponse<String> get(String path, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path)).GET();
		return send(request, authorization);
	}

	private HttpResponse<String> post(String path, String json, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		return send(request, authorization);
	}

	private HttpResponse<String> send(HttpRequest.Builder request, String authorization) throws Exception {
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String bearer(String token) {
		return "Bearer " + token;
	}

	private static String basic(String user, String password) {
		String credentials = user + ":" + password;
		return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}

	private static void expectStatus(HttpResponse<String> response, int... expected) {
		int status = response.statusCode();
		expect(Arrays.stream(expected).anyMatch((code) -> code == status),
				"expected HTTP " + Arrays.toString(expected) + ", got " + status + " " + snippet(response.body()));
	}

	private static void expect(boolean condition, String reason) {
		if (!condition) {
			throw new CheckFailure(reason);
		}
	}

	private void checkWith(String name, McpSyncClient client, String prerequisite, Check check) {
		if (client == null) {
			fail(name, "not run: " + prerequisite + " failed");
			return;
		}
		check(name, check);
	}

	private boolean check(String name, Check check) {
		try {
			check.run();
			this.passed++;
			System.out.println("PASS " + name);
			return true;
		}
		catch (CheckFailure ex) {
			fail(name, ex.getMessage());
		}
		catch (Exception ex) {
			fail(name, describe(ex));
		}
		return false;
	}

	private void fail(String name, String reason) {
		this.failed++;
		System.out.println("FAIL " + name + ": " + reason);
	}

	private static String describe(Throwable ex) {
		StringBuilder description = new StringBuilder(ex.getClass().getSimpleName() + ": " + ex.getMessage());
		Throwable cause = ex.getCause();
		for (int depth = 0; cause != null && cause != ex && depth < 4; depth++) {
			description.append(" <- ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
			ex = cause;
			cause = cause.getCause();
		}
		return snippet(description.toString());
	}

	private static String snippet(String text) {
		if (text == null) {
			return "(no body)";
		}
		String line = text.replaceAll("\\s+", " ").trim();
		return (line.length() > 400) ? line.substring(0, 400) + "…" : line;
	}

	private static void close(McpSyncClient client) {
		if (client != null) {
			try {
				client.close();
			}
			catch (RuntimeException ex) {
				System.err.println("closing the MCP client failed: " + describe(ex));
			}
		}
	}

	@FunctionalInterface
	private interface Check {

		void run() throws Exception;

	}

	private static final class CheckFailure extends RuntimeException {

		CheckFailure(String reason) {
			super(reason);
		}

	}

}
