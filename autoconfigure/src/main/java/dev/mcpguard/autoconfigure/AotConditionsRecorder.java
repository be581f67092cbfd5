package dev.mcpguard.autoconfigure;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ByteArrayResource;

/**
 * Records, when an application is AOT-processed, the outcomes of MCP Guard's property conditions
 * ({@link AotConditions}) in the processed application, for {@link AotConditionsCheck} to compare at run time.
 * Registered in {@code META-INF/spring/aot.factories}.
 */
final class AotConditionsRecorder implements BeanFactoryInitializationAotProcessor {

	@Override
	public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
		if (!beanFactory.containsBean(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME)) {
			return null;
		}
		Environment environment = beanFactory.getBean(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME, Environment.class);
		byte[] content = AotConditions.write(AotConditions.evaluate(environment)).getBytes(StandardCharsets.ISO_8859_1);
		return (generationContext, code) -> {
			generationContext.getGeneratedFiles()
				.handleFile(Kind.RESOURCE, AotConditions.RESOURCE,
						(file) -> file.override(new ByteArrayResource(content)));
			RuntimeHints hints = generationContext.getRuntimeHints();
			hints.resources().registerPattern(AotConditions.RESOURCE);
			// Instantiated from META-INF/spring.factories, also in a native image.
			hints.reflection()
				.registerType(AotConditionsCheck.class, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)
				.registerType(McpServerSupportCheck.class, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)
				.registerType(McpGuardStartupFailureAnalyzer.class, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
		};
	}

}
