package io.github.servletauth.core;

import io.github.servletauth.core.internal.RevocationFeedPoller;
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
 * <p><b>Revocation.</b> It has no database. With {@code auth.revocation.feed-url} it polls the accounts webapp's
 * revocation feed ({@link AuthService#revocationFeed(String)}) every {@code auth.revocation.poll-interval} in the
 * background, so logouts, password changes, disabled and deleted accounts reach it within that interval; a
 * request never waits for the feed. While the feed cannot be read it keeps its last list and logs it once; with
 * {@code auth.revocation.max-staleness} it refuses every token ({@link RevocationsUnavailableException}) once its
 * last good answer is older than that (fail closed). With {@code auth.jwt.issuer-uri} and no
 * {@code auth.revocation.feed-url}, it polls the feed the issuer's metadata names
 * ({@code servlet_auth_revocations_uri}, as this library's accounts webapp publishes it), but only one on the
 * issuer's own origin (scheme, host and port; any other is refused and logged); other issuers name none. Without
 * a feed, a logged-out token stays valid here until it expires (at most {@code auth.jwt.access-ttl}).
 *
 * <pre>{@code
 * try (JwtVerifier verifier = JwtVerifier.fromSources(Map.of(
 *         "auth.jwt.algorithm", "EdDSA",
 *         "auth.jwt.jwks-url", "https://accounts.example.org/auth/jwks",
 *         "auth.revocation.feed-url", "https://accounts.example.org/auth/revocations"))) {
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
    private final RevocationFeedPoller revocations;

    private JwtVerifier(AccessTokenCodec fixed, RemoteJwks remote, RevocationFeedPoller revocations) {
        this.fixed = fixed;
        this.remote = remote;
        this.revocations = revocations;
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
     *         are refused, not blocked, until it arrives; an issuer that refuses connections ends the wait at once),
     *         and with a revocation feed up to 5 s for its first answer
     * @throws ConfigurationException naming the key at fault
     */
    public static JwtVerifier create(AuthConfig config) {
        Objects.requireNonNull(config, "config");
        Function<TokenKeys, AccessTokenCodec> codec = keys -> AccessTokenCodec.forPeerTokens(keys, config);
        AccessTokenCodec fixed = null;
        RemoteJwks remote = null;
        if (config.issuerUri().isPresent()) {
            remote = RemoteJwks.forIssuer(config);
        } else if (config.jwksUrl().isPresent()) {
            remote = new RemoteJwks(config.jwksUrl().get(), config.jwtAlgorithm(), config.jwksRefreshInterval(),
                    codec);
        } else {
            fixed = codec.apply(TokenKeys.forVerification(config));
        }
        // no token accepted here lives longer than this
        Duration maxKeep = config.accessTokenTtl().plus(config.clockSkew()).plus(config.clockSkew());
        RevocationFeedPoller revocations = null;
        if (config.revocationFeedUrl().isPresent()) {
            // an explicit feed wins over the one the issuer's metadata may name
            revocations = new RevocationFeedPoller(config.revocationFeedUrl().get(), config.revocationPollInterval(),
                    config.revocationMaxStaleness(), maxKeep, config.clock());
        } else if (config.issuerUri().isPresent()) {
            revocations = new RevocationFeedPoller(remote::revocationFeed, config.revocationPollInterval(),
                    config.revocationMaxStaleness(), maxKeep, config.clock());
        }
        if (revocations != null && config.revocationFeedUrl().isPresent()) {
            revocations.start();
        }
        if (remote != null) {
            remote.awaitKeys(FIRST_FETCH_WAIT);
        }
        if (revocations != null && config.revocationFeedUrl().isEmpty()) {
            // after the first metadata read, so that the first poll already knows the feed
            revocations.start();
        }
        if (revocations != null) {
            revocations.awaitFirstAnswer(FIRST_FETCH_WAIT);
        }
        return new JwtVerifier(fixed, remote, revocations);
    }

    /**
     * @throws InvalidTokenException with the reason ({@code REVOKED} if the revocation feed lists its session);
     *                               never blocks on a JWKS fetch or the feed
     * @throws RevocationsUnavailableException if {@code auth.revocation.max-staleness} is set and the feed has
     *                                         given no good answer for that long
     */
    @Override
    public VerifiedToken verify(String accessToken) {
        VerifiedToken token = remote != null ? remote.verify(accessToken) : fixed.verify(accessToken);
        if (revocations != null) {
            revocations.check(token.sessionId());
        }
        return token;
    }

    /** @return {@code true}: anything but a compact JWS is refused as malformed before any other work */
    @Override
    public boolean checksCompactSyntax() {
        return true;
    }

    /** Stops background JWKS refreshes and revocation polling, if any, and waits for the feed's thread to end. */
    @Override
    public void close() {
        if (remote != null) {
            remote.close();
        }
        if (revocations != null) {
            revocations.close();
        }
    }
}
