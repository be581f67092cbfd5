package dev.mcpguard.sample.support;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenClaimsContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;

import static dev.mcpguard.sample.support.McpTestClients.http;

/**
 * A real OAuth 2.1 authorization server for the tests, in this JVM on a random port: Spring Authorization Server
 * with client-credentials clients whose access tokens carry the RFC 8707 {@code resource} of the token request as
 * audience and the client's roles in a {@code roles} claim. Its signing key can be rotated, and tokens can be minted
 * directly (expired ones, or signed by a key it does not publish) to prove what a resource server refuses.
 */
public final class TestAuthorizationServer implements AutoCloseable {

	/** Scope every client may request. */
	public static final String SCOPE = "mcp.tools";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Map<String, Set<String>> ROLES = Map.of("operator-client", Set.of("operator", "viewer"),
			"viewer-client", Set.of("viewer"), "unscoped-client", Set.of("viewer"), "admin-client",
			Set.of("viewer", "operator", "admin", "mcp-admin"), "opaque-client", Set.of("viewer"), "introspector", Set.of());

	/** Client whose access tokens are opaque (checked by introspection), roles viewer. */
	public static final String OPAQUE_CLIENT = "opaque-client";

	/** Client a resource server authenticates as at the introspection endpoint; its secret is {@code introspector-secret}. */
	public static final String INTROSPECTOR = "introspector";

	private volatile RSAKey key = newKey();

	private final ConfigurableApplicationContext context;

	private final String issuer;

	private TestAuthorizationServer() {
		this.context = new SpringApplicationBuilder(Config.class).web(WebApplicationType.SERVLET)
			.initializers((context) -> context.getBeanFactory().registerSingleton("testAuthorizationServer", this))
			.properties("server.port=0", "spring.main.banner-mode=off", "spring.config.name=test-authorization-server",
					"spring.jmx.enabled=false",
					// not an MCP server: the class path is the sample's, whose start-up checks would apply
					"mcp.guard.enabled=false", "spring.ai.mcp.server.enabled=false")
			.run();
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		this.issuer = "http://localhost:" + port;
	}

	/**
	 * Start an authorization server.
	 * @return the running server; close it after use
	 */
	public static TestAuthorizationServer start() {
		return new TestAuthorizationServer();
	}

	/**
	 * The issuer, as tokens name it and as a resource server's {@code issuer-uri} names it.
	 * @return for example {@code http://localhost:41234}
	 */
	public String issuer() {
		return this.issuer;
	}

	/**
	 * A client-credentials access token from the token endpoint.
	 * @param clientId {@code operator-client} (roles operator, viewer), {@code viewer-client} (viewer),
	 * {@code admin-client} (viewer, operator, admin, mcp-admin) or {@code unscoped-client} (viewer, may not request
	 * any scope)
	 * @param resource the resource the token is requested for (RFC 8707)
	 * @return the access token
	 */
	public String token(String clientId, String resource) {
		String scope = clientId.equals("unscoped-client") ? "" : "&scope=" + SCOPE;
		HttpResponse<String> response = http("POST", this.issuer + "/oauth2/token",
				"grant_type=client_credentials&resource=" + URLEncoder.encode(resource, StandardCharsets.UTF_8) + scope,
				"Authorization", "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientId + "-secret").getBytes(StandardCharsets.UTF_8)),
				"Content-Type", "application/x-www-form-urlencoded");
		if (response.statusCode() != 200) {
			throw new IllegalStateException("token request refused: " + response.statusCode() + " " + response.body());
		}
		return (String) JSON.readValue(response.body(), Map.class).get("access_token");
	}

	/**
	 * Replace the signing key: tokens issued from now on are signed by a new key, and the key set the server
	 * publishes holds only that key.
	 */
	public void rotateKey() {
		this.key = newKey();
	}

	/**
	 * A token minted outside the token endpoint, for the cases the endpoint never issues.
	 * @param ownKey whether it is signed by the server's current key (else by a key nobody publishes)
	 * @param claims customizes the claims, which start as this issuer's token for the resource with roles viewer
	 * @param resource the audience
	 * @return the signed token
	 */
	public String mint(boolean ownKey, String resource, Consumer<JwtClaimsSet.Builder> claims) {
		RSAKey signer = ownKey ? this.key : newKey();
		JwtClaimsSet.Builder builder = JwtClaimsSet.builder()
			.issuer(this.issuer)
			.subject("minted-client")
			.audience(List.of(resource))
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(300))
			.id(UUID.randomUUID().toString())
			.claim("roles", List.of("viewer"))
			.claim("scope", SCOPE);
		claims.accept(builder);
		return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(signer)))
			.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).keyId(signer.getKeyID()).build(),
					builder.build()))
			.getTokenValue();
	}

	/**
	 * A client's key pair for DPoP (RFC 9449).
	 * @return a new key
	 */
	public static RSAKey clientKey() {
		return newKey();
	}

	/**
	 * The JWK thumbprint of a client key, as a DPoP-bound token's {@code cnf.jkt} names it.
	 * @param key the client key
	 * @return the base64url SHA-256 thumbprint
	 */
	public static String thumbprint(RSAKey key) {
		try {
			return key.toPublicJWK().computeThumbprint().toString();
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A DPoP proof of possession of a client key for one request with an access token.
	 * @param key the client key
	 * @param method the HTTP method
	 * @param url the request URL
	 * @param accessToken the access token sent with it
	 * @return the signed proof, for the {@code DPoP} header
	 */
	public static String proof(RSAKey key, String method, String url, String accessToken) {
		try {
			String ath = Base64.getUrlEncoder().withoutPadding().encodeToString(java.security.MessageDigest
				.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII)));
			JwtClaimsSet claims = JwtClaimsSet.builder().issuedAt(Instant.now()).id(UUID.randomUUID().toString())
				.claim("htm", method).claim("htu", url).claim("ath", ath).build();
			JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).type("dpop+jwt")
				.jwk(key.toPublicJWK().toJSONObject()).build();
			return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)))
				.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.context.close();
	}

	private static RSAKey newKey() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair pair = generator.generateKeyPair();
			return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
				.keyID(UUID.randomUUID().toString())
				.build();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private JWKSet keys() {
		return new JWKSet(this.key);
	}

	// A test configuration, so that the sample's component scan of this package leaves it out.
	@TestConfiguration(proxyBeanMethods = false)
	@EnableWebSecurity
	@ImportAutoConfiguration({ TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class })
	static class Config {

		@Bean
		SecurityFilterChain authorizationServerChain(HttpSecurity http) throws Exception {
			http.oauth2AuthorizationServer(Customizer.withDefaults())
				.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.csrf(AbstractHttpConfigurer::disable);
			return http.build();
		}

		@Bean
		RegisteredClientRepository clients() {
			return new InMemoryRegisteredClientRepository(ROLES.keySet().stream().map(Config::client).toList());
		}

		private static RegisteredClient client(String id) {
			RegisteredClient.Builder client = RegisteredClient.withId(id)
				.clientId(id)
				.clientSecret("{noop}" + id + "-secret")
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS);
			if (!id.equals("unscoped-client")) {
				client.scope(SCOPE);
			}
			if (id.equals(OPAQUE_CLIENT)) {
				client.tokenSettings(TokenSettings.builder().accessTokenFormat(OAuth2TokenFormat.REFERENCE).build());
			}
			return client.build();
		}

		@Bean
		JWKSource<SecurityContext> jwkSource(TestAuthorizationServer server) {
			return (selector, context) -> selector.select(server.keys());
		}

		@Bean
		AuthorizationServerSettings authorizationServerSettings() {
			return AuthorizationServerSettings.builder().build();
		}

		@Bean
		OAuth2TokenCustomizer<JwtEncodingContext> resourceAudienceAndRoles() {
			return (context) -> audienceAndRoles(context, context.getClaims()::claims);
		}

		@Bean
		OAuth2TokenCustomizer<OAuth2TokenClaimsContext> opaqueResourceAudienceAndRoles() {
			return (context) -> audienceAndRoles(context, context.getClaims()::claims);
		}

		// An access token's audience is the resource it was requested for, its roles claim the client's roles.
		private static void audienceAndRoles(OAuth2TokenContext context, Consumer<Consumer<Map<String, Object>>> claims) {
			if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
				claims.accept((all) -> {
					resource(context).ifPresent((resource) -> all.put("aud", List.of(resource)));
					all.put("roles", ROLES.get(context.getRegisteredClient().getClientId()));
				});
			}
		}

		// The RFC 8707 resource of the token request, which becomes the token's audience.
		private static Optional<String> resource(OAuth2TokenContext context) {
			return (context.getAuthorizationGrant() instanceof OAuth2AuthorizationGrantAuthenticationToken grant
					&& grant.getAdditionalParameters().get("resource") instanceof String resource)
					? Optional.of(URI.create(resource).toString()) : Optional.empty();
		}

	}

}
