package dev.mcpguard.sample;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.mcpguard.protocol.HeaderCharacters;
import dev.mcpguard.sample.support.SampleServerTest;
import io.modelcontextprotocol.client.McpSyncClient;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import static dev.mcpguard.sample.support.McpTestClients.VIEWER;
import static dev.mcpguard.sample.support.McpTestClients.call;
import static dev.mcpguard.sample.support.McpTestClients.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A streamed (SSE) MCP answer completes in an asynchronous re-dispatch of its request. With MCP Guard's own chain,
 * Spring Security's filter is not registered for that re-dispatch, so its firewall checks each call's request once,
 * not twice. Both are counted on the real server: the re-dispatches by a filter of the test registered for them,
 * the firewall's checks by the firewall the chain uses.
 */
@SampleServerTest
@Import(AsyncDispatchIntegrationTests.Counters.class)
class AsyncDispatchIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	Counters counters;

	@Test
	void aToolCallIsCheckedByTheFirewallOnceAndNotAgainOnItsAsyncRedispatch() {
		try (McpSyncClient viewer = client(this.port, VIEWER)) {
			this.counters.reset();
			assertThat(call(viewer, "get_product", Map.of("productId", 1)).isError()).isFalse();
			// The re-dispatch completes the response after the client has read it: wait for it. Spring Security's
			// filter (order -100) would run before the counting one, so its firewall count is in by then.
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.counters.asyncDispatches)
				.as("asynchronous re-dispatches of /mcp").hasPositiveValue());
		}
		assertThat(this.counters.firewalledAsync).as("firewall checks of a re-dispatch").hasValue(0);
		assertThat(this.counters.firewalledRequests).as("firewall checks of a request").hasPositiveValue();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Counters {

		final AtomicInteger asyncDispatches = new AtomicInteger();

		final AtomicInteger firewalledRequests = new AtomicInteger();

		final AtomicInteger firewalledAsync = new AtomicInteger();

		void reset() {
			this.asyncDispatches.set(0);
			this.firewalledRequests.set(0);
			this.firewalledAsync.set(0);
		}

		// MCP Guard's firewall (which backs off to this one), counting what it is asked to check
		@Bean
		HttpFirewall countingFirewall() {
			StrictHttpFirewall strict = new StrictHttpFirewall();
			strict.setAllowedHeaderNames(HeaderCharacters.NAMES);
			strict.setAllowedHeaderValues(HeaderCharacters.VALUES);
			return new HttpFirewall() {
				@Override
				public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
					if (isMcp(request)) {
						(request.getDispatcherType() == DispatcherType.ASYNC ? firewalledAsync : firewalledRequests).incrementAndGet();
					}
					return strict.getFirewalledRequest(request);
				}

				@Override
				public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
					return strict.getFirewalledResponse(response);
				}
			};
		}

		@Bean
		FilterRegistrationBean<Filter> asyncDispatchCounter() {
			FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new Filter() {
				@Override
				public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
						throws IOException, ServletException {
					if (isMcp((HttpServletRequest) request)) {
						asyncDispatches.incrementAndGet();
					}
					chain.doFilter(request, response);
				}
			});
			registration.setDispatcherTypes(DispatcherType.ASYNC);
			return registration;
		}

		private static boolean isMcp(HttpServletRequest request) {
			return request.getRequestURI().startsWith("/mcp");
		}

	}

}
