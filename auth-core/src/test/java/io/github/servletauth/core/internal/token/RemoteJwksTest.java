package io.github.servletauth.core.internal.token;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.InvalidTokenException;
import io.github.servletauth.core.JwtAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JWK Set of a verifying webapp: fetched in the background, refetched on an unknown {@code kid}, and never
 * blocking a token while the issuer is down or slow.
 */
class RemoteJwksTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final JwksServer jwks = new JwksServer();


    @Test
    void verifyWhenJwksUrlThenKeysFetchedAndRotatedKeyFetchedOnUnknownKid() throws Exception {
        KeyPair first = TestKeys.generate(JwtAlgorithm.ES256);
        KeyPair second = TestKeys.generate(JwtAlgorithm.ES256);
        jwks.served.set(TestKeys.jwks(List.of(new TestKeys.Entry("k1", first, false))));
        URI url = jwks.start();
        AccessTokenCodec issuer1 = TestKeys.issuer(dir, JwtAlgorithm.ES256, List.of(new TestKeys.Entry("k1", first, true)), "k1");
        AccessTokenCodec issuer2 = TestKeys.issuer(dir, JwtAlgorithm.ES256, List.of(new TestKeys.Entry("k1", first, false),
                new TestKeys.Entry("k2", second, true)), "k2");
        AuthConfig cfg = AuthConfig.builder().set("auth.jwt.algorithm", "ES256").set("auth.jwt.jwks-url", url.toString()).build();
        try (RemoteJwks remote = new RemoteJwks(url, JwtAlgorithm.ES256, Duration.ofHours(1), Duration.ZERO,
                keys -> new AccessTokenCodec(keys, cfg.issuer(), cfg.audience(), cfg.clockSkew(), cfg.accessTokenTtl(),
                        cfg.clock()))) {
            assertThat(remote.awaitKeys(Duration.ofSeconds(10))).isTrue();
            assertThat(remote.verify(TestKeys.mint(issuer1)).username()).isEqualTo("zoe");

            jwks.served.set(TestKeys.jwks(List.of(new TestKeys.Entry("k1", first, false), new TestKeys.Entry("k2", second, false))));
            String rotated = TestKeys.mint(issuer2);
            assertThatThrownBy(() -> remote.verify(rotated)).isInstanceOfSatisfying(InvalidTokenException.class,
                    e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.UNKNOWN_KEY));
            assertThat(eventually(() -> remote.verify(rotated).userId() == 42)).isTrue();
            assertThat(remote.verify(TestKeys.mint(issuer1)).userId()).isEqualTo(42);
        }
    }

    @Test
    void verifyWhenIssuerStartsAfterVerifierThenKeysArriveOnNextTokens() throws Exception {
        KeyPair pair = TestKeys.generate(JwtAlgorithm.EDDSA);
        jwks.served.set(TestKeys.jwks(List.of(new TestKeys.Entry("d1", pair, false))));
        jwks.status.set(503);
        URI url = jwks.start();
        AuthConfig cfg = AuthConfig.builder().set("auth.jwt.algorithm", "EdDSA").set("auth.jwt.jwks-url", url.toString()).build();
        AccessTokenCodec issuer = TestKeys.issuer(dir, JwtAlgorithm.EDDSA, List.of(new TestKeys.Entry("d1", pair, true)), "d1");
        // the default 10 s minimum between refetches applies only once a key set is loaded
        try (RemoteJwks remote = new RemoteJwks(url, JwtAlgorithm.EDDSA, Duration.ofHours(1),
                keys -> new AccessTokenCodec(keys, cfg.issuer(), cfg.audience(), cfg.clockSkew(), cfg.accessTokenTtl(),
                        cfg.clock()))) {
            assertThat(remote.awaitKeys(Duration.ofSeconds(10))).isFalse();
            String token = TestKeys.mint(issuer);
            assertThatThrownBy(() -> remote.verify(token)).isInstanceOf(InvalidTokenException.class);
            jwks.status.set(200);
            assertThat(eventually(() -> remote.verify(token).userId() == 42)).isTrue();
        }
    }

    @Test
    void verifyWhenJwksEndpointNeverAnswersThenTokensRefusedNotBlocked() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + silent.getLocalPort() + "/jwks";
            AuthConfig cfg = AuthConfig.builder().set("auth.jwt.algorithm", "ES256").set("auth.jwt.jwks-url", url).build();
            try (RemoteJwks remote = new RemoteJwks(URI.create(url), JwtAlgorithm.ES256, Duration.ofHours(1),
                    keys -> new AccessTokenCodec(keys, cfg.issuer(), cfg.audience(), cfg.clockSkew(),
                            cfg.accessTokenTtl(), cfg.clock()))) {
                assertThat(remote.awaitKeys(Duration.ofMillis(200))).isFalse();
                AccessTokenCodec issuer = TestKeys.issuer(dir, JwtAlgorithm.ES256,
                        List.of(new TestKeys.Entry("e1", TestKeys.pair(JwtAlgorithm.ES256), true)), "e1");
                assertThatThrownBy(() -> remote.verify(TestKeys.mint(issuer))).isInstanceOfSatisfying(InvalidTokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.UNKNOWN_KEY));
            }
        }
    }



    private static boolean eventually(java.util.function.BooleanSupplier check) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (check.getAsBoolean()) {
                    return true;
                }
            } catch (InvalidTokenException e) {
                // not yet refetched
            }
            Thread.sleep(50);
        }
        return false;
    }
}
