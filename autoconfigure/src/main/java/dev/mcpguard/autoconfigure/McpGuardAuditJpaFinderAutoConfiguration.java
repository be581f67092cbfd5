package dev.mcpguard.autoconfigure;

import dev.mcpguard.audit.jpa.AuditEventRepository;
import dev.mcpguard.audit.jpa.JpaAuditFinder;
import jakarta.persistence.EntityManager;
import org.hibernate.annotations.Subselect;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The {@code mcpaudit} search through the audit trail's JPA repository ({@link McpGuardAuditJpaAutoConfiguration}),
 * once the repository scan registered it.
 */
// After the repository scan, so that ConditionalOnBean sees its repositories. An application whose own
// @EnableJpaRepositories leaves the audit package out has no repository, and mcpaudit keeps the JDBC search.
@AutoConfiguration(after = { DataJpaRepositoriesAutoConfiguration.class, McpGuardAuditJpaAutoConfiguration.class })
@ConditionalOnClass({ EntityManager.class, JpaRepository.class, Subselect.class })
@ConditionalOnBean(AuditEventRepository.class)
public final class McpGuardAuditJpaFinderAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JpaAuditFinder mcpGuardJpaAuditFinder(AuditEventRepository repository) {
		return new JpaAuditFinder(repository);
	}

}
