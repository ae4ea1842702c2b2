package io.github.servletauth.core.internal.token;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.JwtAlgorithm;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Key pairs generated once per test run, key files written from them, and tokens forged with jose4j. Public
 * where the tests of the public API (such as {@code JwtVerifierTest}) need it.
 */
public final class TestKeys {
    private static final Map<JwtAlgorithm, KeyPair> PAIRS = new EnumMap<>(JwtAlgorithm.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestKeys() {
    }

    /** @return a key pair for the algorithm, the same one for every caller */
    public static synchronized KeyPair pair(JwtAlgorithm algorithm) {
        return PAIRS.computeIfAbsent(algorithm, TestKeys::generate);
    }

    /** @return a fresh key pair, distinct from {@link #pair} */
    public static KeyPair generate(JwtAlgorithm algorithm) {
        try {
            switch (algorithm) {
                case RS256, RS384, RS512, PS256 -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(2048);
                    return g.generateKeyPair();
                }
                case ES256 -> {
                    return ec("secp256r1");
                }
                case EDDSA -> {
                    return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                }
                case ES384 -> {
                    return ec("secp384r1");
                }
                default -> throw new IllegalArgumentException("HS256 has no key pair");
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    /** @return a random HS256 secret in the form auth.jwt.secret accepts */
    public static String secret() {
        byte[] b = new byte[48];
        RANDOM.nextBytes(b);
        return "base64:" + Base64.getEncoder().encodeToString(b);
    }

    static byte[] secretBytes(String configured) {
        return Base64.getDecoder().decode(configured.substring("base64:".length()));
    }

    /** @return PKCS#8 private key then public key, as openssl genpkey + openssl pkey -pubout write them */
    public static String pem(KeyPair pair) {
        return block("PRIVATE KEY", pair.getPrivate().getEncoded()) + block("PUBLIC KEY", pair.getPublic().getEncoded());
    }

    public static String block(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /** A key of a JWK Set; written with its private part only if {@code withPrivate}. */
    public record Entry(String kid, KeyPair pair, boolean withPrivate) {
    }

    public static String jwks(List<Entry> entries) {
        List<String> keys = new ArrayList<>();
        for (Entry e : entries) {
            try {
                PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(e.pair().getPublic());
                if (e.withPrivate()) {
                    jwk.setPrivateKey(e.pair().getPrivate());
                }
                if (e.kid() != null) {
                    jwk.setKeyId(e.kid());
                }
                keys.add(jwk.toJson(e.withPrivate() ? JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE
                        : JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        }
        return "{\"keys\":[" + String.join(",", keys) + "]}";
    }

    /**
     * @return a codec signing with the key {@code kid} of {@code entries}, written as a key file into {@code dir}
     */
    public static AccessTokenCodec issuer(Path dir, JwtAlgorithm alg, List<Entry> entries, String kid)
            throws Exception {
        Path file = write(dir, "issuer-" + kid + "-" + System.nanoTime() + ".json", jwks(entries));
        AuthConfig cfg = AuthConfig.builder().set("auth.jwt.algorithm", alg.jwsName())
                .set("auth.jwt.key-file", file.toString()).set("auth.jwt.key-id", kid).build();
        return new AccessTokenCodec(TokenKeys.fromConfig(cfg, Optional.empty()), cfg);
    }

    /** @return a token for user 42, {@code zoe}, role admin, valid 15 minutes from now */
    public static String mint(AccessTokenCodec issuer) {
        Instant now = Instant.now();
        return issuer.issue(42, "zoe", Set.of("admin"), "sid-1", "jti-1", now, now.plus(Duration.ofMinutes(15)));
    }

    public static Path write(Path dir, String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    /** Signs any claims with any headers: the attacker's (or a buggy issuer's) view of a token. */
    static String forge(String alg, String kid, String typ, JwtClaims claims, Key key) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setAlgorithmHeaderValue(alg);
            if (kid != null) {
                jws.setKeyIdHeaderValue(kid);
            }
            if (typ != null) {
                jws.setHeader("typ", typ);
            }
            jws.setKey(key);
            jws.setDoKeyValidation(false);
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
