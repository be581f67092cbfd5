package dev.mcpguard.sample.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The sample server on a random port, with the demo tokens, on a real PostgreSQL schema of its own (see
 * {@link TestDatabaseConfiguration}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
// create_order allows 10 calls a minute in application.yml, fewer than the test classes sharing this server make;
// RateLimitIntegrationTests proves the limits with settings of its own. Likewise every test client comes from
// 127.0.0.1, so the failed-authentication limit per IP is raised for the tests that send bad credentials on purpose.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.shutdown=immediate", "mcp.guard.rate-limit.tools.create_order.limit-for-period=100000",
				"mcp.guard.rate-limit.failed-auth.limit-for-period=100000",
				// Many cached contexts share one PostgreSQL (100 connections by default): small pools.
				"spring.datasource.hikari.maximum-pool-size=5", "spring.datasource.hikari.minimum-idle=1" })
@ActiveProfiles("demo")
@Import(TestDatabaseConfiguration.class)
public @interface SampleServerTest {

}
