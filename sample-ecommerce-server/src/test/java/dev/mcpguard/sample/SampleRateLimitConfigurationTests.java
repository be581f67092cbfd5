package dev.mcpguard.sample;

import java.io.IOException;
import java.time.Duration;

import dev.mcpguard.autoconfigure.McpGuardRateLimitProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate limits the sample ships with ({@code application.yml}): the shared integration test server raises the
 * {@code create_order} limit, so this pins the shipped value.
 */
class SampleRateLimitConfigurationTests {

	@Test
	void createOrderIsLimitedToTenCallsAMinuteAndOtherToolsKeepTheDefault() throws IOException {
		StandardEnvironment environment = new StandardEnvironment();
		new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
			.forEach(environment.getPropertySources()::addLast);
		McpGuardRateLimitProperties properties = new Binder(ConfigurationPropertySources.get(environment))
			.bindOrCreate(McpGuardRateLimitProperties.CONFIG_PREFIX, McpGuardRateLimitProperties.class);

		assertThat(properties.getTools()).containsOnlyKeys("create_order");
		assertThat(properties.getTools().get("create_order").getLimitForPeriod()).isEqualTo(10);
		assertThat(properties.getTools().get("create_order").getRefreshPeriod()).isEqualTo(Duration.ofMinutes(1));
		assertThat(properties.getDefault().getLimitForPeriod()).isEqualTo(100);
		assertThat(properties.getSession().getLimitForPeriod()).isEqualTo(300);
		assertThat(properties.getPrincipal().getLimitForPeriod()).isEqualTo(1000);
	}

}
