package dev.mcpguard.auth;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Which {@code Host} and {@code Origin} headers a request may carry, against DNS rebinding: a page of a foreign
 * site whose name the attacker points at this server, so that the victim's browser sends it requests. Such a
 * request names the attacker's site in {@code Host} always, and in {@code Origin} when the browser sends one.
 * <p>
 * A {@code Host} is allowed when it is absent, a loopback name ({@code localhost}, {@code 127.0.0.1},
 * {@code [::1]}, any port), an IP address (no site can rebind an address), or a listed host. An {@code Origin} is
 * allowed when it is absent, a loopback origin ({@code http} or {@code https} on a loopback name, any port), the
 * request's own origin (the host and port of its {@code Host}, a page this server served), or a listed origin.
 * <p>
 * Built once; a check costs a few character comparisons and set lookups, as it runs for every request.
 */
public final class OriginPolicy {

	private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

	// a DNS name or an IPv4 address, or a bracketed IPv6 address; then a port, ":*" or nothing
	private static final Pattern HOST_ENTRY = Pattern
		.compile("(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?)(:(\\d{1,5}|\\*))?");

	private static final Pattern ORIGIN_ENTRY = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/?#\\s@]+");

	private final Set<String> namesAnyPort;

	private final Set<String> namesWithPort;

	private final Set<String> origins;

	private OriginPolicy(Set<String> namesAnyPort, Set<String> namesWithPort, Set<String> origins) {
		this.namesAnyPort = namesAnyPort;
		this.namesWithPort = namesWithPort;
		this.origins = origins;
	}

	/**
	 * The policy that allows the listed hosts and origins besides the loopback ones, IP addresses and each
	 * request's own origin.
	 * @param allowedHosts host names or addresses, each with a port ({@code mcp.example.com:8443}), without one or
	 * with {@code :*} (any port)
	 * @param allowedOrigins origins, {@code scheme://host[:port]}, for example {@code https://console.example.com}
	 * @return the policy
	 * @throws IllegalArgumentException naming the property and the entry that is not a host or not an origin
	 */
	public static OriginPolicy of(List<String> allowedHosts, List<String> allowedOrigins) {
		Set<String> namesAnyPort = new HashSet<>();
		Set<String> namesWithPort = new HashSet<>();
		for (String entry : allowedHosts) {
			String host = entry.trim().toLowerCase(Locale.ROOT);
			if (!HOST_ENTRY.matcher(host).matches()) {
				throw new IllegalArgumentException("mcp.guard.network.allowed-hosts: '" + entry
						+ "' is not a host name or address, with or without a port (mcp.example.com, mcp.example.com:8443)");
			}
			if (host.endsWith(":*")) {
				namesAnyPort.add(host.substring(0, host.length() - 2));
			}
			else if (portStart(host) < 0) {
				namesAnyPort.add(host);
			}
			else {
				namesWithPort.add(host);
			}
		}
		Set<String> origins = new HashSet<>();
		for (String entry : allowedOrigins) {
			String origin = normalize(entry);
			if (!ORIGIN_ENTRY.matcher(origin).matches()) {
				throw new IllegalArgumentException("mcp.guard.network.allowed-origins: '" + entry
						+ "' is not an origin, scheme://host[:port] without a path (https://console.example.com)");
			}
			origins.add(origin);
		}
		return new OriginPolicy(Set.copyOf(namesAnyPort), Set.copyOf(namesWithPort), Set.copyOf(origins));
	}

	/**
	 * Whether a request with this {@code Host} header may be served.
	 * @param host the header, or {@code null} when the request has none
	 * @return {@code true} if it names a loopback name, an IP address or a listed host
	 */
	public boolean allowsHost(@Nullable String host) {
		if (host == null) {
			return true;
		}
		String value = host.trim().toLowerCase(Locale.ROOT);
		int portStart = portStart(value);
		String name = (portStart >= 0) ? value.substring(0, portStart) : value;
		return LOOPBACK_NAMES.contains(name) || isIpAddress(name) || this.namesAnyPort.contains(name)
				|| (portStart >= 0 && this.namesWithPort.contains(value));
	}

	/**
	 * Whether a request with this {@code Origin} header may be served.
	 * @param origin the header
	 * @param host the request's {@code Host} header, or {@code null}
	 * @return {@code true} if the origin is listed, a loopback origin or the request's own origin
	 */
	public boolean allowsOrigin(String origin, @Nullable String host) {
		String value = normalize(origin);
		if (this.origins.contains(value)) {
			return true;
		}
		int authorityStart = value.startsWith("http://") ? 7 : value.startsWith("https://") ? 8 : -1;
		if (authorityStart < 0) {
			return false;
		}
		String authority = value.substring(authorityStart);
		if (!isHostAndPort(authority)) {
			return false;
		}
		int portStart = portStart(authority);
		return LOOPBACK_NAMES.contains((portStart >= 0) ? authority.substring(0, portStart) : authority)
				|| (host != null && authority.equalsIgnoreCase(host.trim()));
	}

	// Where ":port" begins in host[:port] ([v6]:port for an IPv6 address), or -1 without a port. A name with more
	// than one colon is no host: the whole of it is then compared, and matches nothing.
	private static int portStart(String hostAndPort) {
		int colon = hostAndPort.lastIndexOf(':');
		if (colon < 0) {
			return -1;
		}
		if (hostAndPort.startsWith("[")) {
			return (colon == hostAndPort.indexOf(']') + 1) ? colon : -1;
		}
		return (hostAndPort.indexOf(':') == colon) ? colon : -1;
	}

	// Only the characters of a host name, an IP address and a port: a browser serializes an origin without user
	// information or path.
	private static boolean isHostAndPort(String authority) {
		for (int i = 0; i < authority.length(); i++) {
			char c = authority.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' || c == ':'
					|| c == '[' || c == ']')) {
				return false;
			}
		}
		return !authority.isEmpty();
	}

	// A bracketed IPv6 address or a dotted IPv4 address. A browser treats a name whose last label is a number as an
	// IPv4 address, and refuses it when it is none, so no site can have such a name.
	private static boolean isIpAddress(String name) {
		if (name.length() > 2 && name.charAt(0) == '[' && name.charAt(name.length() - 1) == ']') {
			return true;
		}
		int dots = 0;
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c == '.') {
				dots++;
			}
			else if (c < '0' || c > '9') {
				return false;
			}
		}
		return dots == 3 && !name.isEmpty() && name.charAt(0) != '.' && name.charAt(name.length() - 1) != '.';
	}

	private static String normalize(String origin) {
		String value = origin.trim().toLowerCase(Locale.ROOT);
		return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
	}

}
