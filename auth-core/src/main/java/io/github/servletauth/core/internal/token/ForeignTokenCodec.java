package io.github.servletauth.core.internal.token;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.InvalidTokenException;
import io.github.servletauth.core.InvalidTokenException.Reason;
import io.github.servletauth.core.JwtAlgorithm;
import io.github.servletauth.core.VerifiedToken;
import io.github.servletauth.core.internal.token.IssuerKeys.IssuerKey;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.AudValidator;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.IssValidator;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.SubValidator;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Verifies the access tokens of another issuer ({@code auth.jwt.issuer-uri}) against the keys of its JWK Set
 * (RFC 8725, RFC 9068 section 4): an algorithm of {@code auth.jwt.algorithm} that the key fits, a key only from
 * the set (by {@code kid}, or every key of that algorithm without one), a {@code typ} header of an access token
 * ({@code at+jwt}; also {@code JWT} or none unless {@code auth.jwt.typ} is {@code at+jwt}), {@code iss} equal to the
 * issuer URI, {@code aud} (a string or an array) holding {@code auth.jwt.audience}, {@code sub}, {@code iat},
 * {@code exp} within {@code auth.jwt.access-ttl}, {@code nbf} if present, then no ID token
 * ({@link ClaimMapping#requireAccessToken}) and the configured claim mapping. Failures are
 * {@link InvalidTokenException}s; no jose4j exception or token text escapes. Thread-safe; one per key set.
 */
final class ForeignTokenCodec {
    /** Other issuers' tokens grow with groups and roles (Entra ID, Keycloak); still far below any header limit. */
    static final int MAX_TOKEN_CHARS = 16 * 1024;
    private static final Set<String> ACCESS_TOKEN_TYPES = Set.of("at+jwt", "application/at+jwt");
    private static final Set<String> PLAIN_TYPES = Set.of("jwt", "application/jwt");

    private final IssuerKeys keys;
    private final Set<JwtAlgorithm> allowed;
    private final boolean atJwtRequired;
    private final JwtConsumer consumer;
    private final ClaimMapping mapping;
    private final long skewSeconds;
    private final long maxRemainingSeconds;
    private final VerifiedTokenCache cache;

    /** What the header of a token decided: its algorithm and the keys that may have signed it. */
    private record Header(JwtAlgorithm algorithm, List<IssuerKey> keys, boolean atJwt) {
    }

    /**
     * @param keys the issuer's signature keys
     * @param config a validated configuration with {@code auth.jwt.issuer-uri}
     */
    ForeignTokenCodec(IssuerKeys keys, AuthConfig config) {
        this.keys = keys;
        this.allowed = config.jwtAlgorithms();
        this.atJwtRequired = config.requiresAtJwtType();
        this.mapping = new ClaimMapping(config.usernameClaim(), config.rolesClaim().orElse(null));
        this.skewSeconds = config.clockSkew().toSeconds();
        this.maxRemainingSeconds = config.accessTokenTtl().toSeconds() + skewSeconds;
        this.cache = config.tokenCacheSize() == 0 ? null : new VerifiedTokenCache(config.tokenCacheSize(), config.clock());
        List<String> names = new ArrayList<>();
        allowed.forEach(a -> names.add(a.jwsName()));
        this.consumer = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(ConstraintType.PERMIT, names.toArray(String[]::new))
                .setVerificationKeyResolver((jws, nesting) -> resolve(jws))
                .setSkipAllDefaultValidators()
                .registerValidator(new IssValidator(config.issuer(), true))
                .registerValidator(new AudValidator(Set.of(config.audience()), true))
                .registerValidator(new SubValidator(true))
                .registerValidator(new TimeClaimsValidator(config.clock(), config.clockSkew(), config.accessTokenTtl()))
                .build();
    }

    /**
     * @param token the compact JWS, without {@code Bearer }
     * @return its verified and mapped claims
     * @throws InvalidTokenException with the reason it is refused
     */
    VerifiedToken verify(String token) {
        if (token == null || token.length() > MAX_TOKEN_CHARS) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
        if (cache != null) {
            VerifiedToken known = cache.get(token);
            if (known != null) {
                return known;
            }
        }
        int headerEnd = AccessTokenCodec.compactHeaderEnd(token);
        int signatureStart = token.lastIndexOf('.') + 1;
        if (headerEnd < 0 || !Base64Url.isCanonical(token, 0, headerEnd)
                || !Base64Url.isCanonical(token, headerEnd + 1, signatureStart - 1)) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
        Header header = checkHeader(token.substring(0, headerEnd));
        checkSignatureForm(token, signatureStart, header);
        JwtClaims claims;
        try {
            claims = consumer.processToClaims(token);
        } catch (InvalidJwtException e) {
            throw new InvalidTokenException(JoseErrors.reason(e));
        } catch (RuntimeException e) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
        VerifiedToken verified = mapping.toVerifiedToken(claims, header.atJwt());
        if (cache != null) {
            remember(token, verified, claims);
        }
        return verified;
    }

    /** Decides algorithm, key and type before any cryptography, so the reason is exact; jose4j checks again. */
    private Header checkHeader(String encoded) {
        Map<String, Object> header;
        try {
            header = JsonUtil.parseJson(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8));
        } catch (JoseException | RuntimeException e) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
        if (!(header.get("alg") instanceof String alg)) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
        JwtAlgorithm algorithm = allowed.stream().filter(a -> a.jwsName().equals(alg)).findFirst()
                .orElseThrow(() -> new InvalidTokenException(Reason.ALGORITHM_NOT_ALLOWED));
        if (header.containsKey("crit") || header.containsKey("cty")) {
            // no extension is understood here, and a nested JWT is no access token
            throw new InvalidTokenException(Reason.MALFORMED);
        }
        Object typ = header.get("typ");
        if (typ != null && !(typ instanceof String)) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
        if (!typeAllowed((String) typ)) {
            throw new InvalidTokenException(Reason.NOT_ACCESS_TOKEN);
        }
        Object kid = header.get("kid");
        List<IssuerKey> named;
        if (kid == null) {
            named = keys.all();
        } else if (kid instanceof String s) {
            named = keys.withKid(s);
            if (named.isEmpty()) {
                throw new InvalidTokenException(Reason.UNKNOWN_KEY);
            }
        } else {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
        List<IssuerKey> fitting = named.stream().filter(k -> k.algorithms().contains(algorithm)).toList();
        if (fitting.isEmpty()) {
            // the kid names a key of another kind (an RSA key for an ES256 header, say): algorithm confusion
            throw new InvalidTokenException(kid == null ? Reason.UNKNOWN_KEY : Reason.ALGORITHM_NOT_ALLOWED);
        }
        return new Header(algorithm, fitting, typ != null && ACCESS_TOKEN_TYPES.contains(((String) typ)
                .toLowerCase(Locale.ROOT)));
    }

    /**
     * RFC 9068 section 4 asks for {@code at+jwt}; Keycloak, Entra ID and Auth0 (in its default profile) send
     * {@code JWT}, Okta's custom authorization servers none. Anything else (Okta's org-server
     * {@code application/okta-internal-at+jwt}, {@code logout+jwt}, {@code dpop+jwt}, ...) is no access token
     * for this webapp.
     */
    private boolean typeAllowed(String typ) {
        if (typ == null) {
            return !atJwtRequired;
        }
        String t = typ.toLowerCase(Locale.ROOT);
        return ACCESS_TOKEN_TYPES.contains(t) || !atJwtRequired && PLAIN_TYPES.contains(t);
    }

    /** The form {@link SignatureGuard} requires of the signature, before the JDK sees it. */
    private static void checkSignatureForm(String token, int start, Header header) {
        if (!Base64Url.isCanonical(token, start, token.length())) {
            throw new InvalidTokenException(Reason.BAD_SIGNATURE);
        }
        int bytes = Base64Url.decodedLength(token.length() - start);
        List<Key> candidates = header.keys().stream().map(k -> (Key) k.key()).toList();
        if (!SignatureGuard.lengthFitsAny(candidates, bytes)) {
            throw new InvalidTokenException(Reason.BAD_SIGNATURE);
        }
        if (header.algorithm() == JwtAlgorithm.ES256 || header.algorithm() == JwtAlgorithm.ES384) {
            byte[] signature = Base64.getUrlDecoder().decode(token.substring(start));
            boolean inRange = header.algorithm() == JwtAlgorithm.ES256 ? SignatureGuard.es256InRange(signature, false)
                    : SignatureGuard.es384InRange(signature);
            if (!inRange) {
                throw new InvalidTokenException(Reason.BAD_SIGNATURE);
            }
        }
    }

    /** jose4j's key question: the key with the token's kid for its algorithm, or the one of several that verifies. */
    private Key resolve(JsonWebSignature jws) throws UnresolvableKeyException {
        String alg = jws.getAlgorithmHeaderValue();
        String kid = jws.getKeyIdHeaderValue();
        List<Key> candidates = new ArrayList<>();
        for (IssuerKey k : kid == null ? keys.all() : keys.withKid(kid)) {
            if (k.algorithms().stream().anyMatch(a -> a.jwsName().equals(alg))) {
                candidates.add(k.key());
            }
        }
        if (candidates.isEmpty()) {
            throw new UnresolvableKeyException("no key for the token's kid and alg");
        }
        if (candidates.size() > 1) {
            int signatureBytes = Base64Url.decodedLength(jws.getEncodedSignature().length());
            for (Key candidate : candidates) {
                try {
                    if (SignatureGuard.lengthFits(candidate, signatureBytes)) {
                        jws.setKey(candidate);
                        if (jws.verifySignature()) {
                            return candidate;
                        }
                    }
                } catch (JoseException e) {
                    // this key cannot verify the token; try the next one
                }
            }
        }
        return candidates.get(0);
    }

    /** As {@link AccessTokenCodec}: cached for the span of seconds in which the time checks accept it. */
    private void remember(String token, VerifiedToken verified, JwtClaims claims) {
        try {
            long exp = claims.getExpirationTime().getValue();
            long from = Math.max(claims.getIssuedAt().getValue() - skewSeconds, exp - maxRemainingSeconds);
            NumericDate nbf = claims.getNotBefore();
            if (nbf != null) {
                from = Math.max(from, nbf.getValue() - skewSeconds);
            }
            cache.put(token, verified, from, exp + skewSeconds);
        } catch (MalformedClaimException e) {
            // verified claims have well-formed times; a token that cannot be cached is simply verified again
        }
    }
}
