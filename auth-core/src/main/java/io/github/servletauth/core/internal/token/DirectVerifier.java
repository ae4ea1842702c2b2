package io.github.servletauth.core.internal.token;

import io.github.servletauth.core.InvalidTokenException;
import io.github.servletauth.core.InvalidTokenException.Reason;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;

/**
 * The signature half of verifying a token of exactly our own header shape, without jose4j's JWS machinery:
 * jose4j parses the header JSON again for every token and base64-decodes through its own codec, which makes
 * its HS256 verification 30 to 40 times the cost of the HMAC itself and adds about as much to the asymmetric
 * algorithms. Here a header is judged once ({@link AccessTokenCodec} remembers the verdict per header segment,
 * which is the same for every token of one key), the signature, whose text and form the codec has already
 * checked ({@link SignatureGuard}), is verified over the signing input with the JDK (HMAC-SHA256 compared in
 * constant time; {@code SHA256withRSA}; ECDSA P-256 in the JWS {@code R||S} form; Ed25519), and only then is
 * the payload decoded, with the JDK's strict base64url decoder, and parsed by jose4j's
 * {@link JwtClaims#parse(String)}. The claims are then checked by the same jose4j validators the full path
 * uses ({@link AccessTokenCodec}).
 *
 * <p>Only a header that is exactly {@code {"alg":<the configured algorithm>,"kid":<a configured key>,
 * "typ":"at+jwt"}} (members in any order, nothing else) takes this path: no {@code crit}, {@code b64},
 * {@code cty}, {@code jwk}, {@code jku}, {@code x5u} or anything else a header could carry. Every other
 * header, including one without a {@code kid}, goes through jose4j's full verification, which decides it as
 * before.
 */
final class DirectVerifier {
    private static final Set<String> HEADER_MEMBERS = Set.of("alg", "kid", "typ");
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    private final TokenKeys keys;

    /** Checks a signature with one key; thread-safe. */
    interface SignatureCheck {
        /** @return whether {@code signature} is a valid signature of {@code input} */
        boolean verify(byte[] input, byte[] signature);
    }

    /**
     * An HMAC-SHA256 key: a {@code Mac} initialised once and cloned per token ({@code Mac.getInstance} and
     * {@code init} cost more than the HMAC of a token; a clone copies the keyed state), compared in constant
     * time. Nothing keyed is left in container threads.
     */
    private record HmacCheck(Mac keyed) implements SignatureCheck {
        @Override
        public boolean verify(byte[] input, byte[] signature) {
            Mac mac;
            try {
                mac = (Mac) keyed.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("the HmacSHA256 provider cannot clone", e);
            }
            return MessageDigest.isEqual(mac.doFinal(input), signature);
        }
    }

    /** A public key, with a fresh {@code Signature} per token (the math dwarfs the lookup). */
    private record PublicKeyCheck(String javaAlgorithm, PublicKey key) implements SignatureCheck {
        @Override
        public boolean verify(byte[] input, byte[] signature) {
            try {
                Signature s = Signature.getInstance(javaAlgorithm);
                s.initVerify(key);
                s.update(input);
                return s.verify(signature);
            } catch (SignatureException e) {
                // e.g. a signature of the wrong length for the key: it does not verify
                return false;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(javaAlgorithm + " with a key that was checked at start-up failed", e);
            }
        }
    }

    /**
     * @param keys the keys of a codec
     */
    DirectVerifier(TokenKeys keys) {
        this.keys = keys;
    }

    /**
     * @param header the parsed header of a token that {@link AccessTokenCodec} already accepted
     * @return the check of its key, or empty if this header is not of the one shape taken here
     */
    Optional<SignatureCheck> checkFor(Map<String, Object> header) {
        if (!header.keySet().equals(HEADER_MEMBERS) || !keys.algorithm().jwsName().equals(header.get("alg"))
                || !AccessTokenCodec.TYPE.equals(header.get("typ")) || !(header.get("kid") instanceof String kid)) {
            return Optional.empty();
        }
        Optional<Key> key = keys.verificationKey(kid);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        try {
            switch (keys.algorithm()) {
                case HS256 -> {
                    Mac mac = Mac.getInstance("HmacSHA256");
                    mac.init(key.get());
                    return Optional.of(new HmacCheck(mac));
                }
                case RS256 -> {
                    return publicKeyCheck("SHA256withRSA", key.get());
                }
                case ES256 -> {
                    // JWS carries R||S (RFC 7518 section 3.4), which is the IEEE P1363 form
                    return publicKeyCheck("SHA256withECDSAinP1363Format", key.get());
                }
                case EDDSA -> {
                    return publicKeyCheck("EdDSA", key.get());
                }
                default -> {
                    return Optional.empty();
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a key that was checked at start-up cannot verify", e);
        }
    }

    private static Optional<SignatureCheck> publicKeyCheck(String javaAlgorithm, Key key)
            throws GeneralSecurityException {
        if (!(key instanceof PublicKey publicKey)) {
            return Optional.empty();
        }
        Signature.getInstance(javaAlgorithm).initVerify(publicKey);  // fails now rather than per token
        return Optional.of(new PublicKeyCheck(javaAlgorithm, publicKey));
    }

    /**
     * @param token a compact JWS in the shape {@link AccessTokenCodec#compactHeaderEnd} accepts
     * @param headerEnd the index of its first dot
     * @param signatureStart the index after its last dot
     * @param signature its signature, decoded and of the form {@link SignatureGuard} accepts
     * @param check what {@link #checkFor} gave for its header
     * @return its claims, signature verified, not yet validated
     * @throws InvalidTokenException {@code BAD_SIGNATURE} or {@code MALFORMED}
     */
    JwtClaims verify(String token, int headerEnd, int signatureStart, byte[] signature, SignatureCheck check) {
        if (!check.verify(token.substring(0, signatureStart - 1).getBytes(StandardCharsets.US_ASCII), signature)) {
            throw new InvalidTokenException(Reason.BAD_SIGNATURE);
        }
        byte[] payload;
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
