package dev.mcpguard.autoconfigure;

import java.util.List;

import dev.mcpguard.auth.IpAllowList;
import dev.mcpguard.auth.IpAllowListFilter;
import dev.mcpguard.auth.IpAllowListHttpCustomizer;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;

import static org.assertj.core.api.Assertions.assertThat;

class McpGuardNetworkAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(McpGuardNetworkAutoConfiguration.class,
				McpGuardSecurityAutoConfiguration.class, SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class));

	@Test
	void whenNoAddressIsListedThenNoFilterIsAdded() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(IpAllowListHttpCustomizer.class);
			assertThat(context.getBean(IpAllowListHttpCustomizer.class).getAllowList().isEmpty()).isTrue();
			assertThat(filters(context)).noneMatch(IpAllowListFilter.class::isInstance);
		});
	}

	@Test
	void whenAddressesAreListedThenTheFilterRunsBeforeTheSecurityContextAndAuthentication() {
		this.runner.withPropertyValues("mcp.guard.network.allowed-ips=10.0.0.0/8,::1/128").run((context) -> {
			IpAllowList allowList = context.getBean(IpAllowListHttpCustomizer.class).getAllowList();
			assertThat(allowList.allows("10.1.1.1")).isTrue();
			assertThat(allowList.allows("0:0:0:0:0:0:0:1")).isTrue();
			assertThat(allowList.allows("127.0.0.1")).isFalse();
			List<Filter> filters = filters(context);
			int ipFilter = indexOf(filters, IpAllowListFilter.class);
			assertThat(ipFilter).isNotNegative().isLessThan(indexOf(filters, SecurityContextHolderFilter.class));
		});
	}

	@Test
	void whenAnEntryIsInvalidThenStartupFailsNamingIt() {
		this.runner.withPropertyValues("mcp.guard.network.allowed-ips=10.0.0.0/8,intranet")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("mcp.guard.network.allowed-ips: 'intranet' is not an IP address or CIDR range"));
	}

	@Test
	void whenUserDefinesTheCustomizerThenTheirsIsUsed() {
		this.runner.withUserConfiguration(UserCustomizerConfiguration.class)
			.withPropertyValues("mcp.guard.network.allowed-ips=10.0.0.0/8")
			.run((context) -> {
				assertThat(context).hasSingleBean(IpAllowListHttpCustomizer.class).hasBean("userAllowList");
				assertThat(context.getBean(IpAllowListHttpCustomizer.class).getAllowList().allows("192.0.2.1")).isTrue();
			});
	}

	@Test
	void whenGuardIsDisabledThenNoAllowList() {
		this.runner.withPropertyValues("mcp.guard.enabled=false", "mcp.guard.network.allowed-ips=10.0.0.0/8")
			.run((context) -> assertThat(context).doesNotHaveBean(IpAllowListHttpCustomizer.class));
	}

	static List<Filter> filters(AssertableWebApplicationContext context) {
		return context.getBean("mcpGuardSecurityFilterChain", SecurityFilterChain.class).getFilters();
	}

	static int indexOf(List<Filter> filters, Class<?> type) {
		for (int i = 0; i < filters.size(); i++) {
			if (type.isInstance(filters.get(i))) {
				return i;
			}
		}
		return -1;
	}

	@Configuration(proxyBeanMethods = false)
	static class UserCustomizerConfiguration {

		@Bean
		IpAllowListHttpCustomizer userAllowList() {
			return new IpAllowListHttpCustomizer(IpAllowList.of(List.of("192.0.2.0/24")));
		}

	}

}
