package dev.mcpguard.autoconfigure;

import java.time.Clock;

import javax.sql.DataSource;

import dev.mcpguard.admin.McpAuditEndpoint;
import dev.mcpguard.audit.AuditCheckpoints;
import dev.mcpguard.audit.AuditFinder;
import dev.mcpguard.audit.AuditLogger;
import dev.mcpguard.audit.AuditRecordFactory;
import dev.mcpguard.audit.AuditRetention;
import dev.mcpguard.audit.AuditSink;
import dev.mcpguard.audit.AuditSpool;
import dev.mcpguard.audit.AuditTrail;
import dev.mcpguard.audit.CheckpointSigner;
import dev.mcpguard.audit.JdbcAuditStore;
import dev.mcpguard.audit.LogAuditTrail;
import dev.mcpguard.audit.McpGuardAuditDataSource;
import dev.mcpguard.audit.ToolCallMetrics;
import dev.mcpguard.jdbc.McpGuardSchema;
import dev.mcpguard.pipeline.ArgumentRedactor;
import dev.mcpguard.pipeline.GuardPipeline;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.task.SimpleAsyncTaskExecutorBuilder;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Auto-configuration of MCP Guard's audit trail (database, spool, log line, retention, {@code mcpaudit} endpoint)
 * and of the tool call metrics. The trail needs MCP Guard's tables ({@link McpGuardSchema}); the metrics need only
 * a {@link MeterRegistry} and stay on when the trail is switched off.
 */
// After the pipeline (the listeners observe it; it defines the shared ArgumentRedactor), the JDBC auto-configuration (the trail needs McpGuardSchema) and
// the Micrometer registry auto-configurations (the metrics need a MeterRegistry).
@AutoConfiguration(after = { McpGuardAutoConfiguration.class, McpGuardJdbcAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnBean(GuardPipeline.class)
@EnableConfigurationProperties(McpGuardAuditProperties.class)
public final class McpGuardAuditAutoConfiguration {

	static final String ENABLED = McpGuardAuditProperties.CONFIG_PREFIX + ".enabled";

	/**
	 * JSON of the audit trail: non-ASCII escaped, so stored text is exactly what was hashed whatever the database
	 * encoding does to unusual characters.
	 * @return the mapper
	 */
	static JsonMapper auditJsonMapper() {
		return JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = ENABLED, matchIfMissing = true)
	@ConditionalOnBean(McpGuardSchema.class)
	static class AuditTrailConfiguration {

		@Bean
		@ConditionalOnMissingBean
		JdbcAuditStore mcpGuardAuditStore(McpGuardSchema schema,
				@McpGuardAuditDataSource ObjectProvider<DataSource> auditDataSource, ObjectProvider<DataSource> dataSource) {
			return new JdbcAuditStore(auditDataSource.getIfAvailable(dataSource::getObject));
		}

		@Bean
		@ConditionalOnMissingBean
		AuditTrail mcpGuardAuditTrail(JdbcAuditStore store, ArgumentRedactor redactor, McpGuardAuditProperties properties,
				ObjectProvider<AuditSink> sinks, ObjectProvider<SimpleAsyncTaskExecutorBuilder> executorBuilder) {
			AuditTrail.Settings settings = new AuditTrail.Settings(properties.getMode(), properties.getQueueCapacity(),
					properties.getBatchSize(), properties.getFlushInterval(), properties.getRetryInterval(),
					properties.getShutdownTimeout(), properties.getRefusalWindow());
			// Boot's builder carries the application's choices (virtual threads); the writer is one long-lived task.
			SimpleAsyncTaskExecutor executor = executorBuilder.getIfAvailable(SimpleAsyncTaskExecutorBuilder::new)
				.threadNamePrefix("mcp-guard-audit-")
				.customizers((taskExecutor) -> taskExecutor.setDaemon(true))
				.build();
			return new AuditTrail(store, new AuditSpool(properties.getSpoolDirectory(), auditJsonMapper()),
					new AuditRecordFactory(redactor), properties.isLogEvents() ? new AuditLogger() : null, settings,
					sinks.orderedStream().toList(), executor);
		}

		@Bean
		@ConditionalOnMissingBean
		AuditRetention mcpGuardAuditRetention(JdbcAuditStore store, McpGuardAuditProperties properties,
				ObjectProvider<ThreadPoolTaskSchedulerBuilder> schedulerBuilder) {
			return new AuditRetention(store, properties.getRetention(), properties.getPurgeInterval(), Clock.systemUTC(),
					() -> singleThreadScheduler(schedulerBuilder, "mcp-guard-audit-purge-"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = ENABLED, matchIfMissing = true)
	@ConditionalOnBean(McpGuardSchema.class)
	@ConditionalOnProperty(name = McpGuardAuditProperties.CONFIG_PREFIX + ".checkpoint.key")
	static class CheckpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AuditCheckpoints mcpGuardAuditCheckpoints(JdbcAuditStore store, McpGuardAuditProperties properties,
				@McpGuardAuditDataSource ObjectProvider<DataSource> auditDataSource, ObjectProvider<DataSource> dataSource,
				ObjectProvider<ThreadPoolTaskSchedulerBuilder> schedulerBuilder) {
			McpGuardAuditProperties.Checkpoint checkpoint = properties.getCheckpoint();
			return new AuditCheckpoints(auditDataSource.getIfAvailable(dataSource::getObject), store,
					new CheckpointSigner(checkpoint.getKey(), checkpoint.getKeyId()), checkpoint.getInterval(),
					Clock.systemUTC(), () -> singleThreadScheduler(schedulerBuilder, "mcp-guard-audit-checkpoint-"));
		}

	}

	static ThreadPoolTaskScheduler singleThreadScheduler(ObjectProvider<ThreadPoolTaskSchedulerBuilder> builder,
			String threadNamePrefix) {
		return builder.getIfAvailable(ThreadPoolTaskSchedulerBuilder::new)
			.poolSize(1)
			.threadNamePrefix(threadNamePrefix)
			.customizers((scheduler) -> scheduler.setDaemon(true))
			.build();
	}

	/**
	 * Without a database (no DataSource, or no {@code mcp-guard-spring-boot-starter-jdbc}) the trail is the
	 * structured log: not durable, which the posture report says.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = ENABLED, matchIfMissing = true)
	@ConditionalOnMissingBean(McpGuardSchema.class)
	static class LogAuditTrailConfiguration {

		@Bean
		@ConditionalOnMissingBean({ AuditTrail.class, LogAuditTrail.class })
		LogAuditTrail mcpGuardLogAuditTrail(ArgumentRedactor redactor, McpGuardAuditProperties properties) {
			return new LogAuditTrail(new AuditRecordFactory(redactor), new AuditLogger(), properties.getRefusalWindow());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	@ConditionalOnBooleanProperty(name = ENABLED, matchIfMissing = true)
	@ConditionalOnBean(McpGuardSchema.class)
	static class AuditEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		McpAuditEndpoint mcpAuditEndpoint(JdbcAuditStore store, ObjectProvider<AuditFinder> finders,
				ObjectProvider<AuditCheckpoints> checkpoints) {
			// the JPA repository's finder when the application uses JPA, else the store's JDBC search
			AuditFinder finder = finders.stream().filter((candidate) -> candidate != store).findFirst().orElse(store);
			return new McpAuditEndpoint(store, finder, checkpoints.getIfAvailable(), auditJsonMapper());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ToolCallMetrics mcpGuardToolCallMetrics(MeterRegistry registry) {
			return new ToolCallMetrics(registry);
		}

	}

}
