package dev.mcpguard.audit.jpa;

import java.lang.reflect.Method;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import org.springframework.data.repository.CrudRepository;
import org.springframework.data.rest.core.annotation.RepositoryRestResource;

import static org.assertj.core.api.Assertions.assertThat;

class AuditEventRepositoryTests {

	@Test
	void springDataRestNeverServesTheTrail() {
		RepositoryRestResource resource = AuditEventRepository.class.getAnnotation(RepositoryRestResource.class);
		assertThat(resource).isNotNull();
		assertThat(resource.exported()).isFalse();
	}

	@Test
	void theRepositoryHasNoWritingMethod() {
		assertThat(CrudRepository.class.isAssignableFrom(AuditEventRepository.class)).isFalse();
		assertThat(Arrays.stream(AuditEventRepository.class.getMethods()).map(Method::getName))
			.allMatch((name) -> name.startsWith("find") || name.startsWith("count"));
	}

}
