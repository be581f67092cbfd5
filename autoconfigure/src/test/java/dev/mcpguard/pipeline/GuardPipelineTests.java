package dev.mcpguard.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GuardPipelineTests {

	private static final ToolDescriptor TOOL = new ToolDescriptor("echo", McpSchema.Tool.builder("echo", Map.of("type", "object")).build(), null);

	private static final Caller ALICE = new Caller("alice", Set.of("viewer"), "token", "127.0.0.1");

	@Test
	void whenAStageRefusesThenLaterStagesAndTheToolDoNotRunAndOneEventIsPublished() {
		List<String> trace = new ArrayList<>();
		List<ToolCallEvent> events = new ArrayList<>();
		GuardPipeline pipeline = new GuardPipeline(
				List.of(stage(100, trace, null), stage(200, trace, Outcome.RATE_LIMITED), stage(300, trace, null)), List.of(events::add));
		McpSchema.CallToolResult result = pipeline.call(TOOL, ALICE, null, new McpSchema.CallToolRequest("echo", Map.of()),
				(exchange, request) -> {
					trace.add("tool");
					return McpSchema.CallToolResult.builder().addTextContent("ok").build();
				});
		assertThat(result.isError()).isTrue();
		assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("refused at 200");
		assertThat(trace).containsExactly("100", "200");
		assertThat(events).singleElement().satisfies((event) -> {
			assertThat(event.outcome()).isEqualTo(Outcome.RATE_LIMITED);
			assertThat(event.invocation().caller()).isEqualTo(ALICE);
		});
	}

	@Test
	void whenToolRunsThenCallerIsCurrentAndAFailingListenerDoesNotBreakTheCall() {
		List<ToolCallEvent> events = new ArrayList<>();
		ToolCallListener broken = (event) -> {
			throw new IllegalStateException("listener down");
		};
		GuardPipeline pipeline = new GuardPipeline(List.of(), List.of(broken, events::add));
		McpSchema.CallToolResult result = pipeline.call(TOOL, ALICE, null, new McpSchema.CallToolRequest("echo", null),
				(exchange, request) -> McpSchema.CallToolResult.builder()
					.addTextContent(Caller.current().map(Caller::name).orElse("nobody"))
					.build());
		assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("alice");
		assertThat(Caller.current()).isEmpty();
		assertThat(events).singleElement().extracting(ToolCallEvent::outcome).isEqualTo(Outcome.OK);
	}

	@Test
	void visibilityNeedsEveryStage() {
		ToolCallGuard hides = new ToolCallGuard() {
			@Override
			public GuardDecision check(ToolInvocation invocation) {
				return GuardDecision.proceed();
			}

			@Override
			public boolean isVisible(Caller caller, ToolDescriptor tool) {
				return caller.hasAnyRole(List.of("admin"));
			}

			@Override
			public int getOrder() {
				return 0;
			}
		};
		GuardPipeline pipeline = new GuardPipeline(List.of(stage(1, new ArrayList<>(), null), hides), List.of());
		assertThat(pipeline.isVisible(ALICE, TOOL)).isFalse();
		assertThat(pipeline.isVisible(new Caller("root", Set.of("admin"), "token", null), TOOL)).isTrue();
	}

	private static ToolCallGuard stage(int order, List<String> trace, Outcome refusal) {
		return new ToolCallGuard() {
			@Override
			public GuardDecision check(ToolInvocation invocation) {
				trace.add(String.valueOf(order));
				return (refusal != null) ? GuardDecision.refuse(refusal, "refused at " + order) : GuardDecision.proceed();
			}

			@Override
			public int getOrder() {
				return order;
			}
		};
	}

}
