package dev.mcpguard.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.PropertyResolver;

/**
 * The conditions of MCP Guard's auto-configurations that read a property. In an AOT-processed application
 * ({@code spring-boot:process-aot}, run with {@code -Dspring.aot.enabled=true}) they were evaluated once, when the
 * application was processed, and the beans they chose are fixed: a property changed at run time is silently
 * ignored. For a security starter that would mean, for example, mutual TLS switched on in production's
 * configuration and not applied. So the outcomes are recorded at build time ({@link AotConditionsRecorder}) and
 * compared with the run-time environment before the application starts ({@link AotConditionsCheck}).
 */
final class AotConditions {

	/** Where the outcomes are recorded in the AOT-processed application. */
	static final String RESOURCE = "META-INF/mcp-guard/aot-conditions.properties";

	/**
	 * Every {@code @ConditionalOnBooleanProperty} and {@code @ConditionalOnProperty} of MCP Guard's
	 * auto-configurations ({@code AutoConfigurationConventionsTests} keeps this list complete).
	 */
	static final List<PropertyCondition> CONDITIONS = List.of(
			new PropertyCondition(McpGuardProperties.CONFIG_PREFIX + ".enabled", "true", true),
			new PropertyCondition(McpGuardProperties.CONFIG_PREFIX + ".enabled", "false", false),
			new PropertyCondition(McpGuardProperties.CONFIG_PREFIX + ".auth.mtls.enabled", "true", false),
			new PropertyCondition(McpGuardProperties.CONFIG_PREFIX + ".observe-security-filters", "false", true),
			new PropertyCondition(McpGuardAuditProperties.CONFIG_PREFIX + ".enabled", "true", true),
			new PropertyCondition(McpGuardAuditProperties.CONFIG_PREFIX + ".checkpoint.key", "", false),
			new PropertyCondition(McpGuardApprovalProperties.CONFIG_PREFIX + ".enabled", "true", true),
			new PropertyCondition(McpGuardApprovalProperties.CONFIG_PREFIX + ".webhook.url", "", false),
			new PropertyCondition(McpGuardRateLimitProperties.CONFIG_PREFIX + ".enabled", "true", true),
			new PropertyCondition(McpGuardRateLimitProperties.CONFIG_PREFIX + ".failed-auth.enabled", "true", true),
			new PropertyCondition("spring.ai.mcp.server.protocol", "STREAMABLE", false),
			new PropertyCondition("spring.ai.mcp.server.protocol", "STATELESS", false));

	private AotConditions() {
	}

	/**
	 * The outcome of every condition in an environment. Only outcomes are kept, never a property's value (a webhook
	 * URL may hold a secret).
	 * @param environment the environment
	 * @return the outcomes, keyed by {@link PropertyCondition#key()}
	 */
	static Properties evaluate(PropertyResolver environment) {
		Properties outcomes = new Properties();
		for (PropertyCondition condition : CONDITIONS) {
			outcomes.setProperty(condition.key(), String.valueOf(condition.matches(environment)));
		}
		return outcomes;
	}

	/**
	 * The recorded outcomes as the content of {@link #RESOURCE}.
	 * @param outcomes the outcomes
	 * @return the file's content
	 */
	static String write(Properties outcomes) {
		StringWriter out = new StringWriter();
		try {
			outcomes.store(out, "MCP Guard: outcomes of its auto-configuration conditions when the application was AOT-processed");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toString();
	}

	/**
	 * Read the recorded outcomes.
	 * @param classLoader the application's class loader
	 * @return the outcomes, or {@code null} when the application was AOT-processed without them
	 */
	static @Nullable Properties read(ClassLoader classLoader) {
		try (InputStream in = classLoader.getResourceAsStream(RESOURCE)) {
			if (in == null) {
				return null;
			}
			Properties outcomes = new Properties();
			outcomes.load(in);
			return outcomes;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The conditions whose outcome at run time differs from the recorded one, each described for an operator.
	 * @param recorded the outcomes recorded at build time
	 * @param environment the run-time environment
	 * @return one line per differing condition, empty when all agree
	 */
	static List<String> differences(Properties recorded, PropertyResolver environment) {
		List<String> differences = new ArrayList<>();
		Set<String> reported = new HashSet<>();
		for (PropertyCondition condition : CONDITIONS) {
			String built = recorded.getProperty(condition.key());
			boolean now = condition.matches(environment);
			if ((built == null || Boolean.parseBoolean(built) != now) && reported.add(condition.property())) {
				differences.add(condition.property() + " is " + condition.describe(now) + " now, but "
						+ ((built != null) ? "was " + condition.describe(!now) : "nothing was recorded about it")
						+ " when the application was AOT-processed");
			}
		}
		return differences;
	}

	/**
	 * A property condition, with the semantics of {@code @ConditionalOnProperty} (and of
	 * {@code @ConditionalOnBooleanProperty}, whose value is {@code "true"} or {@code "false"}).
	 * @param property the property's name
	 * @param havingValue the value that matches, ignoring case; empty: any value but {@code false}
	 * @param matchIfMissing whether the condition matches when the property is not set
	 */
	record PropertyCondition(String property, String havingValue, boolean matchIfMissing) {

		boolean matches(PropertyResolver environment) {
			if (!environment.containsProperty(this.property)) {
				return this.matchIfMissing;
			}
			String value = environment.getProperty(this.property);
			return this.havingValue.isEmpty() ? !"false".equalsIgnoreCase(value) : this.havingValue.equalsIgnoreCase(value);
		}

		String key() {
			return this.property + (this.havingValue.isEmpty() ? "" : "[" + this.havingValue + "]");
		}

		String describe(boolean matched) {
			if (this.havingValue.isEmpty()) {
				return matched ? "set" : "not set (or false)";
			}
			if (matched) {
				return this.havingValue + (this.matchIfMissing ? " (or not set)" : "");
			}
			return this.matchIfMissing ? "set to something other than " + this.havingValue
					: "not " + this.havingValue + " (or not set)";
		}

	}

}
