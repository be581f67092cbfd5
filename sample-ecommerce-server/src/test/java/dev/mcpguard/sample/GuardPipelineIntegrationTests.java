package dev.mcpguard.sample;

import java.util.List;
import java.util.Map;

import dev.mcpguard.pipeline.GuardDecision;
import dev.mcpguard.pipeline.Outcome;
import dev.mcpguard.pipeline.ToolCallEvent;
import dev.mcpguard.pipeline.ToolCallGuard;
import dev.mcpguard.pipeline.ToolInvocation;
import dev.mcpguard.sample.support.RecordingToolCallListener;
import dev.mcpguard.sample.support.SampleServerTest;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.OPERATOR;
import static dev.mcpguard.sample.support.McpTestClients.VIEWER;
import static dev.mcpguard.sample.support.McpTestClients.call;
import static dev.mcpguard.sample.support.McpTestClients.client;
import static dev.mcpguard.sample.support.McpTestClients.text;
import static dev.mcpguard.sample.support.McpTestClients.toolNames;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every tools/call of both tool styles passes the one pipeline: a stage can refuse it before the tool runs, and
 * listeners see exactly one event per call; tools/list is filtered per caller by the same stages.
 */
@SampleServerTest
class GuardPipelineIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	RecordingToolCallListener events;

	@Test
	void aStageCanRefuseACallBeforeTheToolRuns() {
		try (McpSyncClient client = client(this.port, ADMIN)) {
			int notesBefore = count();
			this.events.clear();
			CallToolResult refused = call(client, "add_note", Map.of("orderId", 1, "text", "forbidden words"));
			assertThat(refused.isError()).isTrue();
			assertThat(text(refused)).isEqualTo("Notes with forbidden words are refused by the test stage.");
			assertThat(count()).isEqualTo(notesBefore);
			assertThat(this.events.events()).singleElement().satisfies((event) -> {
				assertThat(event.outcome()).isEqualTo(Outcome.DENIED);
				assertThat(event.invocation().toolName()).isEqualTo("add_note");
				assertThat(event.invocation().caller().name()).isEqualTo("demo-admin");
			});

			this.events.clear();
			CallToolResult allowed = call(client, "add_note", Map.of("orderId", 1, "text", "fine words"));
			assertThat(allowed.isError()).isFalse();
			assertThat(count()).isEqualTo(notesBefore + 1);
			assertThat(this.events.events()).singleElement().extracting(ToolCallEvent::outcome).isEqualTo(Outcome.OK);
		}
	}

	@Test
	void bothToolStylesPassThePipeline() {
		try (McpSyncClient client = client(this.port, ADMIN)) {
			this.events.clear();
			call(client, "get_product", Map.of("productId", 1));
			call(client, "get_product", Map.of("productId", 999_999));
			call(client, "update_order", Map.of("orderId", 999_999, "status", "CONFIRMED"));
			assertThat(this.events.events()).extracting((event) -> event.invocation().toolName() + ":" + event.outcome())
				.containsExactly("get_product:OK", "get_product:FAILED", "update_order:FAILED");
		}
	}

	@Test
	void toolsListShowsEachCallerOnlyWhatItMayCall() {
		try (McpSyncClient viewer = client(this.port, VIEWER); McpSyncClient operator = client(this.port, OPERATOR);
				McpSyncClient admin = client(this.port, ADMIN)) {
			List<String> reads = List.of("get_customer", "get_order", "get_product", "list_products");
			assertThat(toolNames(viewer)).containsExactlyElementsOf(reads);
			assertThat(toolNames(operator)).containsExactly("add_note", "create_order", "get_customer", "get_order",
					"get_product", "list_products", "update_order");
			assertThat(toolNames(admin)).hasSize(8);
			int ordersBefore = this.jdbc.queryForObject("SELECT count(*) FROM orders", Integer.class);
			CallToolResult denied = call(viewer, "create_order",
					Map.of("customerId", 1, "items", List.of(Map.of("productId", 1, "quantity", 1))));
			assertThat(text(denied)).isEqualTo("Permission denied: 'create_order' requires role operator.");
			CallToolResult hiddenSchema = call(viewer, "create_order", Map.of("customerId", "not-a-number"));
			assertThat(text(hiddenSchema)).as("a hidden tool's schema never leaks through validation errors")
				.isEqualTo("Permission denied: 'create_order' requires role operator.");
			assertThat(this.jdbc.queryForObject("SELECT count(*) FROM orders", Integer.class)).isEqualTo(ordersBefore);
		}
	}

	private int count() {
		return this.jdbc.queryForObject("SELECT count(*) FROM order_notes", Integer.class);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class TestStages {

		@Bean
		ToolCallGuard forbiddenWordsStage() {
			return new ToolCallGuard() {
				@Override
				public GuardDecision check(ToolInvocation invocation) {
					Object text = invocation.arguments().get("text");
					if ("add_note".equals(invocation.toolName()) && String.valueOf(text).contains("forbidden")) {
						return GuardDecision.refuse(Outcome.DENIED, "Notes with forbidden words are refused by the test stage.");
					}
					return GuardDecision.proceed();
				}

				@Override
				public int getOrder() {
					return 350;
				}
			};
		}

		@Bean
		RecordingToolCallListener recordingListener() {
			return new RecordingToolCallListener();
		}

	}

}
