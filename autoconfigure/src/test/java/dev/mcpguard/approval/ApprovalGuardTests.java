package dev.mcpguard.approval;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.mcpguard.annotation.RequiresApproval;
import dev.mcpguard.annotation.Sensitive;
import dev.mcpguard.approval.ApprovalGuard.ToolSettings;
import dev.mcpguard.approval.ApprovalPolicy.Decision;
import dev.mcpguard.jdbc.McpGuardSchema;
import dev.mcpguard.pipeline.ArgumentRedactor;
import dev.mcpguard.pipeline.Caller;
import dev.mcpguard.pipeline.GuardDecision;
import dev.mcpguard.pipeline.Outcome;
import dev.mcpguard.pipeline.ToolDescriptor;
import dev.mcpguard.pipeline.ToolInvocation;
import dev.mcpguard.pipeline.ToolRegistry;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

class ApprovalGuardTests {

	private static final Caller ANN = new Caller("ann", Set.of("admin"), "token", null);

	private static final ToolDescriptor DELETE = descriptor("delete_order", "deleteOrder", Long.class, String.class);

	private static final ToolDescriptor PAY = descriptor("pay", "pay", Integer.class);

	private static final ToolDescriptor READ = descriptor("read", "read", Long.class);

	private static final ArgumentRedactor REDACTOR = new ArgumentRedactor(List.of("password"), 8192,
			JsonMapper.builder().build());

	private static final ToolSettings OUT_OF_BAND = new ToolSettings(ApprovalMode.OUT_OF_BAND, Duration.ZERO);

	private static final ToolSettings ELICITATION = new ToolSettings(ApprovalMode.ELICITATION, Duration.ZERO);

	@Test
	void whenToolHasNoAnnotationAndNoPolicyDecidesThenTheCallProceeds() {
		assertThat(guard(List.of(), null).check(call(READ, Map.of("id", 1)))).isSameAs(GuardDecision.proceed());
	}

	@Test
	void whenConditionIsFalseThenTheCallProceedsAndWhenTrueItNeedsApproval() {
		ApprovalGuard guard = guard(List.of(), null);
		assertThat(guard.check(call(PAY, Map.of("total", 10)))).isSameAs(GuardDecision.proceed());
		assertThat(guard.check(call(PAY, Map.of("total", 5000)))).isInstanceOfSatisfying(GuardDecision.Refusal.class,
				(refusal) -> assertThat(refusal.message()).contains("no approval store"));
	}

	@Test
	void policiesAreAskedInOrderAndTheFirstAnswerWins() {
		ApprovalPolicy abstain = (caller, tool, arguments) -> Decision.ABSTAIN;
		ApprovalPolicy approveReads = (caller, tool, arguments) -> tool.name().equals("delete_order") ? Decision.APPROVE : Decision.ABSTAIN;
		ApprovalPolicy deny = (caller, tool, arguments) -> Decision.DENY;
		ApprovalGuard guard = guard(List.of(abstain, approveReads, deny), null);
		assertThat(guard.check(call(DELETE, Map.of("orderId", 1)))).as("approve beats the annotation").isSameAs(GuardDecision.proceed());
		assertThat(guard.check(call(READ, Map.of("id", 1)))).isInstanceOfSatisfying(GuardDecision.Refusal.class, (refusal) -> {
			assertThat(refusal.outcome()).isEqualTo(Outcome.APPROVAL_DENIED);
			assertThat(refusal.message()).isEqualTo("The call of 'read' is refused by an approval policy; it did not run.");
		});
	}

	@Test
	void whenPolicyAsksOrFailsThenAHumanDecides() {
		ApprovalPolicy ask = (caller, tool, arguments) -> Decision.ASK_HUMAN;
		ApprovalPolicy broken = (caller, tool, arguments) -> {
			throw new IllegalStateException("boom");
		};
		ApprovalService service = service();
		assertThat(guard(List.of(ask), service).check(call(READ, Map.of("id", 1)))).isInstanceOfSatisfying(
				GuardDecision.Refusal.class, (refusal) -> {
					assertThat(refusal.outcome()).isEqualTo(Outcome.APPROVAL_PENDING);
					assertThat(refusal.message()).contains("needs a human decision (required by an approval policy).");
				});
		assertThat(guard(List.of(broken), service).check(call(READ, Map.of("id", 2)))).isInstanceOfSatisfying(
				GuardDecision.Refusal.class, (refusal) -> assertThat(refusal.outcome()).isEqualTo(Outcome.APPROVAL_PENDING));
	}

	@Test
	void whenOutOfBandApprovalIsPendingThenTheRefusalNamesTheRequestAndSaysToRepeat() {
		ApprovalService service = service();
		ApprovalGuard guard = guard(List.of(), service);
		GuardDecision decision = guard.check(call(DELETE, Map.of("orderId", 3, "password", "hunter2")));
		assertThat(decision).isInstanceOfSatisfying(GuardDecision.Refusal.class, (refusal) -> {
			String id = (String) refusal.details().get("approvalId");
			assertThat(refusal.outcome()).isEqualTo(Outcome.APPROVAL_PENDING);
			assertThat(refusal.message()).startsWith("Approval required: 'delete_order' needs a human decision (Deleting is final). "
					+ "Approval request " + id + " is pending until ")
				.endsWith("Once it is approved, repeat this call with the same arguments; it will then run once.");
			assertThat(service.find(id).orElseThrow().arguments()).containsEntry("orderId", 3)
				.containsEntry("password", ArgumentRedactor.MASK);
			service.decide(id, false, "bob", "Keep it");
		});
		assertThat(guard.check(call(DELETE, Map.of("orderId", 3, "password", "hunter2"))))
			.isInstanceOfSatisfying(GuardDecision.Refusal.class, (refusal) -> {
				assertThat(refusal.outcome()).isEqualTo(Outcome.APPROVAL_DENIED);
				assertThat(refusal.message()).contains("was denied by an approver").contains(": Keep it.");
			});
	}

	@Test
	void approversSeeNeitherSensitiveParametersNorCredentialShapedValues() {
		ArgumentRedactor ibanOnly = new ArgumentRedactor(List.of("iban"), 8192, JsonMapper.builder().build());
		ApprovalService service = service();
		ApprovalGuard guard = new ApprovalGuard(new ToolRegistry(), List.of(), service, new ElicitationConfirmation(),
				ibanOnly, OUT_OF_BAND, Map.of());
		GuardDecision decision = guard.check(call(DELETE,
				Map.of("orderId", 3, "password", "hunter2", "note", "Bearer abcdefghijklmnop", "IBAN", "FR76")));
		assertThat(decision).isInstanceOfSatisfying(GuardDecision.Refusal.class, (refusal) -> {
			String id = (String) refusal.details().get("approvalId");
			assertThat(service.find(id).orElseThrow().arguments()).containsEntry("orderId", 3)
				.as("@Sensitive parameter, whatever the keys").containsEntry("password", ArgumentRedactor.MASK)
				.as("credential in a value").containsEntry("note", "Bearer " + ArgumentRedactor.MASK)
				.as("configured key").containsEntry("IBAN", ArgumentRedactor.MASK);
		});
	}

	@Test
	void whenClientConfirmsByElicitationThenTheCallProceeds() {
		McpSyncServerExchange exchange = elicitingExchange();
		given(exchange.createElicitation(any())).willReturn(new ElicitResult(ElicitResult.Action.ACCEPT, Map.of("confirm", true)));
		ApprovalGuard guard = guard(List.of(), null, ELICITATION);
		assertThat(guard.check(call(DELETE, Map.of("orderId", 3, "password", "hunter2"), exchange))).isSameAs(GuardDecision.proceed());
		ArgumentCaptor<McpSchema.ElicitRequest> request = ArgumentCaptor.forClass(McpSchema.ElicitRequest.class);
		verify(exchange).createElicitation(request.capture());
		assertThat(request.getValue()).isInstanceOfSatisfying(ElicitFormRequest.class, (form) -> {
			assertThat(form.message()).contains("'delete_order'").contains("\"orderId\":3").contains("Deleting is final")
				.doesNotContain("hunter2");
			assertThat(form.requestedSchema()).containsEntry("required", List.of("confirm"));
		});
	}

	@Test
	void whenClientDeclinesCancelsOrDoesNotConfirmThenTheCallIsDenied() {
		for (ElicitResult answer : List.of(new ElicitResult(ElicitResult.Action.DECLINE, null),
				new ElicitResult(ElicitResult.Action.CANCEL, null),
				new ElicitResult(ElicitResult.Action.ACCEPT, Map.of("confirm", false)))) {
			McpSyncServerExchange exchange = elicitingExchange();
			given(exchange.createElicitation(any())).willReturn(answer);
			assertThat(guard(List.of(), null, ELICITATION).check(call(DELETE, Map.of("orderId", 3), exchange)))
				.isInstanceOfSatisfying(GuardDecision.Refusal.class, (refusal) -> {
					assertThat(refusal.outcome()).isEqualTo(Outcome.APPROVAL_DENIED);
					assertThat(refusal.message()).contains("the call of 'delete_order'; it did not run.");
				});
		}
	}

	@Test
	void whenElicitationFailsThenTheCallIsDenied() {
		McpSyncServerExchange exchange = elicitingExchange();
		given(exchange.createElicitation(any())).willThrow(new RuntimeException("Did not observe any item or terminal signal within 20000ms"));
		assertThat(guard(List.of(), null, ELICITATION).check(call(DELETE, Map.of("orderId", 3), exchange)))
			.isInstanceOfSatisfying(GuardDecision.Refusal.class, (refusal) -> {
				assertThat(refusal.outcome()).isEqualTo(Outcome.APPROVAL_DENIED);
				assertThat(refusal.message()).contains("did not arrive");
			});
	}

	@Test
	void whenClientCannotElicitThenApprovalFallsBackToOutOfBand() {
		McpSyncServerExchange exchange = mock(McpSyncServerExchange.class);
		given(exchange.getClientCapabilities()).willReturn(McpSchema.ClientCapabilities.builder().build());
		assertThat(guard(List.of(), service(), ELICITATION).check(call(DELETE, Map.of("orderId", 3), exchange)))
			.isInstanceOfSatisfying(GuardDecision.Refusal.class,
					(refusal) -> assertThat(refusal.outcome()).isEqualTo(Outcome.APPROVAL_PENDING));
	}

	@Test
	void perToolSettingsOverrideTheDefaults() {
		ToolSettings own = new ToolSettings(ApprovalMode.ELICITATION, null).orElse(OUT_OF_BAND);
		assertThat(own).isEqualTo(new ToolSettings(ApprovalMode.ELICITATION, Duration.ZERO));
		McpSyncServerExchange exchange = elicitingExchange();
		given(exchange.createElicitation(any())).willReturn(new ElicitResult(ElicitResult.Action.ACCEPT, Map.of("confirm", true)));
		ApprovalGuard guard = new ApprovalGuard(new ToolRegistry(), List.of(), null, new ElicitationConfirmation(),
				REDACTOR, OUT_OF_BAND, Map.of("delete_order", new ToolSettings(ApprovalMode.ELICITATION, null)));
		assertThat(guard.check(call(DELETE, Map.of("orderId", 3), exchange))).isSameAs(GuardDecision.proceed());
	}

	@Test
	void describeShowsTheCondition() {
		ApprovalGuard guard = guard(List.of(), null);
		assertThat(guard.describe(DELETE)).isEqualTo("always");
		assertThat(guard.describe(PAY)).isEqualTo("#total > 1000");
		assertThat(guard.describe(READ)).isNull();
	}

	private static ApprovalGuard guard(List<ApprovalPolicy> policies, ApprovalService service) {
		return guard(policies, service, OUT_OF_BAND);
	}

	private static ApprovalGuard guard(List<ApprovalPolicy> policies, ApprovalService service, ToolSettings defaults) {
		return new ApprovalGuard(new ToolRegistry(), policies, service, new ElicitationConfirmation(),
				REDACTOR, defaults, Map.of());
	}

	private static ApprovalService service() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(
				"jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
		new McpGuardSchema(dataSource).afterPropertiesSet();
		return new ApprovalService(new JdbcApprovalStore(JdbcClient.create(dataSource)), List.of(),
				java.time.Clock.systemUTC(), Duration.ofMinutes(10), "/actuator/mcpapprovals");
	}

	private static McpSyncServerExchange elicitingExchange() {
		McpSyncServerExchange exchange = mock(McpSyncServerExchange.class);
		given(exchange.getClientCapabilities()).willReturn(McpSchema.ClientCapabilities.builder().elicitation().build());
		return exchange;
	}

	private static ToolInvocation call(ToolDescriptor tool, Map<String, Object> arguments) {
		return call(tool, arguments, null);
	}

	private static ToolInvocation call(ToolDescriptor tool, Map<String, Object> arguments, McpSyncServerExchange exchange) {
		return new ToolInvocation(tool, arguments, ANN, "session-1", exchange);
	}

	private static ToolDescriptor descriptor(String name, String methodName, Class<?>... parameterTypes) {
		Method method = ReflectionUtils.findMethod(Tools.class, methodName, parameterTypes);
		Map<String, Object> properties = new java.util.LinkedHashMap<>();
		for (var parameter : method.getParameters()) {
			properties.put(parameter.getName(), Map.of());
		}
		return new ToolDescriptor(name, McpSchema.Tool.builder(name, Map.of("type", "object", "properties", properties)).build(), method);
	}

	static class Tools {

		@RequiresApproval(reason = "Deleting is final")
		void deleteOrder(Long orderId, @Sensitive String password) {
		}

		@RequiresApproval(when = "#total > 1000")
		void pay(Integer total) {
		}

		void read(Long id) {
		}

	}

}
