package io.github.servletauth.core.internal.token;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.InvalidTokenException;
import io.github.servletauth.core.JwtAlgorithm;
import io.github.servletauth.core.VerifiedToken;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DirectVerifier} must decide every token exactly as jose4j's full verification does: the same claims
 * for a good token, the same reason for a bad one. Each case runs through a codec with the fast path and one
 * without (no cache in either, so every call is a full verification) and the outcomes are compared.
 */
class DirectVerifierTest {
    static final java.time.Instant NOW = AccessTokenCodecTest.NOW;
    static final Duration TTL = AccessTokenCodecTest.TTL;

    @TempDir
    Path dir;
    MutableClock clock;
    TokenKeys keys;
    AccessTokenCodec fast;
    AccessTokenCodec full;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(NOW);
        AuthConfig config = AuthConfig.builder().set("auth.jwt.secret", TestKeys.secret())
                .set("auth.data-dir", dir.toString()).clock(clock).build();
        keys = TokenKeys.fromConfig(config, Optional.empty());
        fast = new AccessTokenCodec(keys, "servlet-auth", "servlet-auth", Duration.ofSeconds(30), TTL, clock, 0, true,
                false);
        full = new AccessTokenCodec(keys, "servlet-auth", "servlet-auth", Duration.ofSeconds(30), TTL, clock, 0,
                false, false);
    }

    static String outcome(AccessTokenCodec codec, String token) {
        try {
            VerifiedToken v = codec.verify(token);
            return "ok " + v;
        } catch (InvalidTokenException e) {
            return "refused " + e.reason();
        }
    }

    /** A token with this exact header JSON and payload text, HMAC-signed with {@code key}. */
    static String sign(String headerJson, String payload, Key key) {
        try {
            String input = TestKeys.b64(headerJson) + "." + TestKeys.b64(payload);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] sig = mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String header(String extra) {
        return "{\"alg\":\"HS256\",\"kid\":\"" + keys.signingKeyId() + "\",\"typ\":\"at+jwt\"" + extra + "}";
    }

    static String claims(Consumer<JwtClaims> edit) {
        JwtClaims c = AccessTokenCodecTest.claims();
        edit.accept(c);
        return c.toJson();
    }

    Map<String, String> cases() {
        Key key = keys.signingKey();
        Key other = new SecretKeySpec(TestKeys.secretBytes(TestKeys.secret()), "HmacSHA256");
        String good = sign(header(""), claims(c -> { }), key);
        String[] parts = good.split("\\.");
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("good", good);
        cases.put("issued by the codec", fast.issue(7, "bob", java.util.Set.of("user", "admin"), "sid-7", "jti-7", NOW,
                NOW.plus(TTL)));
        cases.put("members reordered", sign("{\"typ\":\"at+jwt\",\"kid\":\"" + keys.signingKeyId()
                + "\",\"alg\":\"HS256\"}", claims(c -> { }), key));
        cases.put("payload swapped, signature kept", parts[0] + "." + TestKeys.b64(claims(c -> c.setSubject("43")))
                + "." + parts[2]);
        cases.put("other key", sign(header(""), claims(c -> { }), other));
        cases.put("signature truncated", good.substring(0, good.length() - 1));
        cases.put("signature one char short of a byte", good.substring(0, good.length() - 2));
        cases.put("signature extended", good + "AAAA");
        cases.put("signature empty", parts[0] + "." + parts[1] + ".");
        cases.put("signature last char flipped", good.substring(0, good.length() - 1)
                + (good.endsWith("A") ? "B" : "A"));
        cases.put("signature not canonical", parts[0] + "." + parts[1] + "."
                + TokenSignatureRulesTest.nonCanonical(parts[2]));
        cases.put("payload not base64 length", parts[0] + "." + parts[1] + "A." + parts[2]);
        cases.put("payload not JSON", sign(header(""), "not json", key));
        cases.put("payload a JSON array", sign(header(""), "[1,2]", key));
        cases.put("payload a JSON string", sign(header(""), "\"x\"", key));
        cases.put("payload empty object", sign(header(""), "{}", key));
        cases.put("payload duplicate member", sign(header(""), claims(c -> { }).replace("{", "{\"sub\":\"1\","), key));
        cases.put("payload trailing garbage", sign(header(""), claims(c -> { }) + "x", key));
        cases.put("expired", sign(header(""), claims(c -> c.setExpirationTime(NumericDate.fromSeconds(
                NOW.minusSeconds(31).getEpochSecond()))), key));
        cases.put("expired within skew", sign(header(""), claims(c -> c.setExpirationTime(NumericDate.fromSeconds(
                NOW.minusSeconds(29).getEpochSecond()))), key));
        cases.put("exp missing", sign(header(""), claims(c -> c.unsetClaim("exp")), key));
        cases.put("exp a string", sign(header(""), claims(c -> c.setClaim("exp", "soon")), key));
        cases.put("exp too far", sign(header(""), claims(c -> c.setExpirationTime(NumericDate.fromSeconds(
                NOW.plus(TTL).plusSeconds(31).getEpochSecond()))), key));
        cases.put("iat missing", sign(header(""), claims(c -> c.unsetClaim("iat")), key));
        cases.put("iat in the future", sign(header(""), claims(c -> c.setIssuedAt(NumericDate.fromSeconds(
                NOW.plusSeconds(31).getEpochSecond()))), key));
        cases.put("nbf in the future", sign(header(""), claims(c -> c.setNotBefore(NumericDate.fromSeconds(
                NOW.plusSeconds(60).getEpochSecond()))), key));
        cases.put("iss wrong", sign(header(""), claims(c -> c.setIssuer("evil")), key));
        cases.put("iss missing", sign(header(""), claims(c -> c.unsetClaim("iss")), key));
        cases.put("aud wrong", sign(header(""), claims(c -> c.setAudience("other")), key));
        cases.put("aud list with ours", sign(header(""), claims(c -> c.setAudience("other", "servlet-auth")), key));
        cases.put("aud missing", sign(header(""), claims(c -> c.unsetClaim("aud")), key));
        cases.put("sub missing", sign(header(""), claims(c -> c.unsetClaim("sub")), key));
        cases.put("sub a number", sign(header(""), claims(c -> c.setClaim("sub", 42)), key));
        cases.put("sub not user_id", sign(header(""), claims(c -> c.setSubject("41")), key));
        cases.put("jti missing", sign(header(""), claims(c -> c.unsetClaim("jti")), key));
        cases.put("roles missing", sign(header(""), claims(c -> c.unsetClaim("roles")), key));
        cases.put("roles not a list", sign(header(""), claims(c -> c.setClaim("roles", "admin")), key));
        cases.put("user_id a string", sign(header(""), claims(c -> c.setClaim("user_id", "42")), key));
        cases.put("several problems", sign(header(""), claims(c -> {
            c.setIssuer("evil");
            c.unsetClaim("jti");
            c.setExpirationTime(NumericDate.fromSeconds(NOW.minusSeconds(3600).getEpochSecond()));
        }), key));
        // headers outside the one shape: decided by jose4j's full path in both codecs
        cases.put("no kid", sign("{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}", claims(c -> { }), key));
        cases.put("unknown kid", sign("{\"alg\":\"HS256\",\"kid\":\"nope\",\"typ\":\"at+jwt\"}", claims(c -> { }),
                key));
        cases.put("typ upper case", sign("{\"alg\":\"HS256\",\"kid\":\"" + keys.signingKeyId()
                + "\",\"typ\":\"AT+JWT\"}", claims(c -> { }), key));
        cases.put("typ with application/", sign("{\"alg\":\"HS256\",\"kid\":\"" + keys.signingKeyId()
                + "\",\"typ\":\"application/at+jwt\"}", claims(c -> { }), key));
        cases.put("typ JWT", sign("{\"alg\":\"HS256\",\"kid\":\"" + keys.signingKeyId() + "\",\"typ\":\"JWT\"}",
                claims(c -> { }), key));
        cases.put("typ missing", sign("{\"alg\":\"HS256\",\"kid\":\"" + keys.signingKeyId() + "\"}",
                claims(c -> { }), key));
        cases.put("alg none", TestKeys.b64("{\"alg\":\"none\",\"kid\":\"" + keys.signingKeyId()
                + "\",\"typ\":\"at+jwt\"}") + "." + TestKeys.b64(claims(c -> { })) + ".");
        cases.put("alg HS384", sign("{\"alg\":\"HS384\",\"kid\":\"" + keys.signingKeyId()
                + "\",\"typ\":\"at+jwt\"}", claims(c -> { }), key));
        cases.put("crit", sign(header(",\"crit\":[\"exp\"],\"exp\":1"), claims(c -> { }), key));
        cases.put("crit empty", sign(header(",\"crit\":[]"), claims(c -> { }), key));
        cases.put("b64 false", sign(header(",\"b64\":false,\"crit\":[\"b64\"]"), claims(c -> { }), key));
        cases.put("cty JWT", sign(header(",\"cty\":\"JWT\""), claims(c -> { }), key));
        cases.put("jwk member", sign(header(",\"jwk\":{\"kty\":\"oct\",\"k\":\"AAAA\"}"), claims(c -> { }), key));
        cases.put("duplicate alg member", sign("{\"alg\":\"none\",\"alg\":\"HS256\",\"kid\":\""
                + keys.signingKeyId() + "\",\"typ\":\"at+jwt\"}", claims(c -> { }), key));
        cases.put("header not JSON", sign("alg HS256", claims(c -> { }), key));
        return cases;
    }

    @Test
    void verifyWhenFastPathThenEveryOutcomeAsJose4jFullVerification() {
        List<String> compared = new ArrayList<>();
        for (Map.Entry<String, String> c : cases().entrySet()) {
            String viaFast = outcome(fast, c.getValue());
            String viaFull = outcome(full, c.getValue());
            assertThat(viaFast).as(c.getKey()).isEqualTo(viaFull);
            compared.add(c.getKey() + ": " + viaFast.substring(0, Math.min(viaFast.length(), 40)));
        }
        // the comparison is only worth something if both kinds of outcome occur
        assertThat(compared).anyMatch(s -> s.contains(": ok")).anyMatch(s -> s.contains("refused BAD_SIGNATURE"))
                .anyMatch(s -> s.contains("refused EXPIRED")).anyMatch(s -> s.contains("refused MISSING_CLAIM"))
                .anyMatch(s -> s.contains("refused WRONG_ISSUER"));
    }

    /**
     * What {@link DirectVerifier} says of a token's header. A header that is not even a JSON object never gets
     * there (the codec refuses it as malformed first), so it does not take the direct path either.
     */
    static Optional<DirectVerifier.SignatureCheck> checkFor(DirectVerifier direct, String token) {
        String json = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                StandardCharsets.UTF_8);
        try {
            return direct.checkFor(JsonUtil.parseJson(json));
        } catch (JoseException e) {
            return Optional.empty();
        }
    }

    @Test
    void checkForWhenOurHeaderShapeThenCheckElseEmptyForJose4j() {
        DirectVerifier direct = new DirectVerifier(keys);
        String good = cases().get("good");
        assertThat(checkFor(direct, good)).isPresent();
        String issued = cases().get("issued by the codec");
        assertThat(checkFor(direct, issued)).as("the codec's own tokens take it").isPresent();
        for (String name : List.of("no kid", "unknown kid", "typ upper case", "typ with application/", "crit",
                "crit empty", "b64 false", "cty JWT", "jwk member", "alg HS384", "duplicate alg member", "header not JSON")) {
            String token = cases().get(name);
            assertThat(checkFor(direct, token)).as(name).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(value = JwtAlgorithm.class, names = {"RS256", "ES256", "EDDSA"})
    void verifyWhenPublicKeyAlgorithmThenEveryOutcomeAsJose4jFullVerification(JwtAlgorithm alg) throws Exception {
        KeyPair pair = TestKeys.pair(alg);
        KeyPair stranger = TestKeys.generate(alg);
        Path file = TestKeys.write(dir, "keys-" + alg + ".json",
                TestKeys.jwks(List.of(new TestKeys.Entry("k1", pair, true))));
        AuthConfig cfg = AuthConfig.builder().set("auth.jwt.algorithm", alg.jwsName())
                .set("auth.jwt.key-file", file.toString()).set("auth.jwt.key-id", "k1").clock(clock).build();
        TokenKeys pk = TokenKeys.fromConfig(cfg, Optional.empty());
        AccessTokenCodec viaDirect = new AccessTokenCodec(pk, "servlet-auth", "servlet-auth", Duration.ofSeconds(30),
                TTL, clock, 0, true, false);
        AccessTokenCodec viaJose4j = new AccessTokenCodec(pk, "servlet-auth", "servlet-auth", Duration.ofSeconds(30),
                TTL, clock, 0, false, false);
        String n = alg.jwsName();
        String good = TestKeys.forge(n, "k1", "at+jwt", AccessTokenCodecTest.claims(), pair.getPrivate());
        String[] parts = good.split("\\.");
        byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
        sig[sig.length / 2] ^= 1;
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("good", good);
        cases.put("issued by the codec", viaDirect.issue(7, "bob", java.util.Set.of("user"), "sid-7", "jti-7", NOW,
                NOW.plus(TTL)));
        cases.put("payload swapped", parts[0] + "." + TestKeys.b64(claims(c -> c.setSubject("43"))) + "." + parts[2]);
        cases.put("signature bit flipped", parts[0] + "." + parts[1] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(sig));
        cases.put("signature truncated", good.substring(0, good.length() - 4));
        cases.put("signature empty", parts[0] + "." + parts[1] + ".");
        cases.put("signature doubled", good + parts[2]);
        cases.put("signature not canonical", parts[0] + "." + parts[1] + "."
                + TokenSignatureRulesTest.nonCanonical(parts[2]));
        cases.put("signature all zero bytes", parts[0] + "." + parts[1] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[sig.length]));
        cases.put("other key", TestKeys.forge(n, "k1", "at+jwt", AccessTokenCodecTest.claims(), stranger.getPrivate()));
        cases.put("expired", TestKeys.forge(n, "k1", "at+jwt", edit(c -> c.setExpirationTime(NumericDate.fromSeconds(
                NOW.minusSeconds(3600).getEpochSecond()))), pair.getPrivate()));
        cases.put("iss wrong", TestKeys.forge(n, "k1", "at+jwt", edit(c -> c.setIssuer("evil")), pair.getPrivate()));
        cases.put("jti missing", TestKeys.forge(n, "k1", "at+jwt", edit(c -> c.unsetClaim("jti")), pair.getPrivate()));
        cases.put("no kid", TestKeys.forge(n, null, "at+jwt", AccessTokenCodecTest.claims(), pair.getPrivate()));
        cases.put("typ JWT", TestKeys.forge(n, "k1", "JWT", AccessTokenCodecTest.claims(), pair.getPrivate()));
        cases.put("HS256 header", sign("{\"alg\":\"HS256\",\"kid\":\"k1\",\"typ\":\"at+jwt\"}", claims(c -> { }),
                new SecretKeySpec(new byte[32], "HmacSHA256")));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            assertThat(outcome(viaDirect, c.getValue())).as(alg + " " + c.getKey())
                    .isEqualTo(outcome(viaJose4j, c.getValue()));
        }
        assertThat(outcome(viaDirect, good)).startsWith("ok");
        assertThat(outcome(viaDirect, cases.get("signature bit flipped"))).isEqualTo("refused BAD_SIGNATURE");
        assertThat(checkFor(new DirectVerifier(pk), good)).as("the codec's own header shape").isPresent();
    }

    static JwtClaims edit(Consumer<JwtClaims> change) {
        JwtClaims c = AccessTokenCodecTest.claims();
        change.accept(c);
        return c;
    }

    @Test
    void verifyWhenClockPassesExpThenFastPathRefusesAsFullPath() {
        String token = cases().get("good");
        assertThat(outcome(fast, token)).startsWith("ok");
        clock.advance(TTL.plusSeconds(30));
        assertThat(outcome(fast, token)).isEqualTo("refused EXPIRED").isEqualTo(outcome(full, token));
    }
}
