package io.github.servletauth.core.internal.token;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.InvalidTokenException;
import io.github.servletauth.core.InvalidTokenException.Reason;
import io.github.servletauth.core.JwtAlgorithm;
import io.github.servletauth.core.VerifiedToken;
import org.jose4j.json.JsonUtil;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessTokenCodecTest {
    static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    static final Duration TTL = Duration.ofMinutes(15);

    @TempDir
    Path dir;
    MutableClock clock;
    String secret;
    AuthConfig config;
    AccessTokenCodec codec;
    TokenKeys keys;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(NOW);
        secret = TestKeys.secret();
        config = AuthConfig.builder().set("auth.jwt.secret", secret).set("auth.data-dir", dir.toString())
                .clock(clock).build();
        keys = TokenKeys.fromConfig(config, Optional.empty());
        codec = new AccessTokenCodec(keys, config);
    }

    String issue(AccessTokenCodec c) {
        return c.issue(42, "alice", Set.of("user", "admin"), "sid-1", "jti-1", NOW, NOW.plus(TTL));
    }

    /** Claims exactly as the codec issues them, for tests to spoil one at a time. */
    static JwtClaims claims() {
        JwtClaims c = new JwtClaims();
        c.setSubject("42");
        c.setClaim("user_id", 42L);
        c.setClaim("username", "alice");
        c.setStringListClaim("roles", "user");
        c.setClaim("sid", "sid-1");
        c.setIssuer("servlet-auth");
        c.setAudience("servlet-auth");
        c.setIssuedAt(NumericDate.fromSeconds(NOW.getEpochSecond()));
        c.setExpirationTime(NumericDate.fromSeconds(NOW.plus(TTL).getEpochSecond()));
        c.setJwtId("jti-1");
        return c;
    }

    String forgeHs(JwtClaims claims) {
        return TestKeys.forge("HS256", keys.signingKeyId(), "at+jwt", claims, keys.signingKey());
    }

    void assertRefused(String token, Reason reason) {
        assertRefused(codec, token, reason);
    }

    static void assertRefused(AccessTokenCodec c, String token, Reason reason) {
        assertThatThrownBy(() -> c.verify(token))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    // nothing of jose4j, and nothing of the token, reaches callers
                    assertThat(e.getCause()).isNull();
                    if (token != null && !token.isEmpty()) {
                        assertThat(e.getMessage()).doesNotContain(token);
                    }
                });
    }

    @Test
    void verifyWhenIssuedWithHs256ThenReturnsClaims() {
        VerifiedToken t = codec.verify(issue(codec));

        assertThat(t).isEqualTo(new VerifiedToken(42, "alice", Set.of("user", "admin"), "sid-1", "jti-1", NOW,
                NOW.plus(TTL)));
    }

    @Test
    void issueWhenCalledThenHeaderAndClaimsFollowRfc9068() throws Exception {
        String[] parts = issue(codec).split("\\.");
        Map<String, Object> header = JsonUtil.parseJson(decode(parts[0]));
        Map<String, Object> body = JsonUtil.parseJson(decode(parts[1]));

        assertThat(header).containsEntry("alg", "HS256").containsEntry("typ", "at+jwt")
                .containsEntry("kid", TokenKeys.hmacKeyId(TestKeys.secretBytes(secret)));
        assertThat(body).containsEntry("sub", "42").containsEntry("user_id", 42L).containsEntry("username", "alice")
                .containsEntry("roles", List.of("admin", "user")).containsEntry("sid", "sid-1")
                .containsEntry("iss", "servlet-auth").containsEntry("aud", "servlet-auth")
                .containsEntry("iat", NOW.getEpochSecond()).containsEntry("exp", NOW.plus(TTL).getEpochSecond())
                .containsEntry("jti", "jti-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256:jwks", "RS256:pem", "ES256:jwks", "ES256:pem", "EdDSA:jwks", "EdDSA:pem"})
    void verifyWhenIssuedWithKeyFileThenReturnsClaims(String variant) throws Exception {
        JwtAlgorithm alg = JwtAlgorithm.fromName(variant.split(":")[0]);
        String content = variant.endsWith("pem") ? TestKeys.pem(TestKeys.pair(alg))
                : TestKeys.jwks(List.of(new TestKeys.Entry("k1", TestKeys.pair(alg), true)));
        AuthConfig c = AuthConfig.builder().set("auth.jwt.algorithm", alg.jwsName())
                .set("auth.jwt.key-file", TestKeys.write(dir, "keys", content).toString()).clock(clock).build();
        AccessTokenCodec asymmetric = new AccessTokenCodec(TokenKeys.fromConfig(c, Optional.empty()), c);

        String token = issue(asymmetric);

        assertThat(asymmetric.verify(token).userId()).isEqualTo(42);
        assertThat(JsonUtil.parseJson(decode(token.split("\\.")[0]))).containsEntry("alg", alg.jwsName());
        // a verifier that knows only the published public keys accepts it too
        AccessTokenCodec verifier = new AccessTokenCodec(TokenKeys.fromJwks(alg, asymmetric.jwksJson()), c);
        assertThat(verifier.verify(token).sessionId()).isEqualTo("sid-1");
    }

    @Test
    void verifyWhenPayloadEditedThenBadSignature() {
        String[] parts = issue(codec).split("\\.");
        String edited = TestKeys.b64(decode(parts[1]).replace("\"user_id\":42", "\"user_id\":1")
                .replace("\"sub\":\"42\"", "\"sub\":\"1\""));

        assertRefused(parts[0] + "." + edited + "." + parts[2], Reason.BAD_SIGNATURE);
    }

    @Test
    void verifyWhenSignatureEditedThenBadSignature() {
        String token = issue(codec);
        int sig = token.lastIndexOf('.') + 1;
        char flipped = token.charAt(sig) == 'A' ? 'B' : 'A';

        assertRefused(token.substring(0, sig) + flipped + token.substring(sig + 1), Reason.BAD_SIGNATURE);
    }

    @Test
    void verifyWhenHs256SignedWithRsaPublicKeyOnRs256VerifierThenAlgorithmNotAllowed() throws Exception {
        AuthConfig rs = AuthConfig.builder().set("auth.jwt.algorithm", "RS256").set("auth.jwt.key-file",
                TestKeys.write(dir, "rs.pem", TestKeys.pem(TestKeys.pair(JwtAlgorithm.RS256))).toString())
                .clock(clock).build();
        TokenKeys rsKeys = TokenKeys.fromConfig(rs, Optional.empty());
        AccessTokenCodec rsCodec = new AccessTokenCodec(rsKeys, rs);
        // the classic confusion attack: the public key, which anyone has, used as an HMAC secret
        byte[] publicKeyBytes = TestKeys.pair(JwtAlgorithm.RS256).getPublic().getEncoded();
        String forged = TestKeys.forge("HS256", rsKeys.signingKeyId(), "at+jwt", claims(), new HmacKey(publicKeyBytes));

        assertRefused(rsCodec, forged, Reason.ALGORITHM_NOT_ALLOWED);
        // and an RS256 token is no good to an HS256 verifier
        assertRefused(issue(rsCodec), Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void verifyWhenOtherHmacStrengthOrCaseThenAlgorithmNotAllowed() {
        assertRefused(TestKeys.forge("HS384", keys.signingKeyId(), "at+jwt", claims(), keys.signingKey()),
                Reason.ALGORITHM_NOT_ALLOWED);
        String lower = TestKeys.b64("{\"alg\":\"hs256\",\"typ\":\"at+jwt\"}") + "."
                + forgeHs(claims()).split("\\.", 2)[1];
        assertRefused(lower, Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void verifyWhenNestedOrCriticalHeaderThenMalformed() throws Exception {
        JsonWebSignature nested = hsJws();
        nested.setContentTypeHeaderValue("JWT");
        JsonWebSignature crit = hsJws();
        crit.setHeader("urn:example:must-understand", "x");
        crit.setCriticalHeaderNames("urn:example:must-understand");

        assertRefused(nested.getCompactSerialization(), Reason.MALFORMED);
        assertRefused(crit.getCompactSerialization(), Reason.MALFORMED);
    }

    private JsonWebSignature hsJws() {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims().toJson());
        jws.setAlgorithmHeaderValue("HS256");
        jws.setKeyIdHeaderValue(keys.signingKeyId());
        jws.setHeader("typ", "at+jwt");
        jws.setKey(keys.signingKey());
        return jws;
    }

    @Test
    void verifyWhenAlgNoneThenAlgorithmNotAllowed() {
        String unsigned = TestKeys.b64("{\"alg\":\"none\",\"typ\":\"at+jwt\"}") + "." + TestKeys.b64(claims().toJson()) + ".";

        assertRefused(unsigned, Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void verifyWhenExpiredBeyondSkewThenExpired() {
        String token = issue(codec);
        clock.advance(TTL.plusSeconds(20));
        assertThat(codec.verify(token).userId()).isEqualTo(42);

        clock.advance(Duration.ofSeconds(11));

        assertRefused(token, Reason.EXPIRED);
    }

    @Test
    void verifyWhenExpMissingThenMissingClaim() {
        JwtClaims c = claims();
        c.unsetClaim("exp");

        assertRefused(forgeHs(c), Reason.MISSING_CLAIM);
    }

    @Test
    void verifyWhenExpFurtherThanTtlAndSkewThenExpiryTooFar() {
        JwtClaims atLimit = claims();
        atLimit.setExpirationTime(NumericDate.fromSeconds(NOW.plus(TTL).plusSeconds(30).getEpochSecond()));
        JwtClaims beyond = claims();
        beyond.setExpirationTime(NumericDate.fromSeconds(NOW.plus(TTL).plusSeconds(31).getEpochSecond()));

        assertThat(codec.verify(forgeHs(atLimit)).userId()).isEqualTo(42);
        assertRefused(forgeHs(beyond), Reason.EXPIRY_TOO_FAR);
    }

    @Test
    void verifyWhenIssuerWrongThenWrongIssuer() {
        JwtClaims c = claims();
        c.setIssuer("someone-else");

        assertRefused(forgeHs(c), Reason.WRONG_ISSUER);
    }

    @Test
    void verifyWhenAudienceWrongThenWrongAudience() {
        JwtClaims c = claims();
        c.setAudience("other-app");

        assertRefused(forgeHs(c), Reason.WRONG_AUDIENCE);
    }

    @Test
    void verifyWhenSubjectMissingBlankOrNotUserIdThenMissingClaim() {
        JwtClaims missing = claims();
        missing.unsetClaim("sub");
        JwtClaims blank = claims();
        blank.setSubject(" ");
        JwtClaims other = claims();
        other.setSubject("43");
        JwtClaims notNumeric = claims();
        notNumeric.setSubject("alice");
        JwtClaims noUserId = claims();
        noUserId.unsetClaim("user_id");
        JwtClaims overflow = claims();
        overflow.setSubject("9999999999999999999");
        JwtClaims leadingZero = claims();
        leadingZero.setSubject("042");
        JwtClaims fractional = claims();
        fractional.setClaim("user_id", 42.0);

        for (JwtClaims c : List.of(missing, blank, other, notNumeric, noUserId, overflow, leadingZero, fractional)) {
            assertRefused(forgeHs(c), Reason.MISSING_CLAIM);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sid", "jti", "iat", "roles", "username", "iss", "aud"})
    void verifyWhenRequiredClaimMissingThenMissingClaim(String claim) {
        JwtClaims c = claims();
        c.unsetClaim(claim);

        assertRefused(forgeHs(c), Reason.MISSING_CLAIM);
    }

    @Test
    void verifyWhenRolesNotAListOfStringsThenMissingClaim() {
        JwtClaims nullRole = claims();
        nullRole.setClaim("roles", java.util.Arrays.asList("user", null));
        JwtClaims numberRole = claims();
        numberRole.setClaim("roles", List.of(1));
        JwtClaims stringRoles = claims();
        stringRoles.setClaim("roles", "user");

        for (JwtClaims c : List.of(nullRole, numberRole, stringRoles)) {
            assertRefused(forgeHs(c), Reason.MISSING_CLAIM);
        }
    }

    @Test
    void verifyWhenIssuedOrValidInTheFutureBeyondSkewThenNotYetValid() {
        JwtClaims iat = claims();
        iat.setIssuedAt(NumericDate.fromSeconds(NOW.plusSeconds(31).getEpochSecond()));
        JwtClaims nbf = claims();
        nbf.setNotBefore(NumericDate.fromSeconds(NOW.plusSeconds(31).getEpochSecond()));
        JwtClaims nbfWithinSkew = claims();
        nbfWithinSkew.setNotBefore(NumericDate.fromSeconds(NOW.plusSeconds(30).getEpochSecond()));

        assertRefused(forgeHs(iat), Reason.NOT_YET_VALID);
        assertRefused(forgeHs(nbf), Reason.NOT_YET_VALID);
        assertThat(codec.verify(forgeHs(nbfWithinSkew)).userId()).isEqualTo(42);
    }

    @Test
    void verifyWhenTypeWrongOrMissingThenMalformed() {
        assertRefused(TestKeys.forge("HS256", keys.signingKeyId(), "JWT", claims(), keys.signingKey()),
                Reason.MALFORMED);
        assertRefused(TestKeys.forge("HS256", keys.signingKeyId(), null, claims(), keys.signingKey()),
                Reason.MALFORMED);
        // RFC 9068 also allows the full media type
        assertThat(codec.verify(TestKeys.forge("HS256", keys.signingKeyId(), "application/at+jwt", claims(),
                keys.signingKey())).userId()).isEqualTo(42);
    }

    @Test
    void verifyWhenKidUnknownThenUnknownKey() {
        assertRefused(TestKeys.forge("HS256", "no-such-key", "at+jwt", claims(), keys.signingKey()),
                Reason.UNKNOWN_KEY);
    }

    @Test
    void verifyWhenEmbeddedJwkCarriesAttackerKeyThenBadSignature() throws Exception {
        AuthConfig rs = AuthConfig.builder().set("auth.jwt.algorithm", "RS256").set("auth.jwt.key-file",
                TestKeys.write(dir, "rs.pem", TestKeys.pem(TestKeys.pair(JwtAlgorithm.RS256))).toString())
                .clock(clock).build();
        TokenKeys rsKeys = TokenKeys.fromConfig(rs, Optional.empty());
        AccessTokenCodec rsCodec = new AccessTokenCodec(rsKeys, rs);
        var attacker = TestKeys.generate(JwtAlgorithm.RS256);

        for (String kid : new String[] {rsKeys.signingKeyId(), null}) {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims().toJson());
            jws.setAlgorithmHeaderValue("RS256");
            jws.setHeader("typ", "at+jwt");
            if (kid != null) {
                jws.setKeyIdHeaderValue(kid);
            }
            jws.setJwkHeader(org.jose4j.jwk.PublicJsonWebKey.Factory.newPublicJwk(attacker.getPublic()));
            jws.setKey(attacker.getPrivate());

            assertRefused(rsCodec, jws.getCompactSerialization(), Reason.BAD_SIGNATURE);
        }
    }

    @Test
    void verifyWhenLongerThan8KiBThenMalformed() {
        JwtClaims c = claims();
        c.setClaim("padding", "x".repeat(AccessTokenCodec.MAX_TOKEN_CHARS));

        assertRefused(forgeHs(c), Reason.MALFORMED);
        assertRefused("a".repeat(AccessTokenCodec.MAX_TOKEN_CHARS + 1), Reason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "a.b", "a.b.c.d", "a.b.c", "..", "e30.e30.", "Bearer e30.e30.e30",
            "e30=.e30.abc", "e y.e30.abc", "W10.e30.abc", "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.abc",
            "eyJhbGciOlsiSFMyNTYiXX0.e30.abc"})
    void verifyWhenGarbageThenMalformed(String garbage) {
        assertRefused(garbage, Reason.MALFORMED);
    }

    @Test
    void verifyWhenWellFormedButSignatureIsJunkThenBadSignature() {
        String[] parts = issue(codec).split("\\.");

        assertRefused(parts[0] + "." + parts[1] + ".abc", Reason.BAD_SIGNATURE);
    }

    @Test
    void verifyWhenNullThenMalformed() {
        assertRefused(null, Reason.MALFORMED);
    }

    @Test
    void verifyWhenSignedWithPreviousSecretThenAcceptedUntilSecretRemoved() {
        String oldToken = issue(codec);
        String newSecret = TestKeys.secret();
        AuthConfig rotated = AuthConfig.builder().set("auth.jwt.secret", newSecret)
                .set("auth.jwt.previous-secrets", secret).set("auth.data-dir", dir.toString()).clock(clock).build();
        AccessTokenCodec rotatedCodec = new AccessTokenCodec(TokenKeys.fromConfig(rotated, Optional.empty()), rotated);
        AuthConfig dropped = AuthConfig.builder().set("auth.jwt.secret", newSecret)
                .set("auth.data-dir", dir.toString()).clock(clock).build();
        AccessTokenCodec droppedCodec = new AccessTokenCodec(TokenKeys.fromConfig(dropped, Optional.empty()), dropped);

        String newToken = issue(rotatedCodec);

        assertThat(rotatedCodec.verify(oldToken).userId()).isEqualTo(42);
        assertThat(decode(newToken.split("\\.")[0])).contains(TokenKeys.hmacKeyId(TestKeys.secretBytes(newSecret)));
        assertThat(droppedCodec.verify(newToken).userId()).isEqualTo(42);
        assertRefused(droppedCodec, oldToken, Reason.UNKNOWN_KEY);
        assertRefused(codec, newToken, Reason.UNKNOWN_KEY);
    }

    @Test
    void verifyWhenNoKidThenTriesEachConfiguredKey() {
        String newSecret = TestKeys.secret();
        AuthConfig rotated = AuthConfig.builder().set("auth.jwt.secret", newSecret)
                .set("auth.jwt.previous-secrets", secret).set("auth.data-dir", dir.toString()).clock(clock).build();
        AccessTokenCodec rotatedCodec = new AccessTokenCodec(TokenKeys.fromConfig(rotated, Optional.empty()), rotated);
        String noKidOldSecret = TestKeys.forge("HS256", null, "at+jwt", claims(), keys.signingKey());
        String noKidStranger = TestKeys.forge("HS256", null, "at+jwt", claims(),
                new HmacKey(TestKeys.secretBytes(TestKeys.secret())));

        assertThat(rotatedCodec.verify(noKidOldSecret).userId()).isEqualTo(42);
        assertRefused(rotatedCodec, noKidStranger, Reason.BAD_SIGNATURE);
    }

    @Test
    void verifyWhenOldPublicKeyStaysInJwksThenItsTokensStillVerify() throws Exception {
        var oldPair = TestKeys.pair(JwtAlgorithm.ES256);
        var newPair = TestKeys.generate(JwtAlgorithm.ES256);
        AuthConfig before = AuthConfig.builder().set("auth.jwt.algorithm", "ES256").set("auth.jwt.key-file",
                TestKeys.write(dir, "old.json", TestKeys.jwks(List.of(new TestKeys.Entry("old", oldPair, true))))
                        .toString()).clock(clock).build();
        AuthConfig after = AuthConfig.builder().set("auth.jwt.algorithm", "ES256").set("auth.jwt.key-file",
                TestKeys.write(dir, "new.json", TestKeys.jwks(List.of(new TestKeys.Entry("old", oldPair, false),
                        new TestKeys.Entry("new", newPair, true)))).toString()).clock(clock).build();
        String oldToken = issue(new AccessTokenCodec(TokenKeys.fromConfig(before, Optional.empty()), before));
        AccessTokenCodec afterCodec = new AccessTokenCodec(TokenKeys.fromConfig(after, Optional.empty()), after);

        assertThat(afterCodec.verify(oldToken).userId()).isEqualTo(42);
        assertThat(decode(issue(afterCodec).split("\\.")[0])).contains("\"kid\":\"new\"");
    }

    @Test
    void issueWhenKeysOnlyVerifyThenIllegalState() {
        AccessTokenCodec verifier = new AccessTokenCodec(TokenKeys.forVerification(config), "servlet-auth",
                "servlet-auth", Duration.ofSeconds(30), TTL, clock);

        assertThat(verifier.verify(issue(codec)).username()).isEqualTo("alice");
        assertThatThrownBy(() -> issue(verifier)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void verifyWhenVerifierExpectsOtherIssuerThenWrongIssuer() {
        AccessTokenCodec verifier = new AccessTokenCodec(TokenKeys.forVerification(
                List.of(TestKeys.secretBytes(secret))), "other", "servlet-auth", Duration.ZERO, TTL, clock);

        assertRefused(verifier, issue(codec), Reason.WRONG_ISSUER);
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }
}
