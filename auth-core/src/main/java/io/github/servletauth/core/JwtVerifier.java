package io.github.servletauth.core;

import io.github.servletauth.core.internal.token.AccessTokenCodec;
import io.github.servletauth.core.internal.token.RemoteJwks;
import io.github.servletauth.core.internal.token.TokenKeys;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A {@link TokenVerifier} for a webapp with no account database, which only checks tokens issued by another
 * application. It is configured with the same keys as the issuer ({@link AuthConfig}): the HS256 secret
 * ({@code auth.jwt.secret}, plus {@code auth.jwt.previous-secrets}), a file of public keys
 * ({@code auth.jwt.key-file}, PEM {@code PUBLIC KEY} blocks or a JWK Set), or the issuer's JWKS URL
 * ({@code auth.jwt.jwks-url}, fetched in the background, refetched every {@code auth.jwt.jwks-refresh} and when
 * a token names an unknown key), and {@code auth.jwt.algorithm}, {@code auth.jwt.issuer},
 * {@code auth.jwt.audience}, {@code auth.jwt.clock-skew}, {@code auth.jwt.access-ttl} (the longest lifetime
 * accepted) and {@code auth.jwt.cache-size} (verified tokens remembered; the cache starts empty whenever a new
 * key set is fetched).
 *
 * <p><b>Another issuer</b> (Keycloak, Entra ID, Auth0, Okta, or this library's accounts webapp found by its
 * public URL): {@code auth.jwt.issuer-uri} names it, and its metadata
 * ({@code <issuer>/.well-known/openid-configuration}, then RFC 8414's {@code oauth-authorization-server}) names
 * its JWK Set; both are fetched in the background like a JWKS URL, and an issuer that is down at start-up only
 * means tokens are refused ({@code UNKNOWN_KEY}) until it answers. Its access tokens must carry exactly that
 * {@code iss}, {@code auth.jwt.audience} in {@code aud} (a string or an array), an algorithm of
 * {@code auth.jwt.algorithm} (a comma-separated list: RS256, RS384, RS512, PS256, ES256, ES384, EdDSA), and be
 * access tokens, not ID tokens ({@link InvalidTokenException.Reason#NOT_ACCESS_TOKEN}). The username comes from
 * {@code auth.jwt.username-claim} (default {@code sub}), the roles from {@code auth.jwt.roles-claim} (a dotted
 * path such as {@code realm_access.roles}, or {@code scope} split on spaces); such a {@link VerifiedToken} has
 * {@link VerifiedToken#NO_USER_ID} and the issuer's {@link VerifiedToken#subject()}.
 *
 * <p>It checks signatures and claims but cannot see revocations: a logged-out token stays valid here until it
 * expires (at most {@code auth.jwt.access-ttl}). Use the issuing application's {@link AuthService} where
 * revocation must apply at once.
 *
 * <pre>{@code
 * try (JwtVerifier verifier = JwtVerifier.fromSources(Map.of(
 *         "auth.jwt.algorithm", "EdDSA",
 *         "auth.jwt.jwks-url", "https://accounts.example.org/auth/jwks"))) {
 *     VerifiedToken token = verifier.verify(bearerToken);
 * }
 * // tokens of a Keycloak realm
 * JwtVerifier keycloak = JwtVerifier.fromSources(Map.of(
 *         "auth.jwt.issuer-uri", "https://sso.example.org/realms/staff",
 *         "auth.jwt.algorithm", "RS256",
 *         "auth.jwt.audience", "legacy-app",
 *         "auth.jwt.username-claim", "preferred_username",
 *         "auth.jwt.roles-claim", "realm_access.roles"));
 * }</pre>
 */
public final class JwtVerifier implements TokenVerifier, AutoCloseable {
    private static final Duration FIRST_FETCH_WAIT = Duration.ofSeconds(5);

    private final AccessTokenCodec fixed;
    private final RemoteJwks remote;

    private JwtVerifier(AccessTokenCodec fixed, RemoteJwks remote) {
        this.fixed = fixed;
        this.remote = remote;
    }

    /**
     * Reads the keys from system properties, the environment, then {@code fallback} (such as filter
     * init-params), like {@link AuthConfig#fromSources(Map)}.
     *
     * @param fallback lowest-precedence source
     * @return a verifier
     * @throws ConfigurationException naming the key at fault
     */
    public static JwtVerifier fromSources(Map<String, String> fallback) {
        return create(AuthConfig.fromSources(fallback));
    }

    /**
     * @param config a configuration with {@code auth.jwt.secret}, {@code auth.jwt.key-file},
     *               {@code auth.jwt.jwks-url} or {@code auth.jwt.issuer-uri}
     * @return a verifier; with a JWKS URL or an issuer URI it has waited up to 5 s for the first key set (tokens
     *         are refused, not blocked, until it arrives; an issuer that refuses connections ends the wait at once)
     * @throws ConfigurationException naming the key at fault
     */
    public static JwtVerifier create(AuthConfig config) {
        Objects.requireNonNull(config, "config");
        if (config.issuerUri().isPresent()) {
            RemoteJwks remote = RemoteJwks.forIssuer(config);
            remote.awaitKeys(FIRST_FETCH_WAIT);
            return new JwtVerifier(null, remote);
        }
        Function<TokenKeys, AccessTokenCodec> codec = keys -> AccessTokenCodec.forPeerTokens(keys, config);
        if (config.jwksUrl().isPresent()) {
            RemoteJwks remote = new RemoteJwks(config.jwksUrl().get(), config.jwtAlgorithm(),
                    config.jwksRefreshInterval(), codec);
            remote.awaitKeys(FIRST_FETCH_WAIT);
            return new JwtVerifier(null, remote);
        }
        return new JwtVerifier(codec.apply(TokenKeys.forVerification(config)), null);
    }

    /**
     * @throws InvalidTokenException with the reason; never blocks on a JWKS fetch
     */
    @Override
    public VerifiedToken verify(String accessToken) {
        return remote != null ? remote.verify(accessToken) : fixed.verify(accessToken);
    }

    /** @return {@code true}: anything but a compact JWS is refused as malformed before any other work */
    @Override
    public boolean checksCompactSyntax() {
        return true;
    }

    /** Stops background JWKS refreshes, if any. */
    @Override
    public void close() {
        if (remote != null) {
            remote.close();
        }
    }
}
