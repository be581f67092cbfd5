package dev.mcpguard.protocol;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

class McpEndpointHandlerMappingTests {

	private final List<String> consulted = new ArrayList<>();

	private final HandlerExecutionChain routed = new HandlerExecutionChain(new Object());

	private final McpEndpointHandlerMapping mapping = new McpEndpointHandlerMapping("/mcp", () -> (request) -> {
		this.consulted.add(request.getRequestURI());
		return this.routed;
	});

	@Test
	void theMcpEndpointIsResolvedByTheRouterFunctionMapping() throws Exception {
		for (String method : List.of("POST", "GET", "DELETE")) {
			assertThat(this.mapping.getHandler(new MockHttpServletRequest(method, "/mcp"))).isSameAs(this.routed);
		}
		assertThat(this.consulted).hasSize(3);
	}

	@Test
	void theContextPathIsNotPartOfTheEndpoint() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/shop/mcp");
		request.setContextPath("/shop");
		assertThat(this.mapping.getHandler(request)).isSameAs(this.routed);
	}

	@Test
	void otherPathsAreLeftToTheUsualMappingsWithoutConsultingTheRouter() throws Exception {
		for (String uri : List.of("/actuator/mcptools", "/mcp/", "/mcpx", "/other/mcp", "/", "/mc")) {
			assertThat(this.mapping.getHandler(new MockHttpServletRequest("POST", uri))).as(uri).isNull();
		}
		MockHttpServletRequest underContext = new MockHttpServletRequest("POST", "/mcp");
		underContext.setContextPath("/shop");
		assertThat(this.mapping.getHandler(underContext)).isNull();
		assertThat(this.consulted).isEmpty();
	}

	@Test
	void runsBeforeTheActuatorEndpointMappings() {
		assertThat(this.mapping.getOrder()).isLessThan(-100);
		assertThat(this.mapping.usesPathPatterns()).isTrue();
	}

	@Test
	void aRouterThatDoesNotMatchLeavesTheRequestToTheOtherMappings() throws Exception {
		HandlerMapping none = (request) -> null;
		McpEndpointHandlerMapping mapping = new McpEndpointHandlerMapping("/mcp", () -> none);
		assertThat(mapping.getHandler(new MockHttpServletRequest("PUT", "/mcp"))).isNull();
	}

}
