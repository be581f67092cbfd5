package dev.mcpguard.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conventions every MCP Guard auto-configuration keeps: listed, final, each bean backing off to the user's, every
 * property documented, and every property condition checked at an AOT-mode start.
 */
class AutoConfigurationConventionsTests {

	@Test
	void importsAreSortedAndAllAutoConfigurations() throws Exception {
		List<String> names = importedAutoConfigurations();
		assertThat(names).isNotEmpty().isSorted();
		for (String name : names) {
			Class<?> type = Class.forName(name);
			assertThat(type).hasAnnotation(AutoConfiguration.class);
			assertThat(Modifier.isFinal(type.getModifiers())).as(name + " is final").isTrue();
		}
	}

	@Test
	void everyBeanBacksOffToTheUsers() throws Exception {
		List<String> offenders = new ArrayList<>();
		for (String name : importedAutoConfigurations()) {
			collectBeansWithoutBackOff(Class.forName(name), offenders);
		}
		assertThat(offenders).isEmpty();
	}

	@Test
	void everyPropertyHasADescription() throws IOException {
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			Map<?, ?> metadata = JsonMapper.builder().build().readValue(in, Map.class);
			List<?> properties = (List<?>) metadata.get("properties");
			assertThat(properties).isNotEmpty();
			assertThat(properties).allSatisfy((property) -> assertThat(((Map<?, ?>) property).get("description"))
				.as("description of %s", ((Map<?, ?>) property).get("name"))
				.isNotNull());
		}
	}

	@Test
	void everyPropertyConditionIsCheckedInAotMode() throws Exception {
		Set<AotConditions.PropertyCondition> found = new HashSet<>();
		for (String name : importedAutoConfigurations()) {
			collectPropertyConditions(Class.forName(name), found);
		}
		assertThat(found).as("the conditions AotConditions.CONDITIONS must list")
			.containsExactlyInAnyOrderElementsOf(AotConditions.CONDITIONS);
	}

	private static void collectPropertyConditions(Class<?> type, Set<AotConditions.PropertyCondition> found) {
		List<AnnotatedElement> elements = new ArrayList<>(List.of(type.getDeclaredMethods()));
		elements.add(type);
		for (AnnotatedElement element : elements) {
			for (ConditionalOnBooleanProperty condition : element.getAnnotationsByType(ConditionalOnBooleanProperty.class)) {
				for (String property : names(condition.prefix(), condition.name(), condition.value())) {
					found.add(new AotConditions.PropertyCondition(property, String.valueOf(condition.havingValue()),
							condition.matchIfMissing()));
				}
			}
			for (ConditionalOnProperty condition : element.getAnnotationsByType(ConditionalOnProperty.class)) {
				for (String property : names(condition.prefix(), condition.name(), condition.value())) {
					found.add(new AotConditions.PropertyCondition(property, condition.havingValue(), condition.matchIfMissing()));
				}
			}
		}
		for (Class<?> nested : type.getDeclaredClasses()) {
			collectPropertyConditions(nested, found);
		}
	}

	private static List<String> names(String prefix, String[] names, String[] values) {
		String start = (prefix.isEmpty() || prefix.endsWith(".")) ? prefix : prefix + ".";
		return Stream.concat(Stream.of(names), Stream.of(values)).map((name) -> start + name).toList();
	}

	private static void collectBeansWithoutBackOff(Class<?> type, List<String> offenders) {
		boolean classBacksOff = type.isAnnotationPresent(ConditionalOnMissingBean.class);
		for (Method method : type.getDeclaredMethods()) {
			if (!method.isAnnotationPresent(Bean.class) || classBacksOff) {
				continue;
			}
			boolean infrastructure = Modifier.isStatic(method.getModifiers()) && method.getReturnType().getSimpleName().startsWith("Guarded");
			boolean primaryCustomizer = method.isAnnotationPresent(Primary.class);
			if (!method.isAnnotationPresent(ConditionalOnMissingBean.class) && !infrastructure && !primaryCustomizer) {
				offenders.add(type.getSimpleName() + "." + method.getName());
			}
		}
		for (Class<?> nested : type.getDeclaredClasses()) {
			collectBeansWithoutBackOff(nested, offenders);
		}
	}

	private static List<String> importedAutoConfigurations() throws IOException {
		ClassPathResource resource = new ClassPathResource(
				"META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");
		return resource.getContentAsString(StandardCharsets.UTF_8).lines().filter((line) -> !line.isBlank()).toList();
	}

}
