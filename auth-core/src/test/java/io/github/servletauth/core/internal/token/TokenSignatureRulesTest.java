package io.github.servletauth.core.internal.token;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.InvalidTokenException.Reason;
import io.github.servletauth.core.JwtAlgorithm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.github.servletauth.core.internal.token.AccessTokenCodecTest.NOW;
import static io.github.servletauth.core.internal.token.AccessTokenCodecTest.TTL;
import static io.github.servletauth.core.internal.token.AccessTokenCodecTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of the README's "Token signatures" section, each through both verification paths (the direct one
 * for our own header shape, and jose4j's full JWS parsing), and for both kinds of codec: the issuing
 * application's, which accepts only low-s ECDSA signatures, and a peer verifier's, which accepts both.
 */
class TokenSignatureRulesTest {
    static final BigInteger N =
            new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

    @TempDir
    Path dir;
    MutableClock clock;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(NOW);
    }

    TokenKeys keys(JwtAlgorithm alg, List<TestKeys.Entry> entries, String signingKid) throws Exception {
        if (alg == JwtAlgorithm.HS256) {
            AuthConfig c = AuthConfig.builder().set("auth.jwt.secret", TestKeys.secret())
                    .set("auth.data-dir", dir.toString()).clock(clock).build();
            return TokenKeys.fromConfig(c, Optional.empty());
        }
        Path file = TestKeys.write(dir, "keys-" + alg + "-" + System.nanoTime() + ".json", TestKeys.jwks(entries));
        AuthConfig c = AuthConfig.builder().set("auth.jwt.algorithm", alg.jwsName())
                .set("auth.jwt.key-file", file.toString()).set("auth.jwt.key-id", signingKid).clock(clock).build();
        return TokenKeys.fromConfig(c, Optional.empty());
    }

    TokenKeys keys(JwtAlgorithm alg) throws Exception {
        return keys(alg, alg == JwtAlgorithm.HS256 ? List.of()
                : List.of(new TestKeys.Entry("k1", TestKeys.pair(alg), true)), "k1");
    }

    /** Four codecs, no cache: {direct, jose4j} × {low-s only (issuing application), either s (peer)}. */
    Map<String, AccessTokenCodec> codecs(TokenKeys keys) {
        Map<String, AccessTokenCodec> codecs = new LinkedHashMap<>();
        for (boolean direct : new boolean[] {true, false}) {
            for (boolean lowSOnly : new boolean[] {true, false}) {
                codecs.put((direct ? "direct" : "jose4j") + (lowSOnly ? ", low-s only" : ", either s"),
                        new AccessTokenCodec(keys, "servlet-auth", "servlet-auth", Duration.ofSeconds(30), TTL, clock,
                                0, direct, lowSOnly));
            }
        }
        return codecs;
    }

    /** A token of exactly these segments, signed with the JDK; an ES256 signature gets the low s. */
    static String signed(JwtAlgorithm alg, String headerSegment, String payloadSegment, java.security.Key key)
            throws Exception {
        String input = headerSegment + "." + payloadSegment;
        byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
        byte[] sig;
        if (alg == JwtAlgorithm.HS256) {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(key);
            sig = mac.doFinal(bytes);
        } else {
            Signature s = Signature.getInstance(switch (alg) {
                case RS256 -> "SHA256withRSA";
                case ES256 -> "SHA256withECDSAinP1363Format";
                default -> "Ed25519";
            });
            s.initSign((PrivateKey) key);
            s.update(bytes);
            sig = s.sign();
        }
        String token = input + "." + b64(sig);
        if (alg != JwtAlgorithm.ES256) {
            return token;
        }
        BigInteger[] rs = rs(token);
        return withSignature(token, rs[0], rs[1].min(N.subtract(rs[1])));
    }

    static String header(JwtAlgorithm alg, String kid) {
        return "{\"alg\":\"" + alg.jwsName() + "\",\"kid\":\"" + kid + "\",\"typ\":\"at+jwt\"}";
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static java.security.Key signingKey(JwtAlgorithm alg, TokenKeys keys) {
        return alg == JwtAlgorithm.HS256 ? keys.signingKey() : TestKeys.pair(alg).getPrivate();
    }

    static String kid(JwtAlgorithm alg, TokenKeys keys) {
        return alg == JwtAlgorithm.HS256 ? keys.signingKeyId() : "k1";
    }

    /** The same bytes, spelled with the unused low bits of the last character set: not the canonical text. */
    static String nonCanonical(String segment) {
        int unusedBits = switch (segment.length() % 4) {
            case 2 -> 4;
            case 3 -> 2;
            default -> throw new IllegalArgumentException("no unused bits in a segment of " + segment.length());
        };
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(segment.charAt(segment.length() - 1));
        String spelled = segment.substring(0, segment.length() - 1) + alphabet.charAt(last | (1 << unusedBits) - 1);
        assertThat(Base64.getUrlDecoder().decode(spelled)).isEqualTo(Base64.getUrlDecoder().decode(segment));
        assertThat(spelled).isNotEqualTo(segment);
        return spelled;
    }

    /** A payload segment with unused bits: the claims JSON, with leading spaces until its length allows them. */
    static String payloadWithUnusedBits() {
        String json = AccessTokenCodecTest.claims().toJson();
        while (TestKeys.b64(json).length() % 4 == 0) {
            json = " " + json;
        }
        return TestKeys.b64(json);
    }

    @ParameterizedTest
    @EnumSource(value = JwtAlgorithm.class, names = {"HS256", "RS256", "ES256", "EDDSA"})
    void verifyWhenSignatureTextNotCanonicalThenBadSignatureOnBothPaths(JwtAlgorithm alg) throws Exception {
        TokenKeys keys = keys(alg);
        String good = signed(alg, TestKeys.b64(header(alg, kid(alg, keys))),
                TestKeys.b64(AccessTokenCodecTest.claims().toJson()), signingKey(alg, keys));
        int sig = good.lastIndexOf('.') + 1;
        String respelled = good.substring(0, sig) + nonCanonical(good.substring(sig));

        for (Map.Entry<String, AccessTokenCodec> c : codecs(keys).entrySet()) {
            assertThat(c.getValue().verify(good).userId()).as(c.getKey()).isEqualTo(42);
            assertRefused(c.getValue(), respelled, Reason.BAD_SIGNATURE);
        }
    }

    @ParameterizedTest
    @EnumSource(value = JwtAlgorithm.class, names = {"HS256", "RS256", "ES256", "EDDSA"})
    void verifyWhenHeaderOrPayloadTextNotCanonicalThenMalformedEvenIfSignedOnBothPaths(JwtAlgorithm alg)
            throws Exception {
        TokenKeys keys = keys(alg);
        String kid = kid(alg, keys);
        String headerJson = header(alg, kid);
        while (TestKeys.b64(headerJson).length() % 4 == 0) {
            headerJson = headerJson.replace("{", "{ ");
        }
        String header = TestKeys.b64(headerJson);
        String payload = payloadWithUnusedBits();
        String good = signed(alg, header, payload, signingKey(alg, keys));
        // signed over the respelled text: only a key holder could make these, but one token must have one text
        String headerRespelled = signed(alg, nonCanonical(header), payload, signingKey(alg, keys));
        String payloadRespelled = signed(alg, header, nonCanonical(payload), signingKey(alg, keys));

        for (Map.Entry<String, AccessTokenCodec> c : codecs(keys).entrySet()) {
            assertThat(c.getValue().verify(good).userId()).as(c.getKey()).isEqualTo(42);
            assertRefused(c.getValue(), headerRespelled, Reason.MALFORMED);
            assertRefused(c.getValue(), payloadRespelled, Reason.MALFORMED);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"crit\":[]", "\"crit\":[\"b64\"],\"b64\":true", "\"crit\":[\"exp\"],\"exp\":1",
            "\"crit\":[\"kid\"]", "\"crit\":\"b64\",\"b64\":true", "\"crit\":null"})
    void verifyWhenCritHeaderThenMalformedOnBothPaths(String crit) throws Exception {
        TokenKeys keys = keys(JwtAlgorithm.HS256);
        String headerJson = "{\"alg\":\"HS256\",\"kid\":\"" + keys.signingKeyId() + "\",\"typ\":\"at+jwt\"," + crit
                + "}";
        String token = signed(JwtAlgorithm.HS256, TestKeys.b64(headerJson),
                TestKeys.b64(AccessTokenCodecTest.claims().toJson()), keys.signingKey());

        for (AccessTokenCodec codec : codecs(keys).values()) {
            assertRefused(codec, token, Reason.MALFORMED);
        }
    }

    /** An ES256 token with these r and s, 32 bytes each, in place of its signature. */
    static String withSignature(String token, BigInteger r, BigInteger s) {
        return token.substring(0, token.lastIndexOf('.') + 1) + b64(concat(fixed32(r), fixed32(s)));
    }

    static BigInteger[] rs(String token) {
        byte[] sig = Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
        return new BigInteger[] {new BigInteger(1, Arrays.copyOfRange(sig, 0, 32)),
                new BigInteger(1, Arrays.copyOfRange(sig, 32, 64))};
    }

    static byte[] fixed32(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A good ES256 token of our header shape with a low s, and one without a kid (jose4j decides it). */
    List<String> lowSTokens(TokenKeys keys) throws Exception {
        List<String> tokens = new ArrayList<>();
        for (String headerJson : List.of(header(JwtAlgorithm.ES256, "k1"), "{\"alg\":\"ES256\",\"typ\":\"at+jwt\"}")) {
            tokens.add(signed(JwtAlgorithm.ES256, TestKeys.b64(headerJson),
                    TestKeys.b64(AccessTokenCodecTest.claims().toJson()), TestKeys.pair(JwtAlgorithm.ES256).getPrivate()));
        }
        return tokens;
    }

    @Test
    void verifyWhenEs256ValueZeroOrNotBelowCurveOrderThenBadSignatureBeforeTheJdkOnBothPaths() throws Exception {
        TokenKeys keys = keys(JwtAlgorithm.ES256);
        Map<String, AccessTokenCodec> codecs = codecs(keys);
        try (UnpatchedJdk jdk = UnpatchedJdk.install()) {
            for (String good : lowSTokens(keys)) {
                BigInteger r = rs(good)[0];
                BigInteger s = rs(good)[1];
                BigInteger n1 = N.add(BigInteger.ONE);
                Map<String, String> forged = new LinkedHashMap<>();
                forged.put("r = s = 0 (CVE-2022-21449)", withSignature(good, BigInteger.ZERO, BigInteger.ZERO));
                forged.put("r = s = n", withSignature(good, N, N));
                forged.put("r = 0, s = n", withSignature(good, BigInteger.ZERO, N));
                forged.put("r = 0", withSignature(good, BigInteger.ZERO, s));
                forged.put("s = 0", withSignature(good, r, BigInteger.ZERO));
                forged.put("r = n", withSignature(good, N, s));
                forged.put("s = n", withSignature(good, r, N));
                forged.put("r = n + 1", withSignature(good, n1, s));
                forged.put("s = n + 1", withSignature(good, r, n1));
                forged.put("r = 2^256 - 1", withSignature(good, BigInteger.TWO.pow(256).subtract(BigInteger.ONE), s));
                forged.put("63 bytes", good.substring(0, good.lastIndexOf('.') + 1)
                        + b64(Arrays.copyOf(Base64.getUrlDecoder().decode(good.substring(good.lastIndexOf('.') + 1)),
                        63)));
                assertRefusedBeforeTheJdk(jdk, codecs, good, forged);
            }
        }
    }

    @Test
    void verifyWhenRsaSignatureLengthNotModulusLengthThenBadSignatureBeforeTheJdkOnBothPaths() throws Exception {
        TokenKeys keys = keys(JwtAlgorithm.RS256);
        PrivateKey key = TestKeys.pair(JwtAlgorithm.RS256).getPrivate();
        String payload = TestKeys.b64(AccessTokenCodecTest.claims().toJson());
        try (UnpatchedJdk jdk = UnpatchedJdk.install()) {
            for (String headerJson : List.of(header(JwtAlgorithm.RS256, "k1"), "{\"alg\":\"RS256\",\"typ\":\"at+jwt\"}")) {
                String good = signed(JwtAlgorithm.RS256, TestKeys.b64(headerJson), payload, key);
                String input = good.substring(0, good.lastIndexOf('.') + 1);
                byte[] sig = Base64.getUrlDecoder().decode(good.substring(input.length()));
                Map<String, String> forged = new LinkedHashMap<>();
                forged.put("leading zero added", input + b64(concat(new byte[1], sig)));
                forged.put("first byte dropped", input + b64(Arrays.copyOfRange(sig, 1, sig.length)));
                forged.put("trailing zero added", input + b64(concat(sig, new byte[1])));
                forged.put("doubled", input + b64(concat(sig, sig)));
                forged.put("empty", input);
                assertRefusedBeforeTheJdk(jdk, codecs(keys), good, forged);
            }
        }
    }

    @Test
    void verifyWhenNoKidAndRsaKeysOfSeveralSizesThenOnlyTheKeyOfTheSignaturesLengthIsTried() throws Exception {
        KeyPair small = TestKeys.pair(JwtAlgorithm.RS256);
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(3072);
        KeyPair large = g.generateKeyPair();
        // the signing key is listed first: the 2048-bit one, while the token was signed by the 3072-bit one
        TokenKeys keys = keys(JwtAlgorithm.RS256, List.of(new TestKeys.Entry("small", small, true),
                new TestKeys.Entry("large", large, false)), "small");
        String token = signed(JwtAlgorithm.RS256, TestKeys.b64("{\"alg\":\"RS256\",\"typ\":\"at+jwt\"}"),
                TestKeys.b64(AccessTokenCodecTest.claims().toJson()), large.getPrivate());
        try (UnpatchedJdk jdk = UnpatchedJdk.install()) {
            for (Map.Entry<String, AccessTokenCodec> c : codecs(keys).entrySet()) {
                int before = jdk.verifications();
                assertThat(c.getValue().verify(token).userId()).as(c.getKey()).isEqualTo(42);
                // the 2048-bit key is never offered the 384-byte signature
                assertThat(jdk.verifications()).as(c.getKey()).isEqualTo(before + 1);
            }
        }
    }

    @Test
    void verifyWhenEs256HighSThenRefusedByIssuingCodecAndAcceptedByPeerCodecOnBothPaths() throws Exception {
        TokenKeys keys = keys(JwtAlgorithm.ES256);
        for (String low : lowSTokens(keys)) {
            BigInteger[] rs = rs(low);
            String high = withSignature(low, rs[0], N.subtract(rs[1]));
            for (Map.Entry<String, AccessTokenCodec> c : codecs(keys).entrySet()) {
                assertThat(c.getValue().verify(low).userId()).as(c.getKey()).isEqualTo(42);
                if (c.getKey().endsWith("low-s only")) {
                    assertRefused(c.getValue(), high, Reason.BAD_SIGNATURE);
                } else {
                    assertThat(c.getValue().verify(high).userId()).as(c.getKey()).isEqualTo(42);
                }
            }
        }
    }

    @Test
    void issueWhenEs256ThenEverySignatureHasLowSAndVerifiesOnBothPaths() throws Exception {
        TokenKeys keys = keys(JwtAlgorithm.ES256);
        Map<String, AccessTokenCodec> codecs = codecs(keys);
        AccessTokenCodec issuer = codecs.values().iterator().next();
        // a JDK signer gives a high s about half the time: 64 tokens all low by chance is 1 in 2^64
        for (int i = 0; i < 64; i++) {
            String token = issuer.issue(42, "alice", Set.of("user"), "sid-" + i, "jti-" + i, NOW, NOW.plus(TTL));
            BigInteger s = rs(token)[1];
            assertThat(s).isPositive().isLessThanOrEqualTo(N.shiftRight(1));
            for (Map.Entry<String, AccessTokenCodec> c : codecs.entrySet()) {
                assertThat(c.getValue().verify(token).sessionId()).as(c.getKey()).isEqualTo("sid-" + i);
            }
        }
    }

    /**
     * Each codec verifies {@code good} through the stand-in JDK (one call it sees), and refuses every forgery as
     * {@code BAD_SIGNATURE} without a single call reaching it.
     */
    private static void assertRefusedBeforeTheJdk(UnpatchedJdk jdk, Map<String, AccessTokenCodec> codecs, String good,
                                                  Map<String, String> forged) {
        for (Map.Entry<String, AccessTokenCodec> c : codecs.entrySet()) {
            int before = jdk.verifications();
            assertThat(c.getValue().verify(good).userId()).as(c.getKey()).isEqualTo(42);
            assertThat(jdk.verifications()).as("the stand-in sees %s", c.getKey()).isEqualTo(before + 1);
            for (Map.Entry<String, String> f : forged.entrySet()) {
                int seen = jdk.verifications();
                assertRefused(c.getValue(), f.getValue(), Reason.BAD_SIGNATURE);
                assertThat(jdk.verifications()).as("%s, %s: refused before the JDK", c.getKey(), f.getKey())
                        .isEqualTo(seen);
            }
        }
    }
}
