package dev.mcpguard.auth;

import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The default {@link ClientCertificateAuthenticator}: the principal is the most specific CN of the certificate's
 * subject, its roles come from a fixed map (CN to roles, {@code mcp.guard.auth.mtls.roles}). A certificate whose CN
 * is not in the map is refused when a mapping is required, and otherwise authenticates a principal without roles.
 * What is derived from a certificate is cached, so a request costs a map lookup.
 */
public class MappedClientCertificateAuthenticator implements ClientCertificateAuthenticator {

	private static final int MAX_CACHED_CERTIFICATES = 1024;

	private final Map<String, List<GrantedAuthority>> authoritiesByName;

	private final boolean requireMapping;

	private final Map<X509Certificate, Resolved> cache = new ConcurrentHashMap<>();

	/**
	 * Create the authenticator.
	 * @param roles roles by certificate CN
	 * @param requireMapping whether a CN missing from {@code roles} is refused
	 */
	public MappedClientCertificateAuthenticator(Map<String, List<String>> roles, boolean requireMapping) {
		Map<String, List<GrantedAuthority>> authorities = new LinkedHashMap<>();
		roles.forEach((name, names) -> authorities.put(name,
				names.stream().map((role) -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role)).toList()));
		this.authoritiesByName = Map.copyOf(authorities);
		this.requireMapping = requireMapping;
	}

	@Override
	public ClientCertificateAuthentication authenticate(X509Certificate certificate) {
		Resolved resolved = this.cache.get(certificate);
		if (resolved == null) {
			resolved = resolve(certificate);
			if (this.cache.size() >= MAX_CACHED_CERTIFICATES) {
				this.cache.clear();
			}
			this.cache.put(certificate, resolved);
		}
		if (resolved.refusal() != null) {
			throw new ClientCertificateException(resolved.refusal());
		}
		return new ClientCertificateAuthentication(resolved.name(), resolved.authorities(), certificate);
	}

	private Resolved resolve(X509Certificate certificate) {
		String name = commonName(certificate.getSubjectX500Principal());
		if (name == null || name.isBlank()) {
			return Resolved.refused("Client certificate subject has no CN");
		}
		List<GrantedAuthority> authorities = this.authoritiesByName.get(name);
		if (authorities == null) {
			if (this.requireMapping) {
				return Resolved.refused("Client certificate CN '" + name + "' is not mapped in mcp.guard.auth.mtls.roles");
			}
			authorities = List.of();
		}
		return new Resolved(name, authorities, null);
	}

	/**
	 * The most specific common name (CN) of a subject, as Spring Security's X.509 support extracts it.
	 * @param subject the certificate subject
	 * @return the CN, or {@code null} if the subject has none
	 */
	static @Nullable String commonName(X500Principal subject) {
		try {
			List<Rdn> rdns = new LdapName(subject.getName(X500Principal.RFC2253)).getRdns();
			// LdapName lists the most specific RDN last
			for (int i = rdns.size() - 1; i >= 0; i--) {
				Attribute cn = rdns.get(i).toAttributes().get("CN");
				if (cn != null) {
					Object value = cn.get();
					return (value != null) ? value.toString() : null;
				}
			}
			return null;
		}
		catch (NamingException ex) {
			// A subject the JDK printed but LDAP syntax cannot parse has no usable CN: the caller refuses it
			return null;
		}
	}

	private record Resolved(String name, List<GrantedAuthority> authorities, @Nullable String refusal) {

		static Resolved refused(String refusal) {
			return new Resolved("", List.of(), refusal);
		}

	}

}
