package dev.mcpguard.auth;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class IpAllowListTests {

	@Test
	void emptyListAllowsEveryAddress() {
		IpAllowList allowList = IpAllowList.of(List.of());
		assertThat(allowList.isEmpty()).isTrue();
		assertThat(allowList.allows("203.0.113.9")).isTrue();
		assertThat(allowList.allows("2001:db8::1")).isTrue();
	}

	@Test
	void ipv4RangesMatchByPrefix() {
		IpAllowList allowList = IpAllowList.of(List.of("10.0.0.0/8", "192.168.1.5", "172.16.0.0/12"));
		assertThat(allowList.allows("10.255.3.4")).isTrue();
		assertThat(allowList.allows("192.168.1.5")).isTrue();
		assertThat(allowList.allows("172.31.255.255")).isTrue();
		assertThat(allowList.allows("172.32.0.1")).isFalse();
		assertThat(allowList.allows("192.168.1.6")).isFalse();
		assertThat(allowList.allows("11.0.0.1")).isFalse();
		assertThat(allowList.allows("127.0.0.1")).isFalse();
	}

	@Test
	void ipv6RangesMatchAndIpv4MappedAddressesMatchIpv4Ranges() {
		IpAllowList allowList = IpAllowList.of(List.of("::1/128", "fd00::/8", "127.0.0.1/32"));
		assertThat(allowList.allows("0:0:0:0:0:0:0:1")).isTrue();
		assertThat(allowList.allows("[::1]")).isTrue();
		assertThat(allowList.allows("fd12:3456::7")).isTrue();
		assertThat(allowList.allows("fe80::1%eth0")).isFalse();
		assertThat(allowList.allows("::ffff:127.0.0.1")).isTrue();
		assertThat(allowList.allows("::2")).isFalse();
		assertThat(allowList.allows("10.0.0.1")).isFalse();
	}

	@Test
	void prefixesThatAreNotByteAlignedAndHostBitsAreHandled() {
		IpAllowList allowList = IpAllowList.of(List.of("10.1.2.3/23", "2001:db8:abcd:12::/60"));
		assertThat(allowList.allows("10.1.2.200")).isTrue();
		assertThat(allowList.allows("10.1.3.1")).isTrue();
		assertThat(allowList.allows("10.1.4.1")).isFalse();
		assertThat(allowList.allows("2001:db8:abcd:1f::1")).isTrue();
		assertThat(allowList.allows("2001:db8:abcd:20::1")).isFalse();
		assertThat(IpAllowList.of(List.of("0.0.0.0/0")).allows("198.51.100.7")).isTrue();
	}

	@Test
	void hostNamesAndGarbageAreNeverAllowedNorLookedUp() {
		IpAllowList allowList = IpAllowList.of(List.of("127.0.0.0/8", "::1/128"));
		assertThat(allowList.allows("localhost")).isFalse();
		assertThat(allowList.allows("g:evil.example")).isFalse();
		assertThat(allowList.allows("evil.example:80")).isFalse();
		assertThat(allowList.allows("127.0.0.1.5")).isFalse();
		assertThat(allowList.allows("127.0.0.256")).isFalse();
		assertThat(allowList.allows("")).isFalse();
		assertThat(allowList.allows(null)).isFalse();
	}

	@Test
	void invalidEntriesFailWithTheEntryNamed() {
		assertThatIllegalArgumentException().isThrownBy(() -> IpAllowList.of(List.of("10.0.0.0/33")))
			.withMessage("mcp.guard.network.allowed-ips: '10.0.0.0/33' is not an IP address or CIDR range");
		assertThatIllegalArgumentException().isThrownBy(() -> IpAllowList.of(List.of("intranet.example.com")))
			.withMessageContaining("'intranet.example.com'");
		assertThatIllegalArgumentException().isThrownBy(() -> IpAllowList.of(List.of("::1/abc")))
			.withMessageContaining("'::1/abc'");
		assertThatIllegalArgumentException().isThrownBy(() -> IpAllowList.of(List.of("10.0.0/8")))
			.withMessageContaining("'10.0.0/8'");
	}

	@Test
	void filterRefusesOtherAddressesWith403AndPassesAllowedOnes() throws Exception {
		IpAllowListFilter filter = new IpAllowListFilter(IpAllowList.of(List.of("10.0.0.0/8")));
		MockHttpServletRequest refused = new MockHttpServletRequest("POST", "/mcp");
		refused.setRemoteAddr("127.0.0.1");
		MockHttpServletResponse refusedResponse = new MockHttpServletResponse();
		MockFilterChain refusedChain = new MockFilterChain();
		filter.doFilter(refused, refusedResponse, refusedChain);
		assertThat(refusedResponse.getStatus()).isEqualTo(403);
		assertThat(refusedResponse.getContentType()).isEqualTo("application/json");
		assertThat(refusedResponse.getContentAsString()).isEqualTo("{\"error\":\"forbidden\",\"message\":\"Client address not allowed.\"}");
		assertThat(refusedChain.getRequest()).isNull();

		MockHttpServletRequest allowed = new MockHttpServletRequest("POST", "/mcp");
		allowed.setRemoteAddr("10.2.3.4");
		MockHttpServletResponse allowedResponse = new MockHttpServletResponse();
		MockFilterChain allowedChain = new MockFilterChain();
		filter.doFilter(allowed, allowedResponse, allowedChain);
		assertThat(allowedResponse.getStatus()).isEqualTo(200);
		assertThat(allowedChain.getRequest()).isSameAs(allowed);
	}

}
