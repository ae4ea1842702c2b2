package io.github.servletauth.core.internal.token;

import io.github.servletauth.core.JwtAlgorithm;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The signature keys of another issuer's JWK Set, each with the algorithms it may verify: those of its kind
 * (an RSA key of at least 2048 bits: RS256, RS384, RS512, PS256; EC P-256: ES256; EC P-384: ES384; Ed25519:
 * EdDSA) that the configuration allows, narrowed to its own {@code alg} member when it has one. A set published
 * by an identity provider holds more than signature keys, so keys that cannot verify are left out rather than
 * refused: keys for encryption ({@code "use":"enc"}, an encryption {@code alg} such as {@code RSA-OAEP}, or
 * {@code key_ops} without {@code verify}), symmetric keys (a JWK Set is public; a secret in it proves nothing),
 * and keys of other kinds or sizes. Immutable and thread-safe.
 */
final class IssuerKeys {
    private static final Logger LOG = LoggerFactory.getLogger(IssuerKeys.class);
    private static final Set<JwtAlgorithm> RSA = EnumSet.of(JwtAlgorithm.RS256, JwtAlgorithm.RS384,
            JwtAlgorithm.RS512, JwtAlgorithm.PS256);

    /** A verification key and the algorithms it may verify (never empty). */
    record IssuerKey(String kid, PublicKey key, Set<JwtAlgorithm> algorithms) {
    }

    private final Map<String, List<IssuerKey>> byKid;
    private final List<IssuerKey> all;

    private IssuerKeys(List<IssuerKey> keys) {
        Map<String, List<IssuerKey>> map = new LinkedHashMap<>();
        for (IssuerKey k : keys) {
            map.computeIfAbsent(k.kid(), x -> new ArrayList<>()).add(k);
        }
        map.replaceAll((kid, list) -> List.copyOf(list));
        this.byKid = Collections.unmodifiableMap(map);
        this.all = List.copyOf(keys);
    }

    /**
     * @param jwksJson a JWK Set as the issuer publishes it
     * @param allowed the algorithms the configuration allows
     * @return its signature keys for those algorithms
     * @throws IllegalArgumentException if the set is not a JWK Set, or holds no key for an allowed algorithm
     */
    static IssuerKeys parse(String jwksJson, Set<JwtAlgorithm> allowed) {
        Map<String, Object> set;
        try {
            set = JsonUtil.parseJson(jwksJson);
        } catch (JoseException | RuntimeException e) {
            throw new IllegalArgumentException("the JWK Set is not valid JSON");
        }
        if (!(set.get("keys") instanceof List<?> entries)) {
            throw new IllegalArgumentException("the JWK Set has no \"keys\" array");
        }
        List<IssuerKey> keys = new ArrayList<>();
        for (Object entry : entries) {
            if (entry instanceof Map<?, ?> jwk) {
                IssuerKey key = signatureKey(jwk, allowed);
                if (key != null) {
                    keys.add(key);
                }
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("the JWK Set holds no signature key for auth.jwt.algorithm "
                    + names(allowed));
        }
        return new IssuerKeys(keys);
    }

    /** @return the keys with that {@code kid}; empty if none */
    List<IssuerKey> withKid(String kid) {
        return byKid.getOrDefault(kid, List.of());
    }

    /** @return every key, in the order of the set */
    List<IssuerKey> all() {
        return all;
    }

    /** @return the key as a signature key for the allowed algorithms, or {@code null} (logged) if it is none */
    @SuppressWarnings("unchecked")
    private static IssuerKey signatureKey(Map<?, ?> entry, Set<JwtAlgorithm> allowed) {
        String kid = entry.get("kid") instanceof String s && !s.isBlank() ? s : null;
        String skipped = skipReason(entry, allowed);
        if (skipped == null) {
            PublicJsonWebKey jwk;
            try {
                if (!(JsonWebKey.Factory.newJwk((Map<String, Object>) entry) instanceof PublicJsonWebKey pub)) {
                    return skip(kid, "it is not a public key");
                }
                jwk = pub;
            } catch (JoseException | RuntimeException e) {
                return skip(kid, "it is not a valid JWK");
            }
            Set<JwtAlgorithm> algorithms = kindOf(jwk.getPublicKey());
            algorithms.retainAll(allowed);
            if (jwk.getAlgorithm() != null) {
                algorithms.retainAll(EnumSet.of(JwtAlgorithm.fromName(jwk.getAlgorithm())));
            }
            if (algorithms.isEmpty()) {
                return skip(kid, "it fits no algorithm of auth.jwt.algorithm " + names(allowed));
            }
            return new IssuerKey(kid != null ? kid : KeyFile.thumbprint(jwk.getPublicKey()), jwk.getPublicKey(),
                    Collections.unmodifiableSet(algorithms));
        }
        return skip(kid, skipped);
    }

    /** @return why the members of a JWK exclude it from verifying, or {@code null} */
    private static String skipReason(Map<?, ?> entry, Set<JwtAlgorithm> allowed) {
        Object use = entry.get("use");
        if (use != null && !"sig".equals(use)) {
            return "it is marked \"use\":\"" + use + "\"";
        }
        Object ops = entry.get("key_ops");
        if (ops != null && !(ops instanceof List<?> list && list.contains("verify"))) {
            return "its key_ops do not include verify";
        }
        if ("oct".equals(entry.get("kty"))) {
            return "it is a symmetric key";
        }
        Object alg = entry.get("alg");
        if (alg != null) {
            JwtAlgorithm named = allowed.stream().filter(a -> a.jwsName().equals(alg)).findFirst().orElse(null);
            if (named == null) {
                // RSA-OAEP, ECDH-ES, ...: encryption; or a signature algorithm this webapp does not allow
                return "its \"alg\" is " + alg + ", not one of auth.jwt.algorithm " + names(allowed);
            }
        }
        return null;
    }

    private static Set<JwtAlgorithm> kindOf(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength() >= KeyChecks.MIN_RSA_BITS ? EnumSet.copyOf(RSA)
                    : EnumSet.noneOf(JwtAlgorithm.class);
        }
        if (key instanceof ECPublicKey ec) {
            String curve = EllipticCurves.getName(ec.getParams().getCurve());
            if (EllipticCurves.P_256.equals(curve)) {
                return EnumSet.of(JwtAlgorithm.ES256);
            }
            return EllipticCurves.P_384.equals(curve) ? EnumSet.of(JwtAlgorithm.ES384) : EnumSet.noneOf(JwtAlgorithm.class);
        }
        if (key instanceof EdECPublicKey ed && "Ed25519".equalsIgnoreCase(ed.getParams().getName())) {
            return EnumSet.of(JwtAlgorithm.EDDSA);
        }
        return EnumSet.noneOf(JwtAlgorithm.class);
    }

    private static IssuerKey skip(String kid, String why) {
        LOG.debug("Key {} of the issuer's JWK Set is not used to verify: {}", kid == null ? "without kid" : kid, why);
        return null;
    }

    private static String names(Set<JwtAlgorithm> algorithms) {
        List<String> names = new ArrayList<>();
        algorithms.forEach(a -> names.add(a.jwsName()));
        return String.join(",", names);
    }
}
