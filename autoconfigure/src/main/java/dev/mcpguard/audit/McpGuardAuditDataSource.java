package dev.mcpguard.audit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Qualifier of a {@link javax.sql.DataSource} the audit trail writes through instead of the application's, for
 * example a small pool of its own so that audit writes never wait for connections busy with tool work. It must
 * reach the database that holds MCP Guard's tables. Declare it with {@code @Bean(defaultCandidate = false)} so the
 * application's own {@code DataSource} stays auto-configured:
 * <pre class="code">
 * &#064;Bean(defaultCandidate = false)
 * &#064;McpGuardAuditDataSource
 * DataSource auditDataSource() { ... }
 * </pre>
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface McpGuardAuditDataSource {

}
