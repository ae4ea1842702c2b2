package io.github.servletauth.servlet.testing;

import io.github.servletauth.servlet.internal.JsonReader;
import io.github.servletauth.servlet.internal.JsonWriter;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Tokens an attacker could make from a genuine one, or with the secret but breaking our rules. */
public final class Forgeries {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Forgeries() {
    }

    public static String payloadJson(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    public static String algNone(String genuine) {
        String header = B64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + genuine.split("\\.")[1] + ".";
    }

    public static String otherAlgorithm(String genuine, byte[] secret) throws Exception {
        return sign(payloadJson(genuine), AlgorithmIdentifiers.HMAC_SHA512, secret);
    }

    public static String badSignature(String genuine) {
        String[] parts = genuine.split("\\.");
        char[] sig = parts[2].toCharArray();
        int i = sig.length / 2;
        sig[i] = sig[i] == 'A' ? 'B' : 'A';
        return parts[0] + "." + parts[1] + "." + new String(sig);
    }

    /** Grants itself the admin role, keeping the original signature. */
    @SuppressWarnings("unchecked")
    public static String editedClaims(String genuine) {
        String[] parts = genuine.split("\\.");
        Map<String, Object> claims = new LinkedHashMap<>((Map<String, Object>) JsonReader.parse(payloadJson(genuine)));
        claims.put("roles", java.util.List.of("user", "admin"));
        String payload = B64.encodeToString(JsonWriter.write(claims).getBytes(StandardCharsets.UTF_8));
        return parts[0] + "." + payload + "." + parts[2];
    }

    /** Signed with the attacker's own RSA key, which it offers in the {@code jwk} header (CVE-2018-0114 style). */
    public static String embeddedJwk(String genuine) throws Exception {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(payloadJson(genuine));
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setJwkHeader(PublicJsonWebKey.Factory.newPublicJwk(key.getPublicKey()));
        jws.setKey(key.getPrivateKey());
        return jws.getCompactSerialization();
    }

    /**
     * Correctly signed with the real secret, but far larger than any token we issue (and still small enough
     * for Jetty's default 8 KiB header limit, so it is our check that refuses it).
     */
    @SuppressWarnings("unchecked")
    public static String oversized(String genuine, byte[] secret) throws Exception {
        Map<String, Object> claims = new LinkedHashMap<>((Map<String, Object>) JsonReader.parse(payloadJson(genuine)));
        claims.put("pad", "x".repeat(3500));
        return sign(JsonWriter.write(claims), AlgorithmIdentifiers.HMAC_SHA256, secret);
    }

    public static String sign(String payload, String alg, byte[] secret) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(payload);
        jws.setAlgorithmHeaderValue(alg);
        jws.setHeader("typ", "JWT");
        jws.setKey(new HmacKey(secret));
        jws.setDoKeyValidation(false);
        return jws.getCompactSerialization();
    }
}
