package io.github.servletauth.core.internal.token;

import io.github.servletauth.core.InvalidTokenException;
import io.github.servletauth.core.InvalidTokenException.Reason;
import io.github.servletauth.core.JwtAlgorithm;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;

/**
 * The signature half of verifying an HS256 token of exactly our own header shape, without jose4j's JWS
 * machinery: jose4j parses the header JSON again for every token and base64-decodes through its own codec,
 * which makes its HS256 verification 30 to 40 times the cost of the HMAC itself. Here a header segment is
 * judged once (it is the same for every token of one key), the HMAC-SHA256 of the signing input is compared
 * in constant time with the signature, and only then is the payload decoded, with the JDK's strict base64url
 * decoder, and parsed by jose4j's {@link JwtClaims#parse(String)}. The claims are then checked by the same
 * jose4j validators the full path uses ({@link AccessTokenCodec}).
 *
 * <p>Only a header that is exactly {@code {"alg":"HS256","kid":<a configured key>,"typ":"at+jwt"}} (members in
 * any order, nothing else) takes this path: no {@code crit}, {@code b64}, {@code cty}, {@code jwk},
 * {@code jku}, {@code x5u} or anything else a header could carry. Every other header, including one without a
 * {@code kid}, goes through jose4j's full verification, which decides it as before.
 */
final class HmacVerifier {
    private static final Set<String> HEADER_MEMBERS = Set.of("alg", "kid", "typ");
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    private final TokenKeys keys;
    /**
     * Encoded header segment → a {@code Mac} initialised with its key, cloned for each token ({@code Mac.getInstance}
     * and {@code init} cost more than the HMAC of a token; a clone copies the keyed state), or empty if the
     * header is not ours to take. Bounded; nothing keyed is left in container threads.
     */
    private final Map<String, Optional<Mac>> headers = new ConcurrentHashMap<>();

    /**
     * @param keys the keys of an HS256 codec
     */
    HmacVerifier(TokenKeys keys) {
        if (keys.algorithm() != JwtAlgorithm.HS256) {
            throw new IllegalArgumentException("HS256 keys required");
        }
        this.keys = keys;
    }

    /**
     * @param encodedHeader the first segment of a token whose header {@link AccessTokenCodec} already accepted
     * @return a {@code Mac} keyed for it (to clone, not to use), or {@code null} if this header is not of the
     *         one shape taken here
     */
    Mac macFor(String encodedHeader) {
        Optional<Mac> known = headers.get(encodedHeader);
        if (known == null) {
            known = judge(encodedHeader);
            if (headers.size() < AccessTokenCodec.MAX_KNOWN_HEADERS) {
                headers.put(encodedHeader, known);
            }
        }
        return known.orElse(null);
    }

    private Optional<Mac> judge(String encodedHeader) {
        Map<String, Object> header;
        try {
            header = JsonUtil.parseJson(new String(BASE64URL.decode(encodedHeader), StandardCharsets.UTF_8));
        } catch (JoseException | RuntimeException e) {
            return Optional.empty();
        }
        if (!header.keySet().equals(HEADER_MEMBERS) || !"HS256".equals(header.get("alg"))
                || !AccessTokenCodec.TYPE.equals(header.get("typ")) || !(header.get("kid") instanceof String kid)) {
            return Optional.empty();
        }
        Optional<Key> key = keys.verificationKey(kid);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key.get());
            return Optional.of(mac);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC with a key that was checked at start-up failed", e);
        }
    }

    /**
     * @param token a compact JWS in the shape {@link AccessTokenCodec#compactHeaderEnd} accepts
     * @param headerEnd the index of its first dot
     * @param keyed what {@link #macFor} gave for its header
     * @return its claims, signature verified, not yet validated
     * @throws InvalidTokenException {@code BAD_SIGNATURE} or {@code MALFORMED}
     */
    JwtClaims verify(String token, int headerEnd, Mac keyed) {
        int signatureStart = token.lastIndexOf('.') + 1;
        byte[] signature;
        byte[] payload;
        try {
            signature = BASE64URL.decode(token.substring(signatureStart));
        } catch (IllegalArgumentException e) {
            // not even base64url (e.g. a length of 4n+1): a signature that does not verify, as jose4j says
            throw new InvalidTokenException(Reason.BAD_SIGNATURE);
        }
        Mac mac;
        try {
            mac = (Mac) keyed.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the HmacSHA256 provider cannot clone", e);
        }
        byte[] expected = mac.doFinal(token.substring(0, signatureStart - 1).getBytes(StandardCharsets.US_ASCII));
        if (!MessageDigest.isEqual(expected, signature)) {
            throw new InvalidTokenException(Reason.BAD_SIGNATURE);
        }
        try {
            payload = BASE64URL.decode(token.substring(headerEnd + 1, signatureStart - 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
        try {
            return JwtClaims.parse(new String(payload, StandardCharsets.UTF_8));
        } catch (InvalidJwtException | RuntimeException e) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
    }
}
