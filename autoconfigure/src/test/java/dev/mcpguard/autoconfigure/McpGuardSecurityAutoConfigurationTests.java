package dev.mcpguard.autoconfigure;

import dev.mcpguard.auth.GuardedChainVerifier;
import dev.mcpguard.auth.McpGuardConfigurer;
import dev.mcpguard.auth.TokenAuthenticator;
import dev.mcpguard.pipeline.McpGuardStartupException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import dev.mcpguard.auth.StaticTokenStore;
import java.util.EnumSet;

import dev.mcpguard.auth.TokenHashes;
import org.junit.jupiter.api.Test;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class McpGuardSecurityAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(McpGuardSecurityAutoConfiguration.class, SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class));

	@Test
	void whenNoSecurityConfiguredThenGuardChainRequiresAuthentication() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasBean("mcpGuardSecurityFilterChain")
				.hasBean("mcpGuardDefaultSecurityFilterChain")
				.hasSingleBean(TokenAuthenticator.class)
				.doesNotHaveBean(AuthenticationProvider.class)
				.doesNotHaveBean(InMemoryUserDetailsManager.class);
			assertThat(context.getBean(StaticTokenStore.class).isEmpty()).isTrue();
		});
	}

	@Test
	void theFirewallIsSpringSecuritysStrictOneWithoutRegularExpressionsForHeaders() {
		this.runner.run((context) -> {
			StrictHttpFirewall firewall = context.getBean(StrictHttpFirewall.class);
			MockHttpServletRequest request = new MockHttpServletRequest("POST", "/mcp");
			request.addHeader("Accept", "application/json, text/event-stream");
			request.addHeader("X-Bad", "line\nbreak");
			HttpServletRequest checked = firewall.getFirewalledRequest(request);
			assertThat(checked.getHeader("Accept")).isEqualTo("application/json, text/event-stream");
			assertThatExceptionOfType(RequestRejectedException.class).isThrownBy(() -> checked.getHeader("X-Bad"));
		});
		this.runner.withBean("userFirewall", HttpFirewall.class, StrictHttpFirewall::new)
			.run((context) -> assertThat(context).hasSingleBean(HttpFirewall.class).hasBean("userFirewall"));
	}

	@Test
	void whenUserDefinesSecurityFilterChainThenGuardChainStaysScopedToTheMcpAndAdminPaths() {
		this.runner.withUserConfiguration(UserChainConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasBean("userChain")
				.hasBean("mcpGuardSecurityFilterChain")
				.doesNotHaveBean("mcpGuardDefaultSecurityFilterChain");
			SecurityFilterChain guard = context.getBean("mcpGuardSecurityFilterChain", SecurityFilterChain.class);
			assertThat(guard.matches(new MockHttpServletRequest("POST", "/mcp"))).isTrue();
			assertThat(guard.matches(new MockHttpServletRequest("GET", "/actuator/mcptokens"))).isTrue();
			assertThat(guard.matches(new MockHttpServletRequest("POST", "/actuator/mcptools/add_note"))).isTrue();
			assertThat(guard.matches(new MockHttpServletRequest("GET", "/api/orders"))).isFalse();
			assertThat(guard.matches(new MockHttpServletRequest("GET", "/mcpx"))).isFalse();
			assertThat(guard.matches(new MockHttpServletRequest("GET", "/actuator/health"))).isFalse();
		});
	}

	@Test
	void theApplicationsOwnUserStoreStaysItsGlobalAuthenticationManagersOne() {
		this.runner.withUserConfiguration(UserChainConfiguration.class, UserStoreConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(AuthenticationProvider.class);
			assertThat(context.getBeansOfType(UserDetailsService.class)).containsOnlyKeys("users");
		});
	}

	@Test
	void whenAnApplicationChainIsOrderedBeforeTheGuardsAndMatchesTheMcpEndpointThenTheStartIsRefused() {
		this.runner.withUserConfiguration(GreedyChainConfiguration.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.isInstanceOf(McpGuardStartupException.class)
				.hasMessageContaining("MCP Guard cannot guard /mcp")
				.hasMessageContaining("'greedyChain'"));
	}

	@Test
	void whenTheApplicationTakesTheGuardChainOverWithoutApplyingTheGuardThenTheStartIsRefused() {
		this.runner.withUserConfiguration(TakeOverWithoutGuardConfiguration.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("MCP Guard cannot guard /mcp"));
	}

	@Test
	void whenTheApplicationTakesTheGuardChainOverAndAppliesTheGuardThenItStarts() {
		this.runner.withUserConfiguration(TakeOverConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean("mcpGuardSecurityFilterChain")).isSameAs(context.getBean(TakeOverConfiguration.class).chain);
		});
	}

	@Test
	void whenStaticTokensConfiguredThenTheyAreHeldAsHashes() {
		String hash = TokenHashes.sha256Hex("a-very-long-ops-bot-token");
		this.runner
			.withPropertyValues("mcp.guard.auth.tokens.agent.value=a-very-long-agent-token",
					"mcp.guard.auth.tokens.agent.roles=operator", "mcp.guard.auth.tokens.ops-bot.hash=sha256:" + hash,
					"mcp.guard.auth.tokens.ops-bot.roles=admin,viewer")
			.run((context) -> {
				StaticTokenStore store = context.getBean(StaticTokenStore.class);
				assertThat(store.findByHash(TokenHashes.sha256Hex("a-very-long-agent-token")).roles())
					.containsExactly("operator");
				assertThat(store.findByHash(hash).name()).isEqualTo("ops-bot");
				assertThat(store.principals()).allSatisfy((principal) -> assertThat(principal.toString())
					.doesNotContain("a-very-long-agent-token"));
			});
	}

	@Test
	void whenStaticTokenHasValueAndHashThenStartupFailsWithClearMessage() {
		this.runner
			.withPropertyValues("mcp.guard.auth.tokens.agent.value=a-very-long-agent-token",
					"mcp.guard.auth.tokens.agent.hash=sha256:abc")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("mcp.guard.auth.tokens.agent needs exactly one of 'value' or 'hash'"));
	}

	@Test
	void whenStaticTokenIsShortThenStartupFails() {
		this.runner.withPropertyValues("mcp.guard.auth.tokens.agent.value=short")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("shorter than 16 characters")
				.message()
				.doesNotContain("short\""));
	}

	@Test
	void whenTheMaximumTokenAgeIsNotPositiveOrBeyondTenYearsThenStartupFailsSayingWhatIsAllowed() {
		for (String age : new String[] { "0s", "-1d", "3651d", "P1000000000D" }) {
			this.runner.withPropertyValues("mcp.guard.auth.max-token-age=" + age)
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.rootCause()
					.hasMessageStartingWith("max-token-age must be positive and at most 3650d (ten years)"));
		}
		this.runner.withPropertyValues("mcp.guard.auth.max-token-age=3650d").run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void whenDisabledThenNoGuardSecurity() {
		this.runner.withPropertyValues("mcp.guard.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TokenAuthenticator.class)
				.doesNotHaveBean("mcpGuardSecurityFilterChain")
				.doesNotHaveBean(GuardedChainVerifier.class));
	}

	@Test
	void withTheGuardChainTheSecurityFilterIsNotRegisteredForAsyncDispatches() {
		WebApplicationContextRunner withFilter = this.runner
			.withConfiguration(AutoConfigurations.of(SecurityFilterAutoConfiguration.class));
		withFilter.run((context) -> assertThat(securityFilterDispatcherTypes(context))
			.containsExactlyInAnyOrder(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.FORWARD, DispatcherType.INCLUDE));
		// what the application sets stays
		withFilter.withPropertyValues("spring.security.filter.dispatcher-types=request,async")
			.run((context) -> assertThat(securityFilterDispatcherTypes(context))
				.containsExactlyInAnyOrder(DispatcherType.REQUEST, DispatcherType.ASYNC));
		// a chain of the application's own may rely on seeing them
		withFilter.withUserConfiguration(UserChainConfiguration.class)
			.run((context) -> assertThat(securityFilterDispatcherTypes(context)).contains(DispatcherType.ASYNC));
	}

	private static EnumSet<DispatcherType> securityFilterDispatcherTypes(AssertableWebApplicationContext context) {
		assertThat(context).hasNotFailed();
		return context.getBean(DelegatingFilterProxyRegistrationBean.class).determineDispatcherTypes();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserChainConfiguration {

		@Bean
		SecurityFilterChain userChain(HttpSecurity http) {
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserStoreConfiguration {

		@Bean
		UserDetailsService users() {
			return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}secret").roles("USER").build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class GreedyChainConfiguration {

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		SecurityFilterChain greedyChain(HttpSecurity http) {
			return http.securityMatcher("/**").authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TakeOverWithoutGuardConfiguration {

		@Bean
		SecurityFilterChain mcpGuardSecurityFilterChain(HttpSecurity http) {
			return http.securityMatcher("/mcp").authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TakeOverConfiguration {

		SecurityFilterChain chain;

		@Bean
		SecurityFilterChain mcpGuardSecurityFilterChain(HttpSecurity http) {
			this.chain = http.securityMatcher("/mcp", "/actuator/**")
				.with(McpGuardConfigurer.mcpGuard(), Customizer.withDefaults())
				.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.build();
			return this.chain;
		}

	}

}
