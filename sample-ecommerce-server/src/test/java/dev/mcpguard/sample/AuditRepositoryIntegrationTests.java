package dev.mcpguard.sample;

import java.lang.reflect.Method;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.mcpguard.audit.AuditTrail;
import dev.mcpguard.audit.jpa.AuditEvent;
import dev.mcpguard.audit.jpa.AuditEventRepository;
import dev.mcpguard.audit.jpa.JpaAuditFinder;
import dev.mcpguard.pipeline.Outcome;
import dev.mcpguard.sample.shop.ProductRepository;
import dev.mcpguard.sample.support.SampleServerTest;
import io.modelcontextprotocol.client.McpSyncClient;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

import static dev.mcpguard.audit.jpa.AuditEventSpecifications.outcome;
import static dev.mcpguard.audit.jpa.AuditEventSpecifications.principal;
import static dev.mcpguard.audit.jpa.AuditEventSpecifications.since;
import static dev.mcpguard.audit.jpa.AuditEventSpecifications.tool;
import static dev.mcpguard.sample.support.McpTestClients.ADMIN;
import static dev.mcpguard.sample.support.McpTestClients.OPERATOR;
import static dev.mcpguard.sample.support.McpTestClients.call;
import static dev.mcpguard.sample.support.McpTestClients.client;
import static dev.mcpguard.sample.support.McpTestClients.http;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The sample, a JPA application with entities, repositories and migrations of its own, injects the audit trail's
 * repository and pages through the rows of its own calls; its own repositories keep working beside it, and
 * {@code mcpaudit} searches through the repository.
 */
@SampleServerTest
class AuditRepositoryIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	AuditEventRepository audit;

	@Autowired
	ProductRepository products;

	@Autowired
	AuditTrail auditTrail;

	@Autowired
	ApplicationContext context;

	@Autowired
	EntityManagerFactory entityManagerFactory;

	@Test
	void theApplicationPagesThroughTheRowsOfItsOwnCalls() {
		Instant start = Instant.now();
		int calls = 7;
		try (McpSyncClient operator = client(this.port, OPERATOR)) {
			for (int i = 0; i < calls; i++) {
				assertThat(call(operator, "get_product", Map.of("productId", 1)).isError()).isFalse();
			}
			assertThat(call(operator, "get_product", Map.of("productId", 999_999)).isError()).isTrue();
		}
		assertThat(this.auditTrail.flush(Duration.ofSeconds(10))).isTrue();

		List<AuditEvent> seen = new ArrayList<>();
		Pageable page = PageRequest.of(0, 3, Sort.by("seq"));
		Page<AuditEvent> current;
		do {
			current = this.audit.findAll(principal("demo-operator").and(tool("get_product")).and(since(start)), page);
			seen.addAll(current.getContent());
			page = current.nextPageable();
		}
		while (current.hasNext());
		assertThat(current.getTotalElements()).isEqualTo(calls + 1);
		assertThat(seen).hasSize(calls + 1).extracting(AuditEvent::getSeq).isSorted().doesNotHaveDuplicates();
		assertThat(seen).extracting(AuditEvent::getOutcome).containsOnly(Outcome.OK, Outcome.FAILED);
		assertThat(this.audit.findAll(principal("demo-operator").and(outcome(Outcome.FAILED)).and(since(start)),
				Pageable.unpaged()))
			.singleElement()
			.satisfies((event) -> assertThat(event.getArguments()).isEqualTo("{\"productId\":999999}"));
		assertThat(this.audit.findByPrincipal("demo-operator", PageRequest.of(0, 2, Sort.by(Sort.Direction.DESC, "time")))
			.getContent()).hasSize(2).allSatisfy((event) -> assertThat(event.getRowHash()).hasSize(64));
		assertThat(this.audit.findByTimeGreaterThanEqualAndTimeLessThan(start, Instant.now().plusSeconds(1),
				PageRequest.of(0, 100)).getTotalElements()).isGreaterThanOrEqualTo(calls + 1);
		// The application's own repositories work as before, in the same persistence unit.
		assertThat(this.products.findById(1L)).isPresent();
	}

	@Test
	void theRepositoryAndTheEntityOnlyRead() {
		assertThat(AuditEventRepository.class.getMethods()).extracting(Method::getName)
			.noneMatch((name) -> name.startsWith("save") || name.startsWith("delete"));
		try (McpSyncClient operator = client(this.port, OPERATOR)) {
			call(operator, "get_product", Map.of("productId", 3));
		}
		assertThat(this.auditTrail.flush(Duration.ofSeconds(10))).isTrue();
		long rows = this.audit.count();
		AuditEvent event = this.audit.findAll(principal("demo-operator"), PageRequest.of(0, 1)).getContent().get(0);
		EntityManager entityManager = this.entityManagerFactory.createEntityManager();
		try {
			entityManager.getTransaction().begin();
			assertThatException().isThrownBy(() -> {
				entityManager.remove(entityManager.find(AuditEvent.class, event.getId()));
				entityManager.flush();
			});
		}
		finally {
			entityManager.close();
		}
		assertThat(this.audit.count()).isEqualTo(rows);
	}

	@Test
	void mcpauditSearchesThroughTheRepository() {
		assertThat(this.context.getBeansOfType(JpaAuditFinder.class)).hasSize(1);
		try (McpSyncClient operator = client(this.port, OPERATOR)) {
			call(operator, "get_product", Map.of("productId", 2));
		}
		assertThat(this.auditTrail.flush(Duration.ofSeconds(10))).isTrue();
		HttpResponse<String> response = http("GET",
				"http://localhost:" + this.port + "/actuator/mcpaudit?principal=demo-operator&tool=get_product&limit=1",
				null, "Authorization", "Bearer " + ADMIN);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode events = JSON.readTree(response.body()).path("events");
		assertThat(events.size()).isEqualTo(1);
		assertThat(events.get(0).path("arguments").path("productId").asInt()).isEqualTo(2);
	}

}
