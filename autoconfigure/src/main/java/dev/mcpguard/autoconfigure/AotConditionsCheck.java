package dev.mcpguard.autoconfigure;

import java.util.List;
import java.util.Properties;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.AotDetector;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.PropertyResolver;
import org.springframework.util.ClassUtils;

/**
 * Refuses to start an AOT-processed application whose MCP Guard configuration differs, in a way that would choose
 * other beans, from the one it was processed with: in AOT mode that difference would be silently ignored
 * ({@link AotConditions}). Does nothing outside AOT mode. Registered in {@code META-INF/spring.factories}.
 */
final class AotConditionsCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		if (AotDetector.useGeneratedArtifacts()) {
			ClassLoader classLoader = event.getSpringApplication().getClassLoader();
			check(AotConditions.read((classLoader != null) ? classLoader : ClassUtils.getDefaultClassLoader()),
					event.getEnvironment());
		}
	}

	/**
	 * Compare the recorded outcomes with the environment's.
	 * @param recorded the outcomes recorded when the application was AOT-processed, {@code null} if none
	 * @param environment the run-time environment
	 * @throws AotConditionsMismatchException when they differ or nothing was recorded
	 */
	static void check(@Nullable Properties recorded, PropertyResolver environment) {
		if (recorded == null) {
			throw new AotConditionsMismatchException("MCP Guard: this application runs in AOT mode (spring.aot.enabled=true), "
					+ "but " + AotConditions.RESOURCE + " is missing: it was AOT-processed without MCP Guard on the class "
					+ "path, so MCP Guard's beans may be missing from it.",
					"AOT-process the application again with MCP Guard on the class path, or run it without AOT mode.");
		}
		List<String> differences = AotConditions.differences(recorded, environment);
		if (!differences.isEmpty()) {
			throw new AotConditionsMismatchException("MCP Guard: this application runs in AOT mode (spring.aot.enabled=true), "
					+ "where auto-configuration conditions were decided when it was AOT-processed, and its configuration "
					+ "now differs in a way that would be silently ignored:\n  - " + String.join("\n  - ", differences),
					"Set these properties when the application is AOT-processed (the arguments or profiles of "
							+ "spring-boot:process-aot, or of processAot) and build it again, or run it without AOT mode.");
		}
	}

}
