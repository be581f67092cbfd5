package dev.mcpguard.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.mcpguard.autoconfigure.AotConditions.PropertyCondition;
import org.junit.jupiter.api.Test;

import org.springframework.aot.AotDetector;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import org.springframework.javapoet.ClassName;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link AotConditions}, {@link AotConditionsRecorder}, {@link AotConditionsCheck} and its failure analyzer: MCP
 * Guard's property conditions recorded when an application is AOT-processed and compared at the start in AOT mode.
 */
class AotConditionsTests {

	private static final String SECRET_WEBHOOK = "https://hooks.example.com/services/T000/B000/s3cr3t-webhook-key";

	@Test
	void conditionsMatchAsSpringBootsOwnDo() {
		List<PropertyCondition> shapes = List.of(new PropertyCondition("test.flag", "true", true),
				new PropertyCondition("test.flag", "false", false), new PropertyCondition("test.flag", "true", false),
				new PropertyCondition("test.flag", "false", true), new PropertyCondition("test.flag", "", false),
				new PropertyCondition("test.flag", "STREAMABLE", false));
		List<Class<?>> configurations = List.of(TrueOrMissing.class, False.class, True.class, FalseOrMissing.class,
				AnyButFalse.class, Streamable.class);
		for (String value : new String[] { null, "true", "false", "TRUE", "False", "", "yes", "STREAMABLE", "streamable", "sse" }) {
			MockEnvironment environment = new MockEnvironment();
			if (value != null) {
				environment.setProperty("test.flag", value);
			}
			for (int i = 0; i < shapes.size(); i++) {
				PropertyCondition shape = shapes.get(i);
				ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(configurations.get(i));
				if (value != null) {
					runner = runner.withPropertyValues("test.flag=" + value);
				}
				boolean expected = shape.matches(environment);
				runner.run((context) -> assertThat(context.containsBean("marker"))
					.as("%s with test.flag=%s", shape, value)
					.isEqualTo(expected));
			}
		}
	}

	@Test
	void recordsOutcomesAndNeverAValue() {
		MockEnvironment environment = new MockEnvironment().withProperty("mcp.guard.approval.webhook.url", SECRET_WEBHOOK)
			.withProperty("mcp.guard.auth.mtls.enabled", "true");
		Properties outcomes = AotConditions.evaluate(environment);
		assertThat(outcomes).containsEntry("mcp.guard.approval.webhook.url", "true")
			.containsEntry("mcp.guard.auth.mtls.enabled[true]", "true")
			.containsEntry("mcp.guard.enabled[true]", "true")
			.containsEntry("mcp.guard.enabled[false]", "false")
			.hasSize(AotConditions.CONDITIONS.size());
		assertThat(AotConditions.write(outcomes)).doesNotContain("s3cr3t").doesNotContain("hooks.example.com");
	}

	@Test
	void sameConfigurationHasNoDifference() {
		MockEnvironment built = new MockEnvironment().withProperty("spring.ai.mcp.server.protocol", "STREAMABLE");
		MockEnvironment now = new MockEnvironment().withProperty("spring.ai.mcp.server.protocol", "streamable")
			.withProperty("mcp.guard.enabled", "TRUE")
			.withProperty("mcp.guard.audit.retention", "30d");
		assertThat(AotConditions.differences(AotConditions.evaluate(built), now)).isEmpty();
	}

	@Test
	void eachChangedPropertyIsNamedOnce() {
		Properties built = AotConditions.evaluate(new MockEnvironment());
		MockEnvironment now = new MockEnvironment().withProperty("mcp.guard.enabled", "false")
			.withProperty("mcp.guard.approval.webhook.url", SECRET_WEBHOOK);
		assertThat(AotConditions.differences(built, now)).containsExactly(
				"mcp.guard.enabled is set to something other than true now, but was true (or not set) when the application was AOT-processed",
				"mcp.guard.approval.webhook.url is set now, but was not set (or false) when the application was AOT-processed");
	}

	@Test
	void anEnvironmentVariableIsSeenAsTheConditionsSeeIt() {
		StandardEnvironment now = new StandardEnvironment();
		now.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("test", Map.of("MCP_GUARD_AUTH_MTLS_ENABLED", "true",
					"MCP_GUARD_RATE_LIMIT_ENABLED", "false")));
		assertThat(AotConditions.differences(AotConditions.evaluate(new MockEnvironment()), now)).containsExactly(
				"mcp.guard.auth.mtls.enabled is true now, but was not true (or not set) when the application was AOT-processed",
				"mcp.guard.rate-limit.enabled is set to something other than true now, but was true (or not set) when the application was AOT-processed");
	}

	@Test
	void aConditionTheRecordLacksIsADifference() {
		Properties built = AotConditions.evaluate(new MockEnvironment());
		built.remove("mcp.guard.rate-limit.enabled[true]");
		assertThat(AotConditions.differences(built, new MockEnvironment())).containsExactly(
				"mcp.guard.rate-limit.enabled is true (or not set) now, but nothing was recorded about it when the application was AOT-processed");
	}

	@Test
	void recorderWritesTheOutcomesIntoTheProcessedApplication() throws Exception {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerSingleton(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME,
				new MockEnvironment().withProperty("mcp.guard.auth.mtls.enabled", "true"));
		BeanFactoryInitializationAotContribution contribution = new AotConditionsRecorder().processAheadOfTime(beanFactory);
		assertThat(contribution).isNotNull();
		InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
		DefaultGenerationContext generation = new DefaultGenerationContext(new ClassNameGenerator(ClassName.get("com.example", "App")), files);
		contribution.applyTo(generation, null);
		Properties recorded = new Properties();
		recorded.load(files.getGeneratedFile(Kind.RESOURCE, AotConditions.RESOURCE).getInputStream());
		assertThat(recorded).isEqualTo(AotConditions.evaluate(new MockEnvironment().withProperty("mcp.guard.auth.mtls.enabled", "true")));
		assertThat(RuntimeHintsPredicates.resource().forResource(AotConditions.RESOURCE)).accepts(generation.getRuntimeHints());
		assertThat(RuntimeHintsPredicates.reflection().onType(AotConditionsCheck.class)
			.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(generation.getRuntimeHints());
		assertThat(RuntimeHintsPredicates.reflection().onType(McpGuardStartupFailureAnalyzer.class)
			.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(generation.getRuntimeHints());
	}

	@Test
	void recorderAndCheckAreRegistered() {
		assertThat(AotServices.factories().load(BeanFactoryInitializationAotProcessor.class))
			.anyMatch(AotConditionsRecorder.class::isInstance);
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(ApplicationListener.class))
			.anyMatch(AotConditionsCheck.class::isInstance);
		// Some of Spring Boot's own analyzers need constructor arguments or classes not on this class path: skipped.
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, FailureHandler.handleMessage((message, failure) -> { })))
			.anyMatch(McpGuardStartupFailureAnalyzer.class::isInstance);
	}

	@Test
	void aRefusedStartIsReportedWithWhatDiffersAndWhatToDo() {
		Properties built = AotConditions.evaluate(new MockEnvironment());
		Throwable failure = catchThrowable(
				() -> AotConditionsCheck.check(built, new MockEnvironment().withProperty("mcp.guard.audit.enabled", "false")));
		FailureAnalysis analysis = new McpGuardStartupFailureAnalyzer()
			.analyze(new IllegalStateException("Application run failed", failure));
		assertThat(analysis.getDescription()).contains(
				"  - mcp.guard.audit.enabled is set to something other than true now, but was true (or not set) when the application was AOT-processed");
		assertThat(analysis.getAction()).startsWith("Set these properties when the application is AOT-processed");
	}

	@Test
	void checkRefusesADifferenceOrAMissingRecord() {
		Properties built = AotConditions.evaluate(new MockEnvironment());
		assertThatNoException().isThrownBy(() -> AotConditionsCheck.check(built, new MockEnvironment()));
		assertThatIllegalStateException()
			.isThrownBy(() -> AotConditionsCheck.check(built, new MockEnvironment().withProperty("mcp.guard.auth.mtls.enabled", "true")))
			.withMessageContaining("runs in AOT mode")
			.withMessageContaining("mcp.guard.auth.mtls.enabled is true now, but was not true (or not set)")
			.withMessageContaining("spring-boot:process-aot");
		assertThatIllegalStateException().isThrownBy(() -> AotConditionsCheck.check(null, new MockEnvironment()))
			.withMessageContaining(AotConditions.RESOURCE + " is missing");
	}

	@Test
	void checkDoesNothingOutsideAotMode() {
		assertThat(AotDetector.useGeneratedArtifacts()).isFalse();
		MockEnvironment environment = new MockEnvironment().withProperty("mcp.guard.auth.mtls.enabled", "true");
		assertThatNoException().isThrownBy(() -> new AotConditionsCheck()
			.onApplicationEvent(new ApplicationEnvironmentPreparedEvent(null, new SpringApplication(), new String[0], environment)));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "test.flag", matchIfMissing = true)
	static class TrueOrMissing extends Marker {

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "test.flag", havingValue = false)
	static class False extends Marker {

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "test.flag")
	static class True extends Marker {

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "test.flag", havingValue = false, matchIfMissing = true)
	static class FalseOrMissing extends Marker {

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "test.flag")
	static class AnyButFalse extends Marker {

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "test.flag", havingValue = "STREAMABLE")
	static class Streamable extends Marker {

	}

	abstract static class Marker {

		@Bean
		String marker() {
			return "matched";
		}

	}

}
