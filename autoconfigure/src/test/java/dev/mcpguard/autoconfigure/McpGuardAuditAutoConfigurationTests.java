package dev.mcpguard.autoconfigure;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.mcpguard.admin.McpAuditEndpoint;
import dev.mcpguard.approval.ApprovalGuard;
import dev.mcpguard.audit.AuditCheckpoints;
import dev.mcpguard.audit.AuditHealthIndicator;
import dev.mcpguard.audit.AuditMetrics;
import dev.mcpguard.audit.AuditRecord;
import dev.mcpguard.audit.AuditRetention;
import dev.mcpguard.audit.AuditSink;
import dev.mcpguard.audit.jpa.JpaAuditFinder;
import dev.mcpguard.audit.AuditTrail;
import dev.mcpguard.audit.JdbcAuditStore;
import dev.mcpguard.audit.McpGuardAuditDataSource;
import dev.mcpguard.audit.ToolCallMetrics;
import dev.mcpguard.auth.StaticTokenStore;
import dev.mcpguard.pipeline.ArgumentRedactor;
import dev.mcpguard.pipeline.Caller;
import dev.mcpguard.pipeline.GuardPipeline;
import dev.mcpguard.pipeline.Outcome;
import dev.mcpguard.pipeline.ToolRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.mcp.server.common.autoconfigure.McpServerAutoConfiguration;
import org.springframework.ai.mcp.server.common.autoconfigure.McpServerJsonMapperAutoConfiguration;
import org.springframework.ai.mcp.server.webmvc.autoconfigure.McpServerStreamableHttpWebMvcAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;
import static org.awaitility.Awaitility.await;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

@ExtendWith(OutputCaptureExtension.class)
class McpGuardAuditAutoConfigurationTests {

	@TempDir
	Path spool;

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(McpServerJsonMapperAutoConfiguration.class,
				McpServerStreamableHttpWebMvcAutoConfiguration.class, McpServerAutoConfiguration.class,
				McpGuardAutoConfiguration.class, DataSourceAutoConfiguration.class, McpGuardJdbcAutoConfiguration.class,
				McpGuardAuditAutoConfiguration.class))
		.withPropertyValues("spring.ai.mcp.server.protocol=STREAMABLE",
				"spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1")
		.withUserConfiguration(EchoToolConfiguration.class)
		// the token service of the JDBC auto-configuration needs the static tokens of the security one
		.withBean(StaticTokenStore.class, () -> new StaticTokenStore(Map.of()));

	private WebApplicationContextRunner runner() {
		return this.runner.withPropertyValues("mcp.guard.audit.spool-directory=" + this.spool);
	}

	@Test
	void theTrailHasAHealthIndicatorAndMetersAndEveryApplicationSinkReceivesItsRecords() {
		List<AuditRecord> received = new CopyOnWriteArrayList<>();
		runner().withConfiguration(AutoConfigurations.of(McpGuardAuditHealthAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.withBean("siem", AuditSink.class, () -> received::addAll)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasBean("mcpAuditHealthIndicator").hasSingleBean(AuditMetrics.class);
				callEcho(context.getBean(GuardPipeline.class), context.getBean(ToolRegistry.class));
				assertThat(context.getBean(AuditTrail.class).flush(Duration.ofSeconds(10))).isTrue();
				assertThat(received).singleElement().satisfies((record) -> assertThat(record.tool()).isEqualTo("echo"));
				assertThat(context.getBean(AuditHealthIndicator.class).health(true).getStatus()).isEqualTo(Status.UP);
			});
	}

	@Test
	void withoutJpaTheTrailStaysOnJdbcAndNoEntityIsRegistered() {
		runner().withConfiguration(AutoConfigurations.of(McpGuardAuditJpaAutoConfiguration.class,
				McpGuardAuditJpaFinderAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(jakarta.persistence.EntityManager.class))
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(AuditTrail.class).doesNotHaveBean(JpaAuditFinder.class);
				assertThat(AutoConfigurationPackages.has(context)).isFalse();
			});
	}

	@Test
	void withJpaTheAuditEntityPackageJoinsTheApplicationsAutoConfigurationPackages() {
		runner().withConfiguration(AutoConfigurations.of(McpGuardAuditJpaAutoConfiguration.class))
			.run((context) -> assertThat(AutoConfigurationPackages.get(context))
				.containsExactly(JpaAuditFinder.class.getPackageName()));
	}

	@Test
	void checkpointsAreSignedOnlyWithAKey() {
		runner().run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(AuditCheckpoints.class));
		runner().withPropertyValues("mcp.guard.audit.checkpoint.key=auto-configuration-test-key-0123456789")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(AuditCheckpoints.class);
				callEcho(context.getBean(GuardPipeline.class), context.getBean(ToolRegistry.class));
				assertThat(context.getBean(AuditTrail.class).flush(Duration.ofSeconds(10))).isTrue();
				AuditCheckpoints checkpoints = context.getBean(AuditCheckpoints.class);
				assertThat(checkpoints.signHead()).isNotNull();
				assertThat(checkpoints.verify(List.of()).checkpoints()).isEqualTo(1);
			});
		runner().withPropertyValues("mcp.guard.audit.checkpoint.key=auto-configuration-test-key-0123456789",
				"mcp.guard.audit.checkpoint.interval=100ms")
			.run((context) -> {
				callEcho(context.getBean(GuardPipeline.class), context.getBean(ToolRegistry.class));
				AuditCheckpoints checkpoints = context.getBean(AuditCheckpoints.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> !checkpoints.stored(1).isEmpty());
				assertThat(context.getBean(AuditTrail.class).flush(Duration.ofSeconds(10))).isTrue();
				assertThat(checkpoints.verify(List.of()).valid()).isTrue();
			});
		runner().withPropertyValues("mcp.guard.audit.checkpoint.key=short")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("at least 32 characters")
				.hasMessageNotContaining("=short"));
	}

	@Test
	void withoutADurableTrailThereIsNoAuditHealthIndicator() {
		runner().withConfiguration(AutoConfigurations.of(McpGuardAuditHealthAutoConfiguration.class))
			.withPropertyValues("mcp.guard.audit.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(AuditHealthIndicator.class)
				.doesNotHaveBean(AuditMetrics.class));
	}

	@Test
	void whenDatabasePresentThenEveryToolCallIsAudited() {
		runner().run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(AuditTrail.class)
				.hasSingleBean(JdbcAuditStore.class)
				.hasSingleBean(ArgumentRedactor.class)
				.hasSingleBean(AuditRetention.class);
			callEcho(context.getBean(GuardPipeline.class), context.getBean(ToolRegistry.class));
			JdbcClient jdbc = JdbcClient.create(context.getBean(DataSource.class));
			await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> jdbc.sql("SELECT count(*) FROM mcp_guard_audit").query(Long.class).single() == 1);
			assertThat(jdbc.sql("SELECT principal || ' ' || tool || ' ' || outcome || ' ' || arguments FROM mcp_guard_audit")
				.query(String.class)
				.single()).isEqualTo("agent echo OK {\"text\":\"hi\",\"password\":\"***\"}");
		});
	}

	@Test
	void auditLogLinesOnlyWhenAskedFor(CapturedOutput output) {
		runner().run((context) -> {
			callEcho(context.getBean(GuardPipeline.class), context.getBean(ToolRegistry.class));
			context.getBean(AuditTrail.class).flush(Duration.ofSeconds(10));
			assertThat(JdbcClient.create(context.getBean(DataSource.class)).sql("SELECT count(*) FROM mcp_guard_audit")
				.query(Long.class)
				.single()).isOne();
			assertThat(output).doesNotContain("tools/call echo");
		});
		runner().withPropertyValues("mcp.guard.audit.log-events=true").run((context) -> {
			callEcho(context.getBean(GuardPipeline.class), context.getBean(ToolRegistry.class));
			context.getBean(AuditTrail.class).flush(Duration.ofSeconds(10));
			assertThat(output).contains("OK tools/call echo by agent").contains("\"password\":\"***\"");
		});
	}

	@Test
	void propertiesHaveTheDocumentedDefaults() {
		runner().run((context) -> {
			McpGuardAuditProperties properties = context.getBean(McpGuardAuditProperties.class);
			assertThat(properties.isEnabled()).isTrue();
			assertThat(properties.getMode()).isEqualTo(AuditTrail.Mode.ASYNC);
			assertThat(properties.getSensitiveKeys()).containsExactly("ssn");
			assertThat(properties.getRetention()).isEqualTo(Duration.ofDays(365));
			assertThat(properties.getMaxArgumentSize()).isEqualTo(DataSize.ofKilobytes(8));
			assertThat(properties.getQueueCapacity()).isEqualTo(10_000);
			assertThat(properties.getBatchSize()).isEqualTo(500);
			assertThat(properties.isLogEvents()).isFalse();
		});
		assertThat(new McpGuardAuditProperties().getSpoolDirectory()).isEqualTo(Path.of("audit-spool"));
	}

	@Test
	void propertiesBind() {
		runner().withPropertyValues("mcp.guard.audit.mode=strict", "mcp.guard.audit.sensitive-keys=iban,pin",
				"mcp.guard.audit.max-argument-size=1KB", "mcp.guard.audit.retention=30d").run((context) -> {
					McpGuardAuditProperties properties = context.getBean(McpGuardAuditProperties.class);
					assertThat(properties.getMode()).isEqualTo(AuditTrail.Mode.STRICT);
					assertThat(properties.getSensitiveKeys()).containsExactly("iban", "pin");
					assertThat(properties.getMaxArgumentSize()).isEqualTo(DataSize.ofKilobytes(1));
					assertThat(properties.getRetention()).isEqualTo(Duration.ofDays(30));
					assertThat(context.getBean(ArgumentRedactor.class).isSensitiveKey("IBAN")).isTrue();
					assertThat(context.getBean(ArgumentRedactor.class).isSensitiveKey("password")).as("built in").isTrue();
					assertThat(context.getBean(ArgumentRedactor.class).isSensitiveKey("ssn")).as("default replaced").isFalse();
				});
	}

	@Test
	void whenDisabledThenNoAuditTrailButMetricsStay() {
		runner().withPropertyValues("mcp.guard.audit.enabled=false", "management.endpoints.web.exposure.include=mcpaudit")
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(AuditTrail.class)
				.doesNotHaveBean(JdbcAuditStore.class)
				.doesNotHaveBean(McpAuditEndpoint.class)
				.hasSingleBean(ToolCallMetrics.class)
				.as("the approval layer still needs it").hasSingleBean(ArgumentRedactor.class));
	}

	@Test
	void whenApprovalIsDisabledThenTheTrailStillHasTheSharedRedactor() {
		runner().withConfiguration(AutoConfigurations.of(McpGuardApprovalAutoConfiguration.class))
			.withPropertyValues("mcp.guard.approval.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(ApprovalGuard.class)
					.hasSingleBean(AuditTrail.class)
					.hasSingleBean(ArgumentRedactor.class);
				callEcho(context.getBean(GuardPipeline.class), context.getBean(ToolRegistry.class));
				JdbcClient jdbc = JdbcClient.create(context.getBean(DataSource.class));
				await().atMost(Duration.ofSeconds(10))
					.until(() -> jdbc.sql("SELECT arguments FROM mcp_guard_audit").query(String.class).list(),
							(rows) -> rows.equals(List.of("{\"text\":\"hi\",\"password\":\"***\"}")));
			});
	}

	@Test
	void whenGuardDisabledThenNothingIsAudited() {
		runner().withPropertyValues("mcp.guard.enabled=false").withBean(SimpleMeterRegistry.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(AuditTrail.class)
				.doesNotHaveBean(ToolCallMetrics.class));
	}

	@Test
	void whenUserDefinesBeansThenTheyWin() {
		// the redactor comes from the pipeline auto-configuration; the trail takes the user's one
		ArgumentRedactor own = new ArgumentRedactor(List.of("iban"), 1024, JsonMapper.builder().build());
		runner().withBean("ownRedactor", ArgumentRedactor.class, () -> own)
			.withBean("ownStore", JdbcAuditStore.class, () -> new JdbcAuditStore(mock(DataSource.class)))
			.run((context) -> {
				assertThat(context).getBean(ArgumentRedactor.class).isSameAs(own);
				assertThat(context).getBean(JdbcAuditStore.class).isSameAs(context.getBean("ownStore"));
			});
	}

	@Test
	void whenNoDataSourceThenNoAuditTrailButTheServerStarts() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(McpServerJsonMapperAutoConfiguration.class,
					McpServerStreamableHttpWebMvcAutoConfiguration.class, McpServerAutoConfiguration.class,
					McpGuardAutoConfiguration.class, McpGuardJdbcAutoConfiguration.class,
					McpGuardAuditAutoConfiguration.class))
			.withPropertyValues("spring.ai.mcp.server.protocol=STREAMABLE")
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(AuditTrail.class)
				.hasSingleBean(ToolCallMetrics.class));
	}

	@Test
	void whenMicrometerIsMissingThenNoMetrics() {
		runner().withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(AuditTrail.class)
				.doesNotHaveBean(ToolCallMetrics.class));
	}

	@Test
	void whenMeterRegistryPresentThenCallsAreMeasured() {
		runner().withBean(SimpleMeterRegistry.class).run((context) -> {
			callEcho(context.getBean(GuardPipeline.class), context.getBean(ToolRegistry.class));
			assertThat(context.getBean(MeterRegistry.class)
				.get(ToolCallMetrics.CALLS)
				.tags("tool", "echo", "outcome", "OK")
				.counter()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void whenEndpointExposedThenItIsRegistered() {
		runner().withPropertyValues("management.endpoints.web.exposure.include=mcpaudit")
			.run((context) -> assertThat(context).hasSingleBean(McpAuditEndpoint.class));
		runner().run((context) -> assertThat(context).doesNotHaveBean(McpAuditEndpoint.class));
	}

	@Test
	void whenAnAuditDataSourceIsQualifiedThenTheTrailWritesThroughIt() {
		runner().withUserConfiguration(AuditDataSourceConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
			JdbcAuditStore store = context.getBean(JdbcAuditStore.class);
			AuditRecord record = new AuditRecord(UUID.randomUUID().toString(), Instant.now(), "agent", "token", null,
					null, "echo", "{}", Outcome.OK, null, 1, null, null);
			AuditDataSourceConfiguration.down = true;
			try {
				assertThatRuntimeException().isThrownBy(() -> store.append(List.of(record)));
			}
			finally {
				AuditDataSourceConfiguration.down = false;
			}
			assertThat(store.append(List.of(record))).isEqualTo(1);
		});
	}

	private static void callEcho(GuardPipeline pipeline, ToolRegistry registry) {
		McpSyncServerExchange exchange = mock(McpSyncServerExchange.class);
		given(exchange.sessionId()).willReturn("session-1");
		Caller caller = new Caller("agent", Set.of("operator"), "token", "10.0.0.7");
		Map<String, Object> arguments = new LinkedHashMap<>();
		arguments.put("text", "hi");
		arguments.put("password", "hunter2");
		McpSchema.CallToolRequest request = new McpSchema.CallToolRequest("echo", arguments);
		pipeline.call(registry.descriptor("echo"), caller, exchange, request,
				EchoToolConfiguration.ORIGINAL.callHandler());
	}

	@Configuration(proxyBeanMethods = false)
	static class EchoToolConfiguration {

		static final SyncToolSpecification ORIGINAL = new SyncToolSpecification(
				McpSchema.Tool.builder("echo", Map.of("type", "object")).build(),
				(exchange, request) -> McpSchema.CallToolResult.builder().addTextContent("echo").build());

		@Bean
		List<SyncToolSpecification> echoTools() {
			return List.of(ORIGINAL);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AuditDataSourceConfiguration {

		static volatile boolean down;

		@Bean(defaultCandidate = false)
		@McpGuardAuditDataSource
		DataSource auditDataSource(DataSource dataSource) {
			return TestDataSources.beforeEachConnection(dataSource, () -> {
				if (down) {
					throw new SQLException("audit pool switched off");
				}
			});
		}

	}

}
