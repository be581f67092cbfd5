package dev.mcpguard.autoconfigure;

import dev.mcpguard.audit.jpa.AuditEvent;
import jakarta.persistence.EntityManager;
import org.flywaydb.core.Flyway;
import org.hibernate.annotations.Subselect;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The audit trail's read-only JPA entity and repository in the application's own persistence unit, the way Spring
 * Modulith adds its event publication entity: the package of {@link AuditEvent} joins the auto-configuration
 * packages, which Spring Boot's JPA setup scans for entities and repositories. No second
 * {@code EntityManagerFactory}, no change to the application's entities, repositories or transactions. Only with
 * JPA on the classpath and the JDBC starter (whose migrations create the table).
 */
// Before Hibernate and the repository scan: both read the auto-configuration packages this class adds to.
@AutoConfiguration(after = DataSourceAutoConfiguration.class,
		before = { HibernateJpaAutoConfiguration.class, DataJpaRepositoriesAutoConfiguration.class })
@ConditionalOnClass({ EntityManager.class, JpaRepository.class, Subselect.class, Flyway.class })
@ConditionalOnBooleanProperty(name = McpGuardAuditAutoConfiguration.ENABLED, matchIfMissing = true)
@AutoConfigurationPackage(basePackageClasses = AuditEvent.class)
public final class McpGuardAuditJpaAutoConfiguration {

}
