package dev.mcpguard.auth;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.mcpguard.pipeline.McpGuardStartupException;
import dev.mcpguard.protocol.McpRequestFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.MappingMatch;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.context.WebApplicationContext;

/**
 * Refuses the start when the security chain that would serve the MCP endpoint, or one of MCP Guard's actuator
 * endpoints, is not one that applies {@link McpGuardConfigurer}: a chain of the application's ordered before
 * MCP Guard's, or one that took MCP Guard's over without applying it, would otherwise leave the tools or the
 * runbook endpoints unguarded. Each path is probed with a request, through the chains in Spring Security's order.
 */
public class GuardedChainVerifier implements SmartInitializingSingleton {

	private final ApplicationContext context;

	private final List<String> adminPaths;

	/**
	 * Create the verifier.
	 * @param context the application context whose chains are checked
	 * @param adminPaths the paths of MCP Guard's actuator endpoints that this context serves
	 */
	public GuardedChainVerifier(ApplicationContext context, List<String> adminPaths) {
		this.context = context;
		this.adminPaths = adminPaths;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<SecurityFilterChain> chains = this.context.getBeanProvider(SecurityFilterChain.class).orderedStream().toList();
		Map<String, SecurityFilterChain> byBean = this.context.getBeansOfType(SecurityFilterChain.class);
		List<String> paths = new ArrayList<>();
		paths.add(McpGuardConfigurer.mcpEndpoint(this.context.getEnvironment()));
		paths.addAll(this.adminPaths);
		for (String path : paths) {
			verify(path, chains, byBean);
		}
	}

	private void verify(String path, List<SecurityFilterChain> chains, Map<String, SecurityFilterChain> byBean) {
		HttpServletRequest probe = probe(path, servletContext());
		for (SecurityFilterChain chain : chains) {
			if (!matches(chain, probe)) {
				continue;
			}
			if (chain.getFilters().stream().noneMatch(McpRequestFilter.class::isInstance)) {
				throw new McpGuardStartupException("MCP Guard cannot guard " + path + ": the first security filter chain "
						+ "that matches it (bean '" + beanName(chain, byBean) + "') does not apply MCP Guard, so requests "
						+ "to it would skip MCP Guard's authentication.",
						"Order that chain after MCP Guard's (McpGuardConfigurer.FILTER_CHAIN_ORDER) or narrow its "
								+ "securityMatcher to your own paths; to take MCP Guard's chain over, name your bean '"
								+ McpGuardConfigurer.FILTER_CHAIN_BEAN_NAME + "' and apply "
								+ "http.with(McpGuardConfigurer.mcpGuard(), ...) in it.");
			}
			return;
		}
		throw new McpGuardStartupException("MCP Guard cannot guard " + path + ": no security filter chain matches it.",
				"Keep MCP Guard's chain (bean '" + McpGuardConfigurer.FILTER_CHAIN_BEAN_NAME + "'), or match " + path
						+ " in a chain of yours that applies http.with(McpGuardConfigurer.mcpGuard(), ...).");
	}

	private static boolean matches(SecurityFilterChain chain, HttpServletRequest probe) {
		try {
			return chain.matches(probe);
		}
		catch (RuntimeException ex) {
			// A matcher that cannot judge the probe may match the real request: treat it as matching.
			return true;
		}
	}

	private static String beanName(SecurityFilterChain chain, Map<String, SecurityFilterChain> byBean) {
		return byBean.entrySet().stream().filter((entry) -> entry.getValue() == chain).map(Map.Entry::getKey)
			.findFirst().orElse(chain.toString());
	}

	private @Nullable ServletContext servletContext() {
		return (this.context instanceof WebApplicationContext web) ? web.getServletContext() : null;
	}

	/**
	 * A POST to the path, as the servlet container would present it to the chains' matchers.
	 */
	static HttpServletRequest probe(String path, @Nullable ServletContext servletContext) {
		Map<String, Object> attributes = new HashMap<>();
		HttpServletMapping mapping = new HttpServletMapping() {
			@Override
			public String getMatchValue() {
				return "";
			}

			@Override
			public String getPattern() {
				return "/";
			}

			@Override
			public String getServletName() {
				return "dispatcherServlet";
			}

			@Override
			public MappingMatch getMappingMatch() {
				return MappingMatch.DEFAULT;
			}
		};
		return (HttpServletRequest) Proxy.newProxyInstance(GuardedChainVerifier.class.getClassLoader(),
				new Class<?>[] { HttpServletRequest.class }, (proxy, method, args) -> switch (method.getName()) {
					case "getRequestURI", "getServletPath" -> path;
					case "getRequestURL" -> new StringBuffer("http://localhost").append(path);
					case "getContextPath" -> "";
					case "getMethod" -> "POST";
					case "getScheme" -> "http";
					case "getServerName", "getRemoteAddr", "getRemoteHost", "getLocalName", "getLocalAddr" -> "localhost";
					case "getServerPort", "getLocalPort", "getRemotePort" -> 80;
					case "getDispatcherType" -> DispatcherType.REQUEST;
					case "getHttpServletMapping" -> mapping;
					case "getServletContext" -> servletContext;
					case "getAttribute" -> attributes.get((String) args[0]);
					case "setAttribute" -> attributes.put((String) args[0], args[1]);
					case "removeAttribute" -> attributes.remove((String) args[0]);
					case "getAttributeNames" -> Collections.enumeration(attributes.keySet());
					case "getHeaders", "getHeaderNames", "getParameterNames", "getLocales" -> Collections.emptyEnumeration();
					case "getParameterMap" -> Map.of();
					case "getIntHeader", "getContentLength" -> -1;
					case "getDateHeader", "getContentLengthLong" -> -1L;
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					case "toString" -> "POST " + path;
					default -> defaultValue(method.getReturnType());
				});
	}

	private static @Nullable Object defaultValue(Class<?> type) {
		if (type == boolean.class) {
			return false;
		}
		if (type == int.class) {
			return 0;
		}
		if (type == long.class) {
			return 0L;
		}
		return null;
	}

}
