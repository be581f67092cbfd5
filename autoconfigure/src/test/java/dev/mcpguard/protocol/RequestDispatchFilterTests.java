package dev.mcpguard.protocol;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class RequestDispatchFilterTests {

	private final List<String> checked = new ArrayList<>();

	private final RequestDispatchFilter filter = new RequestDispatchFilter() {

		@Override
		protected boolean shouldNotFilter(HttpServletRequest request) {
			return "/other".equals(request.getRequestURI());
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) {
			RequestDispatchFilterTests.this.checked.add(request.getRequestURI());
			// a filter that refuses: the chain does not go on
		}

	};

	@Test
	void theRequestsOwnDispatchIsFiltered() throws Exception {
		MockFilterChain chain = new MockFilterChain();
		this.filter.doFilter(new MockHttpServletRequest("POST", "/mcp"), new MockHttpServletResponse(), chain);
		assertThat(this.checked).containsExactly("/mcp");
		assertThat(chain.getRequest()).isNull();
	}

	@ParameterizedTest
	@EnumSource(value = DispatcherType.class, names = "REQUEST", mode = EnumSource.Mode.EXCLUDE)
	void otherDispatchesOfTheRequestPassOnUnchecked(DispatcherType type) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/mcp");
		request.setDispatcherType(type);
		MockFilterChain chain = new MockFilterChain();
		this.filter.doFilter(request, new MockHttpServletResponse(), chain);
		assertThat(this.checked).isEmpty();
		assertThat(chain.getRequest()).isSameAs(request);
	}

	@Test
	void aRequestTheFilterDoesNotConcernPassesOnUnchecked() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/other");
		MockFilterChain chain = new MockFilterChain();
		this.filter.doFilter(request, new MockHttpServletResponse(), chain);
		assertThat(this.checked).isEmpty();
		assertThat(chain.getRequest()).isSameAs(request);
	}

}
