package dev.mcpguard.pipeline;

import java.math.BigInteger;
import java.util.Map;
import java.util.Set;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

class InputValidationGuardTests {

	private static final Caller ALICE = new Caller("alice", Set.of("viewer"), "token", null);

	private final InputValidationGuard guard = new InputValidationGuard(McpJsonDefaults.getSchemaValidator());

	private final ToolDescriptor tool = new ToolDescriptor("get_order", McpSchema.Tool.builder("get_order",
			Map.of("type", "object", "properties", Map.of("orderId", Map.of("type", "integer")), "required", java.util.List.of("orderId")))
		.build(), ReflectionUtils.findMethod(Tools.class, "getOrder", Long.class));

	@Test
	void whenAnIntegerFitsTheParameterThenTheCallProceeds() {
		assertThat(this.guard.check(invocation(Map.of("orderId", 42)))).isInstanceOf(GuardDecision.Proceed.class);
	}

	@Test
	void whenTheSchemaIsBrokenThenTheCallIsRefusedWithTheSchemasMessage() {
		assertThat(this.guard.check(invocation(Map.of("orderId", "forty-two")))).isInstanceOfSatisfying(GuardDecision.Refusal.class,
				(refusal) -> assertThat(refusal.message()).startsWith("Invalid arguments for 'get_order': "));
	}

	@Test
	void whenAnIntegerIsBeyondTheParametersTypeThenTheCallIsRefusedSayingTheRange() {
		assertThat(this.guard.check(invocation(Map.of("orderId", new BigInteger("123456789012345678901234567890")))))
			.isInstanceOfSatisfying(GuardDecision.Refusal.class, (refusal) -> {
				assertThat(refusal.outcome()).isEqualTo(Outcome.FAILED);
				assertThat(refusal.message()).isEqualTo("Invalid arguments for 'get_order': orderId must be an integer from "
						+ "-9223372036854775808 to 9223372036854775807.");
			});
	}

	private ToolInvocation invocation(Map<String, Object> arguments) {
		return new ToolInvocation(this.tool, arguments, ALICE, null, null);
	}

	static class Tools {

		public String getOrder(Long orderId) {
			return "order " + orderId;
		}

	}

}
