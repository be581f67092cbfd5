package dev.mcpguard.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * IP addresses and CIDR ranges (IPv4 and IPv6) that may call the server, matched by Spring Security's
 * {@link IpAddressMatcher}. Entries and remote addresses are accepted only as IP literals and never resolved through
 * DNS, so a forged forwarded-for value such as a host name
 * cannot trigger a lookup. An IPv4-mapped IPv6 address ({@code ::ffff:10.1.2.3}) matches the IPv4 ranges.
 */
public final class IpAllowList {

	private final List<Range> ranges;

	private IpAllowList(List<Range> ranges) {
		this.ranges = List.copyOf(ranges);
	}

	/**
	 * Parse an allow-list.
	 * @param entries addresses ({@code 192.168.1.5}, {@code ::1}) or CIDR ranges ({@code 10.0.0.0/8},
	 * {@code fd00::/8}); host bits of a range are ignored
	 * @return the allow-list, empty when {@code entries} is
	 * @throws IllegalArgumentException naming the first entry that is not an IP address or CIDR range
	 */
	public static IpAllowList of(List<String> entries) {
		List<Range> ranges = new ArrayList<>(entries.size());
		for (String entry : entries) {
			ranges.add(Range.parse(entry));
		}
		return new IpAllowList(ranges);
	}

	/**
	 * Whether no range is listed (every address is allowed).
	 * @return {@code true} if the list is empty
	 */
	public boolean isEmpty() {
		return this.ranges.isEmpty();
	}

	/**
	 * Whether an address is allowed. An empty list allows every address; an unparsable address is never allowed
	 * by a non-empty list.
	 * @param address the textual remote address, as {@code ServletRequest.getRemoteAddr()} gives it
	 * @return {@code true} if the address lies in one of the ranges
	 */
	public boolean allows(@Nullable String address) {
		if (this.ranges.isEmpty()) {
			return true;
		}
		byte[] bytes = (address != null) ? parseLiteral(address.trim()) : null;
		if (bytes == null) {
			return false;
		}
		String literal = literal(bytes);
		for (Range range : this.ranges) {
			if (range.contains(literal)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return this.ranges.toString();
	}

	/**
	 * The bytes of an IP literal (4 for IPv4, including IPv4-mapped IPv6; 16 for IPv6), or {@code null} if the
	 * text is not one. Never performs a DNS lookup.
	 */
	static byte @Nullable [] parseLiteral(String text) {
		if (text.isEmpty()) {
			return null;
		}
		if (text.indexOf(':') < 0) {
			return parseIpv4(text);
		}
		String literal = (text.charAt(0) == '[' && text.charAt(text.length() - 1) == ']')
				? text.substring(1, text.length() - 1) : text;
		if (!isIpv6Literal(literal)) {
			return null;
		}
		try {
			// Starts with a hex digit or ':' and contains ':': the JDK parses it as a literal or refuses it, and
			// never looks it up
			return InetAddress.getByName(literal).getAddress();
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	private static boolean isIpv6Literal(String text) {
		if (text.isEmpty() || (Character.digit(text.charAt(0), 16) < 0 && text.charAt(0) != ':')) {
			return false;
		}
		int zone = text.indexOf('%');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean allowed = (zone >= 0 && i > zone) ? (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')
					: (Character.digit(c, 16) >= 0 || c == ':' || c == '.' || (c == '%' && i == zone));
			if (!allowed) {
				return false;
			}
		}
		return true;
	}

	private static byte @Nullable [] parseIpv4(String text) {
		byte[] bytes = new byte[4];
		int part = 0;
		int value = -1;
		for (int i = 0; i <= text.length(); i++) {
			char c = (i < text.length()) ? text.charAt(i) : '.';
			if (c == '.') {
				if (value < 0 || part > 3) {
					return null;
				}
				bytes[part++] = (byte) value;
				value = -1;
			}
			else if (c >= '0' && c <= '9') {
				value = (value < 0) ? c - '0' : value * 10 + (c - '0');
				if (value > 255) {
					return null;
				}
			}
			else {
				return null;
			}
		}
		return (part == 4) ? bytes : null;
	}

	/**
	 * One entry, matched by Spring Security's {@link IpAddressMatcher} once MCP Guard has checked that both the entry
	 * and the client address are IP literals (so that nothing is ever looked up by name).
	 */
	private record Range(String text, IpAddressMatcher matcher) {

		static Range parse(String entry) {
			String text = entry.trim();
			int slash = text.indexOf('/');
			String address = (slash >= 0) ? text.substring(0, slash) : text;
			byte[] network = parseLiteral(address);
			if (network == null) {
				throw invalid(entry);
			}
			int bits = network.length * 8;
			int prefixLength = bits;
			if (slash >= 0) {
				try {
					prefixLength = Integer.parseInt(text.substring(slash + 1));
				}
				catch (NumberFormatException ex) {
					throw invalid(entry);
				}
				if (prefixLength < 0 || prefixLength > bits) {
					throw invalid(entry);
				}
			}
			return new Range(text, new IpAddressMatcher(literal(network) + "/" + prefixLength));
		}

		// the canonical literal of an address already parsed, so the matcher looks no name up
		boolean contains(String literal) {
			return this.matcher.matches(literal);
		}

		private static IllegalArgumentException invalid(String entry) {
			return new IllegalArgumentException(
					"mcp.guard.network.allowed-ips: '" + entry + "' is not an IP address or CIDR range");
		}

		@Override
		public String toString() {
			return this.text;
		}

	}

	// The canonical literal of an address already parsed: no name lookup.
	private static String literal(byte[] address) {
		try {
			return InetAddress.getByAddress(address).getHostAddress();
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("Not an IPv4 or IPv6 address: " + address.length + " bytes", ex);
		}
	}

}
