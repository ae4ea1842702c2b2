package io.github.servletauth.core.internal.token;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.ConfigurationException;
import io.github.servletauth.core.JwtAlgorithm;
import io.github.servletauth.core.internal.token.KeyFile.FileKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys access tokens are signed and verified with, all of the one configured algorithm. At most one key
 * signs; every key verifies (older secrets or public keys stay for rotation). Keys are found only by the
 * {@code kid} this set gives them, never from anything a token carries. Immutable and thread-safe.
 *
 * <pre>{@code
 * TokenKeys signing = TokenKeys.fromConfig(config, Optional.empty());      // the issuing application
 * TokenKeys checking = TokenKeys.forVerification(config);                  // a webapp that only verifies
 * TokenKeys published = TokenKeys.fromJwks(JwtAlgorithm.ES256, jwksJson);  // keys another instance publishes
 * }</pre>
 */
public final class TokenKeys {
    static final int MIN_SECRET_BYTES = 32;
    private static final String SECRET = "auth.jwt.secret";
    private static final byte[] KID_LABEL = "servlet-auth kid".getBytes(StandardCharsets.US_ASCII);

    private final JwtAlgorithm algorithm;
    private final Map<String, Key> verificationKeys;
    private final Key signingKey;
    private final String signingKeyId;
    private final String jwksJson;

    private TokenKeys(JwtAlgorithm algorithm, Map<String, Key> verificationKeys, Key signingKey,
                      String signingKeyId, String jwksJson) {
        this.algorithm = algorithm;
        this.verificationKeys = Collections.unmodifiableMap(new LinkedHashMap<>(verificationKeys));
        this.signingKey = signingKey;
        this.signingKeyId = signingKeyId;
        this.jwksJson = jwksJson;
    }

    /**
     * The signing key and the verification keys of a configuration: for HS256 {@code auth.jwt.secret} (or the
     * generated secret) signs and {@code auth.jwt.previous-secrets} also verify; for the other algorithms
     * {@code auth.jwt.key-file} holds them and {@code auth.jwt.key-id} picks the signing key.
     *
     * @param config a validated configuration
     * @param generatedSecret the embedded-mode secret, used for HS256 when {@code auth.jwt.secret} is not set
     * @return keys that sign and verify
     * @throws ConfigurationException naming {@code auth.jwt.secret}, {@code auth.jwt.key-file} or
     *         {@code auth.jwt.key-id} if the keys are missing, unreadable or do not fit the algorithm
     */
    public static TokenKeys fromConfig(AuthConfig config, Optional<byte[]> generatedSecret) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(generatedSecret, "generatedSecret");
        JwtAlgorithm algorithm = config.jwtAlgorithm();
        if (algorithm == JwtAlgorithm.HS256) {
            byte[] current = config.jwtSecret().or(() -> generatedSecret.map(byte[]::clone))
                    .orElseThrow(() -> new ConfigurationException(SECRET, "is required for HS256"));
            List<byte[]> secrets = new ArrayList<>();
            secrets.add(current);
            secrets.addAll(config.previousSecrets());
            return hmac(secrets, true);
        }
        Path file = keyFile(config);
        List<FileKey> keys = KeyFile.read(file, algorithm);
        FileKey signer = signer(keys, config.keyId(), file);
        if (!KeyChecks.matches(signer.privateKey(), signer.publicKey(), algorithm)) {
            throw new ConfigurationException(KeyFile.KEY_FILE, "the private part of key '" + signer.kid() + "' in "
                    + file + " does not match its public part");
        }
        return asymmetric(algorithm, keys, signer);
    }

    /**
     * Verification keys only, from the same settings as {@link #fromConfig}: the HS256 secrets, or the public
     * keys of {@code auth.jwt.key-file} (which then needs no private key). For a webapp that validates tokens
     * issued elsewhere.
     *
     * @param config a validated configuration; for HS256 with {@code auth.jwt.secret} set
     * @return keys that verify but cannot sign
     * @throws ConfigurationException naming the key at fault
     */
    public static TokenKeys forVerification(AuthConfig config) {
        Objects.requireNonNull(config, "config");
        if (config.jwtAlgorithm() == JwtAlgorithm.HS256) {
            byte[] current = config.jwtSecret().orElseThrow(() -> new ConfigurationException(SECRET,
                    "is required to verify HS256 tokens issued by another application"));
            List<byte[]> secrets = new ArrayList<>();
            secrets.add(current);
            secrets.addAll(config.previousSecrets());
            return hmac(secrets, false);
        }
        return fromPublicKeyFile(config.jwtAlgorithm(), keyFile(config));
    }

    /**
     * @param secrets HS256 secrets of at least 32 bytes each, current first
     * @return HS256 keys that verify but cannot sign
     * @throws ConfigurationException naming {@code auth.jwt.secret} if a secret is too short or none is given
     */
    public static TokenKeys forVerification(List<byte[]> secrets) {
        return hmac(List.copyOf(Objects.requireNonNull(secrets, "secrets")), false);
    }

    /**
     * @param algorithm RS256, ES256 or EdDSA
     * @param jwksJson a JWK Set such as {@link #jwksJson()} publishes; private parts, if any, are ignored
     * @return keys that verify but cannot sign
     * @throws ConfigurationException naming {@code auth.jwt.key-file} if the set is invalid or a key does not fit
     */
    public static TokenKeys fromJwks(JwtAlgorithm algorithm, String jwksJson) {
        requireAsymmetric(algorithm);
        Objects.requireNonNull(jwksJson, "jwksJson");
        return asymmetric(algorithm, KeyFile.parse(jwksJson, algorithm, "the JWK Set"), null);
    }

    /**
     * @param algorithm RS256, ES256 or EdDSA
     * @param file a JWK Set JSON file or a PEM file of {@code PUBLIC KEY} blocks; private keys, if any, are ignored
     * @return keys that verify but cannot sign
     * @throws ConfigurationException naming {@code auth.jwt.key-file}
     */
    public static TokenKeys fromPublicKeyFile(JwtAlgorithm algorithm, Path file) {
        requireAsymmetric(algorithm);
        return asymmetric(algorithm, KeyFile.read(Objects.requireNonNull(file, "file"), algorithm), null);
    }

    /** @return the one algorithm every key of this set is for */
    public JwtAlgorithm algorithm() {
        return algorithm;
    }

    /** @return whether this set holds a signing key (sets built for verification do not) */
    public boolean canSign() {
        return signingKey != null;
    }

    /**
     * @return the public verification keys as a JWK Set with {@code kid}, {@code alg} and {@code use}, and no
     *         private parts; {@code {"keys":[]}} for HS256, whose secrets are never exported
     */
    public String jwksJson() {
        return jwksJson;
    }

    /** @return the signing key: an {@link HmacKey} or a private key */
    Key signingKey() {
        if (signingKey == null) {
            throw new IllegalStateException("these keys only verify; build them with TokenKeys.fromConfig to sign");
        }
        return signingKey;
    }

    String signingKeyId() {
        signingKey();
        return signingKeyId;
    }

    /** @return the verification key with that kid, if this set has one */
    Optional<Key> verificationKey(String kid) {
        return Optional.ofNullable(verificationKeys.get(kid));
    }

    /** @return every verification key, the signing key's first */
    Collection<Key> verificationKeys() {
        return verificationKeys.values();
    }

    private static TokenKeys hmac(List<byte[]> secrets, boolean sign) {
        if (secrets.isEmpty()) {
            throw new ConfigurationException(SECRET, "is required for HS256");
        }
        Map<String, Key> keys = new LinkedHashMap<>();
        for (byte[] secret : secrets) {
            if (secret == null || secret.length < MIN_SECRET_BYTES) {
                throw new ConfigurationException(SECRET, "HS256 secrets need at least " + MIN_SECRET_BYTES + " bytes");
            }
            // a secret listed twice (current and previous) is one key
            keys.putIfAbsent(hmacKeyId(secret), new HmacKey(secret.clone()));
        }
        String signingKid = keys.keySet().iterator().next();
        return new TokenKeys(JwtAlgorithm.HS256, keys, sign ? keys.get(signingKid) : null, signingKid, "{\"keys\":[]}");
    }

    /** A kid that names the secret without revealing it: a one-way, keyed digest of a fixed label. */
    static String hmacKeyId(byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] digest = mac.doFinal(KID_LABEL);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }

    private static TokenKeys asymmetric(JwtAlgorithm algorithm, List<FileKey> keys, FileKey signer) {
        Map<String, Key> verification = new LinkedHashMap<>();
        if (signer != null) {
            verification.put(signer.kid(), signer.publicKey());
        }
        List<JsonWebKey> published = new ArrayList<>();
        for (FileKey k : keys) {
            verification.putIfAbsent(k.kid(), k.publicKey());
        }
        verification.forEach((kid, key) -> published.add(publicJwk(kid, (PublicKey) key, algorithm)));
        String jwks = new JsonWebKeySet(published).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        PrivateKey privateKey = signer == null ? null : signer.privateKey();
        return new TokenKeys(algorithm, verification, privateKey, signer == null ? null : signer.kid(), jwks);
    }

    private static JsonWebKey publicJwk(String kid, PublicKey key, JwtAlgorithm algorithm) {
        try {
            // built from the public key alone, so no private part can be written out
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key);
            jwk.setKeyId(kid);
            jwk.setAlgorithm(algorithm.jwsName());
            jwk.setUse("sig");
            return jwk;
        } catch (JoseException e) {
            throw new IllegalStateException("cannot express a checked public key as a JWK", e);
        }
    }

    private static FileKey signer(List<FileKey> keys, Optional<String> keyId, Path file) {
        if (keyId.isPresent()) {
            FileKey named = keys.stream().filter(k -> k.kid().equals(keyId.get())).findFirst()
                    .orElseThrow(() -> new ConfigurationException("auth.jwt.key-id", "no key of " + file
                            + " has kid '" + keyId.get() + "'"));
            if (named.privateKey() == null) {
                throw new ConfigurationException("auth.jwt.key-id", "key '" + keyId.get() + "' of " + file
                        + " is public only; the signing key needs its private part");
            }
            return named;
        }
        return keys.stream().filter(k -> k.privateKey() != null).findFirst()
                .orElseThrow(() -> new ConfigurationException(KeyFile.KEY_FILE, file
                        + " holds no private key to sign with"));
    }

    private static Path keyFile(AuthConfig config) {
        return config.keyFile().orElseThrow(() -> new ConfigurationException(KeyFile.KEY_FILE,
                "is required for auth.jwt.algorithm " + config.jwtAlgorithm().jwsName()));
    }

    private static void requireAsymmetric(JwtAlgorithm algorithm) {
        if (!Objects.requireNonNull(algorithm, "algorithm").isAsymmetric()) {
            throw new IllegalArgumentException("algorithm: HS256 keys are secrets; use forVerification(secrets)");
        }
    }
}
