package io.github.servletauth.core.internal.token;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.InvalidTokenException;
import io.github.servletauth.core.InvalidTokenException.Reason;
import io.github.servletauth.core.JwtAlgorithm;
import io.github.servletauth.core.VerifiedToken;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.AudValidator;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.IssValidator;
import org.jose4j.jwt.consumer.JtiValidator;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwt.consumer.SubValidator;
import org.jose4j.jwt.consumer.TypeValidator;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Issues and verifies access tokens: compact JWS with {@code typ: at+jwt} (RFC 9068), signed with the one
 * configured algorithm. Verification follows RFC 8725: only the configured algorithm, keys only from
 * {@link TokenKeys}, explicit type, and every claim required and checked, with {@code exp} bounded. Failures
 * become {@link InvalidTokenException} with a reason; no jose4j exception or message (which would quote the
 * token) escapes. Thread-safe; build one per key set.
 *
 * <pre>{@code
 * AccessTokenCodec codec = new AccessTokenCodec(TokenKeys.fromConfig(config, Optional.empty()), config);
 * String jwt = codec.issue(42, "alice", Set.of("user"), sessionId, tokenId, now, now.plus(config.accessTokenTtl()));
 * VerifiedToken token = codec.verify(jwt);
 * }</pre>
 */
public final class AccessTokenCodec {
    /** RFC 9068 section 2.1. */
    static final String TYPE = "at+jwt";
    /** Our tokens are well under 1 KiB; refusing big input early bounds the work an attacker can cause. */
    static final int MAX_TOKEN_CHARS = 8 * 1024;
    /** Header segments are the same for every token of one key; a handful covers every kid of a key set. */
    static final int MAX_KNOWN_HEADERS = 32;
    private static final Pattern USER_ID = Pattern.compile("0|[1-9][0-9]{0,18}");

    private final TokenKeys keys;
    private final String issuer;
    private final String audience;
    private final JwtConsumer consumer;
    /** The claim checks of {@link #consumer} alone, for the claims {@link DirectVerifier} returns. */
    private final JwtConsumer claimsConsumer;
    /** Tokens of our own header shape, verified without jose4j's JWS parsing; null if turned off (tests). */
    private final DirectVerifier direct;
    private final long skewSeconds;
    private final long maxRemainingSeconds;
    private final VerifiedTokenCache cache;
    /** Whether an ES256 signature with a high s is refused; see {@link SignatureGuard}. */
    private final boolean lowSOnly;
    /** Encoded headers that passed {@link #checkHeader}: a pure function of the segment and our fixed keys. */
    private final Map<String, HeaderVerdict> knownHeaders = new ConcurrentHashMap<>();

    /**
     * What a header decides for every token that carries it: the keys that may have signed (its kid's, or
     * every key without a kid) and, if it is of our own shape, {@link DirectVerifier}'s check (else null:
     * jose4j decides).
     */
    private record HeaderVerdict(List<Key> keys, DirectVerifier.SignatureCheck direct) {
    }

    /**
     * For the issuing application, which verifies only tokens of its own issuing: an ES256 signature must have
     * the low s this codec signs with (see {@link SignatureGuard}).
     *
     * @param keys the keys to sign and verify with
     * @param config supplies the issuer, audience, clock skew, access-token lifetime and clock
     */
    public AccessTokenCodec(TokenKeys keys, AuthConfig config) {
        this(keys, config.issuer(), config.audience(), config.clockSkew(), config.accessTokenTtl(), config.clock(),
                config.tokenCacheSize(), true, true);
    }

    /**
     * For {@code JwtVerifier}, which verifies tokens issued elsewhere: configured from {@code config} exactly like
     * {@link #AccessTokenCodec(TokenKeys, AuthConfig)}, except that an ES256 signature may have either s, since
     * its issuers (an older version of this library, Keycloak, anything signing with the plain JDK) do not
     * normalise s.
     *
     * @param keys the issuer's verification keys
     * @param config issuer, audience, clock skew, maximum lifetime, clock and cache size
     * @return the codec
     */
    public static AccessTokenCodec forPeerTokens(TokenKeys keys, AuthConfig config) {
        return new AccessTokenCodec(keys, config.issuer(), config.audience(), config.clockSkew(),
                config.accessTokenTtl(), config.clock(), config.tokenCacheSize(), true, false);
    }

    /**
     * Like {@link #AccessTokenCodec(TokenKeys, String, String, Duration, Duration, Clock, int)} with a cache of
     * {@link AuthConfig#DEFAULT_TOKEN_CACHE_SIZE} verified tokens.
     */
    public AccessTokenCodec(TokenKeys keys, String issuer, String audience, Duration clockSkew, Duration maxTtl,
                            Clock clock) {
        this(keys, issuer, audience, clockSkew, maxTtl, clock, AuthConfig.DEFAULT_TOKEN_CACHE_SIZE);
    }

    /**
     * For a webapp that only verifies tokens issued elsewhere. An ES256 signature may have either s: the
     * issuer may be an older version of this library or another product, whose JDK or BouncyCastle signer
     * does not normalise it.
     *
     * @param keys the keys to verify (and, if they can, sign) with
     * @param issuer the {@code iss} issued and required
     * @param audience the {@code aud} issued and required
     * @param clockSkew the tolerated clock difference, not negative
     * @param maxTtl the longest access-token lifetime the issuer uses; a later {@code exp} is refused
     * @param clock the clock expiry is checked against
     * @param cacheSize how many verified tokens to remember (0: none); see {@link VerifiedTokenCache}
     */
    public AccessTokenCodec(TokenKeys keys, String issuer, String audience, Duration clockSkew, Duration maxTtl,
                            Clock clock, int cacheSize) {
        this(keys, issuer, audience, clockSkew, maxTtl, clock, cacheSize, true, false);
    }

    /**
     * As above; {@code directPath = false} sends every token through jose4j (tests compare both paths), and
     * {@code lowSOnly} refuses ES256 signatures with a high s.
     */
    AccessTokenCodec(TokenKeys keys, String issuer, String audience, Duration clockSkew, Duration maxTtl,
                     Clock clock, int cacheSize, boolean directPath, boolean lowSOnly) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.issuer = requireText(issuer, "issuer");
        this.audience = requireText(audience, "audience");
        if (clockSkew.isNegative() || maxTtl.isNegative() || maxTtl.isZero()) {
            throw new IllegalArgumentException("clockSkew must not be negative and maxTtl must be positive");
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cacheSize must not be negative");
        }
        this.skewSeconds = clockSkew.toSeconds();
        this.maxRemainingSeconds = maxTtl.toSeconds() + skewSeconds;
        this.cache = cacheSize == 0 ? null : new VerifiedTokenCache(cacheSize, clock);
        // jose4j's default validators are skipped only so the date checks can use our clock (see
        // TimeClaimsValidator); the same validator classes are registered explicitly, all required.
        List<ErrorCodeValidator> claimValidators = List.of(new IssValidator(this.issuer, true),
                new AudValidator(Set.of(this.audience), true), new SubValidator(true), new JtiValidator(true),
                new TimeClaimsValidator(Objects.requireNonNull(clock, "clock"), clockSkew, maxTtl));
        JwtConsumerBuilder builder = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(ConstraintType.PERMIT, keys.algorithm().jwsName())
                .setVerificationKeyResolver(new ConfiguredKeyResolver(keys))
                .setSkipAllDefaultValidators()
                .registerValidator(new TypeValidator(true, TYPE));
        claimValidators.forEach(builder::registerValidator);
        this.consumer = builder.build();
        // the signature is DirectVerifier's, already checked, and the header's typ is ours by its shape
        JwtConsumerBuilder claimsOnly = new JwtConsumerBuilder().setSkipAllDefaultValidators()
                .setDisableRequireSignature().setSkipSignatureVerification();
        claimValidators.forEach(claimsOnly::registerValidator);
        this.claimsConsumer = claimsOnly.build();
        this.direct = directPath ? new DirectVerifier(keys) : null;
        this.lowSOnly = lowSOnly;
    }

    /**
     * @return the compact JWS
     * @throws IllegalStateException if the keys can only verify
     */
    public String issue(long userId, String username, Set<String> roles, String sessionId, String tokenId,
                        Instant issuedAt, Instant expiresAt) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(roles, "roles");
        requireText(sessionId, "sessionId");
        requireText(tokenId, "tokenId");
        if (!Objects.requireNonNull(expiresAt, "expiresAt").isAfter(Objects.requireNonNull(issuedAt, "issuedAt"))) {
            throw new IllegalArgumentException("expiresAt must be after issuedAt");
        }
        JwtClaims claims = new JwtClaims();
        claims.setSubject(Long.toString(userId));
        claims.setClaim("user_id", userId);
        claims.setClaim("username", username);
        claims.setStringListClaim("roles", new ArrayList<>(new TreeSet<>(roles)));
        claims.setClaim("sid", sessionId);
        claims.setIssuer(issuer);
        claims.setAudience(audience);
        claims.setIssuedAt(NumericDate.fromSeconds(issuedAt.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(expiresAt.getEpochSecond()));
        claims.setJwtId(tokenId);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(keys.algorithm().jwsName());
        jws.setKeyIdHeaderValue(keys.signingKeyId());
        jws.setHeader("typ", TYPE);
        jws.setKey(keys.signingKey());
        try {
            String token = jws.getCompactSerialization();
            return keys.algorithm() == JwtAlgorithm.ES256 ? SignatureGuard.withLowS(token) : token;
        } catch (JoseException e) {
            throw new IllegalStateException("signing failed with a key that was checked at start-up", e);
        }
    }

    /**
     * Verifies a token, or finds it among the tokens verified before (still checking its times against the
     * clock): a repeated token costs a hash-table lookup.
     *
     * @param token the compact JWS, without {@code Bearer }
     * @return its verified claims
     * @throws InvalidTokenException with the reason the token is refused
     */
    public VerifiedToken verify(String token) {
        if (token == null || token.length() > MAX_TOKEN_CHARS) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
        if (cache != null) {
            VerifiedToken known = cache.get(token);
            if (known != null) {
                return known;
            }
        }
        int headerEnd = compactHeaderEnd(token);
        int signatureStart = token.lastIndexOf('.') + 1;
        if (headerEnd < 0 || !Base64Url.isCanonical(token, headerEnd + 1, signatureStart - 1)) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
        String header = token.substring(0, headerEnd);
        HeaderVerdict verdict = knownHeaders.get(header);
        if (verdict == null) {
            verdict = judge(header);
            if (knownHeaders.size() < MAX_KNOWN_HEADERS) {
                knownHeaders.put(header, verdict);
            }
        }
        byte[] signature = checkedSignature(token, signatureStart, verdict);
        JwtClaims claims;
        if (verdict.direct() != null) {
            claims = direct.verify(token, headerEnd, signatureStart, signature, verdict.direct());
            try {
                claimsConsumer.processContext(new JwtContext(token, claims, List.of()));
            } catch (InvalidJwtException e) {
                throw new InvalidTokenException(JoseErrors.reason(e));
            }
        } else {
            try {
                claims = consumer.processToClaims(token);
            } catch (InvalidJwtException e) {
                throw new InvalidTokenException(JoseErrors.reason(e));
            } catch (RuntimeException e) {
                // jose4j wraps its own failures; anything else is still a token we cannot accept
                throw new InvalidTokenException(Reason.MALFORMED);
            }
        }
        try {
            VerifiedToken verified = toVerifiedToken(claims);
            if (cache != null) {
                remember(token, verified, claims);
            }
            return verified;
        } catch (MalformedClaimException e) {
            throw new InvalidTokenException(Reason.MISSING_CLAIM);
        }
    }

    /** @return how many verified tokens are cached now (for tests and diagnostics) */
    int cachedTokens() {
        return cache == null ? 0 : cache.size();
    }

    /** @return the public verification keys as a JWK Set; {@code {"keys":[]}} for HS256 */
    public String jwksJson() {
        return keys.jwksJson();
    }

    private HeaderVerdict judge(String encodedHeader) {
        Map<String, Object> header = checkHeader(encodedHeader);
        DirectVerifier.SignatureCheck check = direct == null ? null : direct.checkFor(header).orElse(null);
        List<Key> signers = header.get("kid") instanceof String kid ? List.of(keys.verificationKey(kid).orElseThrow())
                : List.copyOf(keys.verificationKeys());
        return new HeaderVerdict(signers, check);
    }

    /**
     * Checks the signature's text and form ({@link SignatureGuard}) on both paths, before any JDK cryptography.
     *
     * @return the decoded signature; null for the jose4j path where the form needs no decoding (jose4j decodes)
     */
    private byte[] checkedSignature(String token, int start, HeaderVerdict verdict) {
        if (!Base64Url.isCanonical(token, start, token.length())
                || !SignatureGuard.lengthFitsAny(verdict.keys(), Base64Url.decodedLength(token.length() - start))) {
            throw new InvalidTokenException(Reason.BAD_SIGNATURE);
        }
        boolean es256 = keys.algorithm() == JwtAlgorithm.ES256;
        if (verdict.direct() == null && !es256) {
            return null;
        }
        byte[] signature = Base64.getUrlDecoder().decode(token.substring(start));
        if (es256 && !SignatureGuard.es256InRange(signature, lowSOnly)) {
            throw new InvalidTokenException(Reason.BAD_SIGNATURE);
        }
        return signature;
    }

    /**
     * Decides algorithm and key questions before any cryptography, so the reason is exact. jose4j enforces
     * the same constraints again.
     *
     * @return the parsed header
     */
    private Map<String, Object> checkHeader(String encodedHeader) {
        if (!Base64Url.isCanonical(encodedHeader, 0, encodedHeader.length())) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
        Map<String, Object> header;
        try {
            String json = new String(Base64.getUrlDecoder().decode(encodedHeader), StandardCharsets.UTF_8);
            header = JsonUtil.parseJson(json);
        } catch (JoseException | RuntimeException e) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
        Object alg = header.get("alg");
        if (!(alg instanceof String)) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
        if (!keys.algorithm().jwsName().equals(alg)) {
            throw new InvalidTokenException(Reason.ALGORITHM_NOT_ALLOWED);
        }
        Object kid = header.get("kid");
        if (kid != null && !(kid instanceof String s && keys.verificationKey(s).isPresent())) {
            throw new InvalidTokenException(Reason.UNKNOWN_KEY);
        }
        if (header.containsKey("cty") || header.containsKey("crit")) {
            // a nested JWT is never one of ours; and we define no extension that crit could name, while an
            // empty crit is invalid (RFC 7515 section 4.1.11), which jose4j would let pass
            throw new InvalidTokenException(Reason.MALFORMED);
        }
        return header;
    }

    /**
     * Caches a verified token with the span of seconds in which {@link TimeClaimsValidator} accepts it:
     * from when neither {@code iat} nor {@code nbf} is in the future (with the skew) and {@code exp} is within
     * the longest lifetime, until {@code exp} plus the skew.
     */
    private void remember(String token, VerifiedToken verified, JwtClaims claims) throws MalformedClaimException {
        long exp = claims.getExpirationTime().getValue();
        long from = Math.max(claims.getIssuedAt().getValue() - skewSeconds, exp - maxRemainingSeconds);
        NumericDate nbf = claims.getNotBefore();
        if (nbf != null) {
            from = Math.max(from, nbf.getValue() - skewSeconds);
        }
        cache.put(token, verified, from, exp + skewSeconds);
    }

    /**
     * Checks the compact JWS shape {@code header.payload.signature} (base64url characters, header and payload
     * not empty) in one pass, without a regular expression.
     *
     * @return the index of the first dot, or -1 if the shape is wrong
     */
    static int compactHeaderEnd(String token) {
        int firstDot = -1;
        int secondDot = -1;
        for (int i = 0, n = token.length(); i < n; i++) {
            char c = token.charAt(i);
            if (c == '.') {
                if (firstDot < 0) {
                    firstDot = i;
                } else if (secondDot < 0) {
                    secondDot = i;
                } else {
                    return -1;
                }
            } else if (!Base64Url.isAlphabet(c)) {
                return -1;
            }
        }
        return firstDot > 0 && secondDot > firstDot + 1 ? firstDot : -1;
    }

    private static VerifiedToken toVerifiedToken(JwtClaims claims) throws MalformedClaimException {
        String subject = claims.getSubject();
        Long userId = claims.getClaimValue("user_id", Long.class);
        String username = claims.getStringClaimValue("username");
        // jose4j reads an absent list claim as empty; we always issue roles, so absence means not ours
        List<String> roles = claims.hasClaim("roles") ? claims.getStringListClaimValue("roles") : null;
        String sessionId = claims.getStringClaimValue("sid");
        String tokenId = claims.getJwtId();
        // compared as text: sub must be exactly the canonical decimal form of user_id
        if (subject == null || !USER_ID.matcher(subject).matches() || userId == null
                || !subject.equals(Long.toString(userId)) || username == null || username.isBlank() || roles == null
                || roles.contains(null)
                || sessionId == null || sessionId.isBlank() || tokenId == null || tokenId.isBlank()) {
            throw new InvalidTokenException(Reason.MISSING_CLAIM);
        }
        return new VerifiedToken(userId, username, Set.copyOf(roles), sessionId, tokenId,
                Instant.ofEpochSecond(claims.getIssuedAt().getValue()),
                Instant.ofEpochSecond(claims.getExpirationTime().getValue()));
    }

    private static String requireText(String value, String name) {
        if (Objects.requireNonNull(value, name).isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
