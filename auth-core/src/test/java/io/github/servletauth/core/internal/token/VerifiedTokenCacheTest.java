package io.github.servletauth.core.internal.token;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.InvalidTokenException;
import io.github.servletauth.core.InvalidTokenException.Reason;
import io.github.servletauth.core.VerifiedToken;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cache of verified tokens inside {@link AccessTokenCodec}: exact answers, bounded, never past exp. */
class VerifiedTokenCacheTest {
    static final Instant NOW = AccessTokenCodecTest.NOW;
    static final Duration TTL = AccessTokenCodecTest.TTL;

    @TempDir
    Path dir;
    MutableClock clock;
    TokenKeys keys;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(NOW);
        AuthConfig config = AuthConfig.builder().set("auth.jwt.secret", TestKeys.secret())
                .set("auth.data-dir", dir.toString()).clock(clock).build();
        keys = TokenKeys.fromConfig(config, Optional.empty());
    }

    AccessTokenCodec codec(int cacheSize) {
        return new AccessTokenCodec(keys, "servlet-auth", "servlet-auth", Duration.ofSeconds(30), TTL, clock,
                cacheSize);
    }

    static String issue(AccessTokenCodec c, String jti) {
        return c.issue(42, "alice", Set.of("user"), "sid-1", jti, NOW, NOW.plus(TTL));
    }

    static void assertRefused(AccessTokenCodec c, String token, Reason reason) {
        assertThatThrownBy(() -> c.verify(token)).isInstanceOf(InvalidTokenException.class)
                .extracting(e -> ((InvalidTokenException) e).reason()).isEqualTo(reason);
    }

    @Test
    void verifyWhenSameTokenAgainThenSameClaimsFromCache() {
        AccessTokenCodec codec = codec(100);
        String token = issue(codec, "jti-1");

        VerifiedToken first = codec.verify(token);
        VerifiedToken again = codec.verify(new String(token.toCharArray()));

        assertThat(again).isSameAs(first);
        assertThat(codec.cachedTokens()).isEqualTo(1);
    }

    @Test
    void verifyWhenCachedTokenPassesExpPlusSkewThenExpired() {
        AccessTokenCodec codec = codec(100);
        String token = issue(codec, "jti-1");
        codec.verify(token);
        clock.advance(TTL.plusSeconds(29));
        assertThat(codec.verify(token).tokenId()).isEqualTo("jti-1");

        clock.advance(Duration.ofSeconds(1));

        assertRefused(codec, token, Reason.EXPIRED);
        assertThat(codec.cachedTokens()).isZero();
    }

    @Test
    void verifyWhenClockMovesBackBeforeIatMinusSkewThenNotYetValid() {
        AccessTokenCodec codec = codec(100);
        String token = issue(codec, "jti-1");
        codec.verify(token);

        clock.advance(Duration.ofSeconds(-31));

        assertRefused(codec, token, Reason.NOT_YET_VALID);
    }

    @Test
    void verifyWhenClockMovesBackSoExpIsTooFarThenExpiryTooFar() {
        AccessTokenCodec codec = codec(100);
        String token = issue(codec, "jti-1");
        codec.verify(token);

        // iat in the token is NOW; with a longer-lived token iat stays valid while exp becomes too far
        JwtClaims longLived = AccessTokenCodecTest.claims();
        longLived.setIssuedAt(NumericDate.fromSeconds(NOW.minusSeconds(600).getEpochSecond()));
        String forged = TestKeys.forge("HS256", keys.signingKeyId(), "at+jwt", longLived, keys.signingKey());
        clock.advance(Duration.ofSeconds(-20));
        assertThat(codec.verify(forged).userId()).isEqualTo(42);

        clock.advance(Duration.ofSeconds(-11));

        assertRefused(codec, forged, Reason.EXPIRY_TOO_FAR);
    }

    @Test
    void verifyWhenTokenRefusedThenNothingCached() {
        AccessTokenCodec codec = codec(100);
        String token = issue(codec, "jti-1");
        String badSignature = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");

        assertRefused(codec, badSignature, Reason.BAD_SIGNATURE);
        assertRefused(codec, badSignature, Reason.BAD_SIGNATURE);

        assertThat(codec.cachedTokens()).isZero();
    }

    @Test
    void verifyWhenTokenSharesCachedTokensSignatureButNotItsClaimsThenRefused() {
        // the cache hashes only a token's tail (its signature): a hit must still be an exact match
        AccessTokenCodec codec = codec(100);
        String token = issue(codec, "jti-1");
        codec.verify(token);
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String otherClaims = claims.replace("\"jti-1\"", "\"jti-2\"");
        assertThat(otherClaims).isNotEqualTo(claims);
        String sameTail = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(otherClaims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertThat(sameTail).hasSameSizeAs(token).isNotEqualTo(token)
                .endsWith(token.substring(token.length() - VerifiedTokenCache.HASHED_TAIL - 10));

        assertRefused(codec, sameTail, Reason.BAD_SIGNATURE);
        assertThat(codec.verify(token).tokenId()).isEqualTo("jti-1");
        assertThat(codec.cachedTokens()).isEqualTo(1);
    }

    @Test
    void verifyWhenCacheSizeZeroThenEveryCallVerifiesAfresh() {
        AccessTokenCodec codec = codec(0);
        String token = issue(codec, "jti-1");

        VerifiedToken first = codec.verify(token);
        VerifiedToken again = codec.verify(token);

        assertThat(again).isEqualTo(first).isNotSameAs(first);
        assertThat(codec.cachedTokens()).isZero();
    }

    @Test
    void verifyWhenMoreTokensThanCacheSizeThenCacheStaysBoundedAndAllVerify() {
        AccessTokenCodec codec = codec(8);

        for (int i = 0; i < 100; i++) {
            String token = issue(codec, "jti-" + i);
            assertThat(codec.verify(token).tokenId()).isEqualTo("jti-" + i);
            assertThat(codec.cachedTokens()).isLessThanOrEqualTo(8);
        }
    }

    @Test
    void verifyWhenManyThreadsShareCodecThenEveryAnswerIsRightAndCacheBounded() throws Exception {
        AccessTokenCodec codec = codec(16);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            tokens.add(issue(codec, "jti-" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int round = 0; round < 20; round++) {
                        for (int i = 0; i < tokens.size(); i++) {
                            int k = (i + offset * 7) % tokens.size();
                            if (codec.verify(tokens.get(k)).tokenId().equals("jti-" + k)) {
                                ok++;
                            }
                        }
                    }
                    return ok;
                }));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(20 * 64);
            }
        } finally {
            pool.shutdownNow();
        }
        // concurrent inserts may overshoot by at most one per thread between evictions
        assertThat(codec.cachedTokens()).isLessThanOrEqualTo(16 + 8);
    }

    @Test
    void compactHeaderEndWhenShapeRightThenFirstDotElseMinusOne() {
        assertThat(AccessTokenCodec.compactHeaderEnd("ab.cd.ef")).isEqualTo(2);
        assertThat(AccessTokenCodec.compactHeaderEnd("ab.cd.")).isEqualTo(2);
        assertThat(AccessTokenCodec.compactHeaderEnd("a-_9.Z.x")).isEqualTo(4);
        for (String bad : List.of("", ".cd.ef", "ab..ef", "ab.cd", "ab.cd.ef.gh", "ab.c+d.ef", "ab.cd.e=",
                "ab.cd.e f", "abc")) {
            assertThat(AccessTokenCodec.compactHeaderEnd(bad)).as(bad).isEqualTo(-1);
        }
    }
}
