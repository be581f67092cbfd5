package dev.mcpguard.sample.k8s;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mcpguard.audit.AuditMetrics;
import dev.mcpguard.audit.AuditRecordFactory;
import dev.mcpguard.audit.AuditSpool;
import dev.mcpguard.audit.AuditTrail;
import dev.mcpguard.audit.JdbcAuditStore;
import dev.mcpguard.autoconfigure.McpGuardAuditProperties;
import dev.mcpguard.pipeline.ArgumentRedactor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped Kubernetes manifests (src/k8s) let MCP Guard keep what it must: with a read-only root file system,
 * the audit spool that holds events through a database outage lies on a writable volume, and a disruption budget
 * keeps voluntary evictions to one pod at a time.
 */
class KubernetesManifestsTests {

	private static final Path K8S = Path.of("..", "src", "k8s");

	@Test
	void theAuditSpoolIsOnAWritableVolumeOfTheReadOnlyContainer() throws IOException {
		Map<String, Object> pod = map(map(load("deployment.yaml").get("spec")).get("template"));
		Map<String, Object> container = map(list(map(pod.get("spec")).get("containers")).get(0));
		assertThat(map(container.get("securityContext"))).containsEntry("readOnlyRootFilesystem", true);

		Map<String, String> env = new java.util.LinkedHashMap<>();
		for (Object entry : list(container.get("env"))) {
			Map<String, Object> variable = map(entry);
			if (variable.get("value") != null) {
				env.put((String) variable.get("name"), String.valueOf(variable.get("value")));
			}
		}
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("k8s", Map.copyOf(env)));
		ConfigurationPropertySources.attach(environment);
		Path spool = Binder.get(environment)
			.bind(McpGuardAuditProperties.CONFIG_PREFIX, McpGuardAuditProperties.class)
			.orElseGet(McpGuardAuditProperties::new)
			.getSpoolDirectory();
		assertThat(spool.isAbsolute()).as("the spool directory is set, not relative to the working directory").isTrue();

		List<Object> mounts = list(container.get("volumeMounts"));
		assertThat(mounts).map(KubernetesManifestsTests::map)
			.filteredOn((mount) -> spool.startsWith(Path.of((String) mount.get("mountPath"))))
			.singleElement()
			.satisfies((mount) -> assertThat(mount.get("readOnly")).isNotEqualTo(true));
	}

	@Test
	void aDisruptionBudgetKeepsEvictionsToOnePodAtATime() throws IOException {
		assertThat(list(load("kustomization.yaml").get("resources"))).contains("poddisruptionbudget.yaml");
		Map<String, Object> deployment = map(load("deployment.yaml").get("spec"));
		Map<String, Object> budget = map(load("poddisruptionbudget.yaml").get("spec"));
		assertThat(map(budget.get("selector"))).isEqualTo(deployment.get("selector"));
		assertThat((Integer) budget.get("minAvailable")).isPositive().isLessThan((Integer) deployment.get("replicas"));
	}

	@Test
	void theAuditAlertsNameMetersTheTrailRegistersAndOneFiresOnAnyLostEvent() throws IOException {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		AuditTrail trail = new AuditTrail(new JdbcAuditStore(new SimpleDriverDataSource()),
				new AuditSpool(Path.of("target", "k8s-test-spool"), JsonMapper.builder().build()),
				new AuditRecordFactory(new ArgumentRedactor(List.of(), 1024, JsonMapper.builder().build())), null,
				new AuditTrail.Settings(AuditTrail.Mode.ASYNC, 10, 10, Duration.ofMillis(10), Duration.ofSeconds(1),
						Duration.ofSeconds(1)));
		new AuditMetrics(trail).bindTo(registry);
		// Prometheus names: dots become underscores, counters end in _total
		Set<String> prometheusNames = new HashSet<>();
		registry.getMeters().forEach((meter) -> {
			String name = meter.getId().getName().replace('.', '_');
			prometheusNames.add((meter instanceof FunctionCounter) ? name + "_total" : name);
		});

		Map<String, Object> rule = load("prometheusrule.yaml");
		assertThat(rule).containsEntry("kind", "PrometheusRule");
		assertThat(list(load("kustomization.yaml").get("resources"))).as("needs the operator's CRDs: applied on its own")
			.doesNotContain("prometheusrule.yaml");
		Map<String, String> expressions = new LinkedHashMap<>();
		for (Object group : list(map(rule.get("spec")).get("groups"))) {
			for (Object entry : list(map(group).get("rules"))) {
				expressions.put((String) map(entry).get("alert"), (String) map(entry).get("expr"));
			}
		}
		assertThat(expressions).containsEntry("McpGuardAuditEventsLost", "mcp_guard_audit_lost_total > 0");
		assertThat(expressions.values()).allSatisfy((expression) -> {
			Matcher metric = Pattern.compile("mcp_guard_[a-z_]+").matcher(expression);
			assertThat(metric.find()).isTrue();
			assertThat(prometheusNames).contains(metric.group());
		});
	}

	private static Map<String, Object> load(String file) throws IOException {
		try (Reader reader = Files.newBufferedReader(K8S.resolve(file))) {
			return map(new Yaml().load(reader));
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object value) {
		return (List<Object>) value;
	}

}
