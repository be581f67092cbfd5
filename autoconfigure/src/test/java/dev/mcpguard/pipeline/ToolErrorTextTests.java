package dev.mcpguard.pipeline;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import dev.mcpguard.annotation.ShownToCaller;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.ai.tool.annotation.Tool;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the caller of a failed tool reads, through the pipeline, with the tool method behind a proxy of
 * {@link GuardedToolMethods} and a handler that turns exceptions into error texts as Spring AI does.
 */
@ExtendWith(OutputCaptureExtension.class)
class ToolErrorTextTests {

	private static final Caller ALICE = new Caller("alice", Set.of("viewer"), "token", "127.0.0.1");

	private static final String NL = System.lineSeparator();

	private final List<ToolCallEvent> events = new ArrayList<>();

	private final GuardPipeline pipeline = new GuardPipeline(List.of(), List.of(this.events::add));

	private final Tools tools = (Tools) new GuardedToolMethods().postProcessAfterInitialization(new Tools(), "tools");

	@Test
	void whenAToolThrowsAnExceptionWithInternalsThenTheCallerReadsAReferenceAndTheLogAndAuditHoldTheDetail(CapturedOutput output) {
		String text = text(call("lookup", Map.of("id", 7)));
		assertThat(text).matches("The tool 'lookup' failed \\(reference [0-9a-f-]{36}\\)\\. If it keeps failing, give this "
				+ "reference to the server's operators\\.");
		String reference = text.substring(text.indexOf("reference ") + 10, text.indexOf(')'));
		assertThat(output).contains("Tool 'lookup' failed (reference " + reference + ") for principal 'alice'")
			.contains("SELECT secret FROM accounts");
		assertThat(this.events).singleElement().satisfies((event) -> {
			assertThat(event.outcome()).isEqualTo(Outcome.FAILED);
			assertThat(event.message()).contains("IllegalStateException: SELECT secret FROM accounts")
				.contains("caused by java.sql.SQLException: relation \"accounts\" does not exist")
				.endsWith("(reference " + reference + ")");
		});
	}

	@Test
	void whenAToolThrowsAnExceptionShownToCallersThenTheCallerReadsItsMessageOnce() {
		assertThat(text(call("find", Map.of("id", 42)))).isEqualTo("Product 42 not found.");
		assertThat(text(call("findMore", Map.of("id", 43)))).as("a subclass").isEqualTo("Product 43 is gone.");
		assertThat(this.events).extracting(ToolCallEvent::message).containsExactly("Product 42 not found.", "Product 43 is gone.");
	}

	@Test
	void whenArgumentsCannotBeBoundThenTheCallerReadsWhatTheArgumentMustBe() {
		assertThat(text(call("find", Map.of("id", new BigInteger("123456789012345678901234567890")))))
			.isEqualTo("Invalid arguments for 'find': id must be an integer from -9223372036854775808 to 9223372036854775807.");
		assertThat(text(call("order", Map.of("line", Map.of("quantity", "many")))))
			.isEqualTo("Invalid arguments for 'order': line must match the tool's input schema.");
		assertThat(this.events.get(0).message()).contains("Conversion from JSON failed (simulated)");
	}

	@Test
	void whenTheToolReturnsAnErrorResultThenTheCallerReadsIt() {
		assertThat(text(call("check", Map.of("id", 1)))).isEqualTo("Account 1 is locked; unlock it first.");
	}

	@Test
	void whenSpringAiFailsAfterTheToolReturnedThenTheCallerReadsAReference() {
		CallToolResult result = this.pipeline.call(descriptor("find"), ALICE, null, new CallToolRequest("find", Map.of("id", 1)),
				(exchange, request) -> {
					this.tools.find(1L);
					return error("Conversion to JSON failed: tools.jackson.databind.exc.InvalidDefinitionException");
				});
		assertThat(text(result)).startsWith("The tool 'find' failed (reference ");
	}

	@Test
	void whenAHandlerWithoutJavaMethodFailsThenTheCallerReadsAReference() {
		ToolDescriptor handwritten = new ToolDescriptor("raw", McpSchema.Tool.builder("raw", Map.of("type", "object")).build(), null);
		CallToolResult result = this.pipeline.call(handwritten, ALICE, null, new CallToolRequest("raw", Map.of()),
				(exchange, request) -> error("org.postgresql.util.PSQLException: ERROR: column \"ssn\" does not exist"));
		assertThat(text(result)).startsWith("The tool 'raw' failed (reference ");
		CallToolResult thrown = this.pipeline.call(handwritten, ALICE, null, new CallToolRequest("raw", Map.of()),
				(exchange, request) -> {
					throw new IllegalStateException("connection to 10.0.0.5:5432 refused");
				});
		assertThat(text(thrown)).startsWith("The tool 'raw' failed (reference ").doesNotContain("10.0.0.5");
		CallToolResult shown = this.pipeline.call(handwritten, ALICE, null, new CallToolRequest("raw", Map.of()),
				(exchange, request) -> {
					throw new NotFoundException("Nothing called raw.");
				});
		assertThat(text(shown)).isEqualTo("Nothing called raw.");
	}

	@Test
	void whenAToolThrowsACheckedExceptionThatSpringAiRethrowsWrappedThenTheToolsOwnExceptionIsJudged() {
		Method method = method("reserve");
		CallToolResult result = this.pipeline.call(descriptor("reserve"), ALICE, null, new CallToolRequest("reserve", Map.of("id", 5)),
				(exchange, request) -> {
					try {
						return CallToolResult.builder().addTextContent(String.valueOf(method.invoke(this.tools, 5L))).build();
					}
					catch (InvocationTargetException ex) {
						throw new java.lang.reflect.UndeclaredThrowableException(ex.getCause());
					}
					catch (IllegalAccessException ex) {
						throw new IllegalStateException(ex);
					}
				});
		assertThat(text(result)).isEqualTo("Seat 5 is taken.");
	}

	@Test
	void whenAToolThrowsAJsonRpcErrorThenItReachesTheClientAsOne() {
		ToolDescriptor handwritten = new ToolDescriptor("raw", McpSchema.Tool.builder("raw", Map.of("type", "object")).build(), null);
		assertThatExceptionOfType(McpError.class).isThrownBy(() -> this.pipeline.call(handwritten, ALICE, null,
				new CallToolRequest("raw", Map.of()), (exchange, request) -> {
					throw McpError.builder(-32602).message("Unknown resource").build();
				}));
		assertThat(this.events).singleElement().extracting(ToolCallEvent::outcome).isEqualTo(Outcome.FAILED);
	}

	private CallToolResult call(String name, Map<String, Object> arguments) {
		return this.pipeline.call(descriptor(name), ALICE, null, new CallToolRequest(name, arguments), springAiHandler(name));
	}

	// As Spring AI calls a tool method: arguments converted first (failing without entering the method), the method
	// invoked on the bean, an exception answered with its message and its root cause's.
	private BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> springAiHandler(String name) {
		Method method = method(name);
		return (exchange, request) -> {
			Object argument = request.arguments().values().iterator().next();
			if (argument instanceof BigInteger || (argument instanceof Map<?, ?> line && line.get("quantity") instanceof String)) {
				return error("Conversion from JSON failed (simulated)" + NL + "Numeric value out of range of `long`");
			}
			try {
				Object result = method.invoke(this.tools, (argument instanceof Number number) ? number.longValue() : argument);
				return (result instanceof CallToolResult own) ? own
						: CallToolResult.builder().addTextContent(String.valueOf(result)).build();
			}
			catch (InvocationTargetException ex) {
				Throwable root = ex.getCause();
				while (root.getCause() != null) {
					root = root.getCause();
				}
				return error(ex.getCause().getMessage() + NL + root.getMessage());
			}
			catch (IllegalAccessException ex) {
				throw new IllegalStateException(ex);
			}
		};
	}

	private static ToolDescriptor descriptor(String name) {
		Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("id", Map.of("type", "integer"), "line",
				Map.of("type", "object")));
		return new ToolDescriptor(name, McpSchema.Tool.builder(name, schema).build(), method(name));
	}

	private static Method method(String name) {
		Method method = ReflectionUtils.findMethod(Tools.class, name, (Class<?>[]) null);
		assertThat(method).as(name).isNotNull();
		return method;
	}

	private static CallToolResult error(String text) {
		return CallToolResult.builder().addTextContent(text).isError(true).build();
	}

	private static String text(CallToolResult result) {
		assertThat(result.isError()).isTrue();
		assertThat(result.content()).hasSize(1);
		return ((McpSchema.TextContent) result.content().get(0)).text();
	}

	static class Tools {

		@Tool(name = "lookup")
		public String lookup(Long id) {
			throw new IllegalStateException("SELECT secret FROM accounts WHERE id = " + id,
					new java.sql.SQLException("relation \"accounts\" does not exist"));
		}

		@Tool(name = "find")
		public String find(Long id) {
			if (id == 1L) {
				return "found";
			}
			throw new NotFoundException("Product " + id + " not found.");
		}

		@Tool(name = "findMore")
		public String findMore(Long id) {
			throw new GoneException("Product " + id + " is gone.");
		}

		@Tool(name = "order")
		public String order(Line line) {
			return "ordered " + line.quantity();
		}

		@Tool(name = "reserve")
		public String reserve(Long id) throws TakenException {
			throw new TakenException("Seat " + id + " is taken.");
		}

		@Tool(name = "check")
		public CallToolResult check(Long id) {
			return error("Account " + id + " is locked; unlock it first.");
		}

	}

	record Line(Integer quantity) {
	}

	@ShownToCaller
	static class TakenException extends Exception {

		TakenException(String message) {
			super(message);
		}

	}

	@ShownToCaller
	static class NotFoundException extends RuntimeException {

		NotFoundException(String message) {
			super(message);
		}

	}

	static class GoneException extends NotFoundException {

		GoneException(String message) {
			super(message);
		}

	}

}
