package dev.mcpguard.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Qualifier of a {@link javax.sql.DataSource} that issued-token lookups and revocation refreshes use instead of the
 * application's, for example a small pool of its own with a short connection timeout, so that during a database
 * outage a request with a token not yet cached is answered 503 within that timeout rather than after the
 * application pool's (30 s by default), and token checks never wait for connections busy with tool work. It must
 * reach the database that holds MCP Guard's tables. Declare it with {@code @Bean(defaultCandidate = false)} so the
 * application's own {@code DataSource} stays auto-configured:
 * <pre class="code">
 * &#064;Bean(defaultCandidate = false)
 * &#064;McpGuardTokenDataSource
 * DataSource tokenDataSource() { ... }
 * </pre>
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface McpGuardTokenDataSource {

}
