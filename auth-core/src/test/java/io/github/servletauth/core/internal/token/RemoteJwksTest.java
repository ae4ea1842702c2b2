package io.github.servletauth.core.internal.token;

import com.sun.net.httpserver.HttpServer;
import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.InvalidTokenException;
import io.github.servletauth.core.JwtAlgorithm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JWK Set of a verifying webapp: fetched in the background, refetched on an unknown {@code kid}, and never
 * blocking a token while the issuer is down or slow.
 */
class RemoteJwksTest {
    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicReference<String> served = new AtomicReference<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger fetches = new AtomicInteger();

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static String mint(AccessTokenCodec issuer) {
        Instant now = Instant.now();
        return issuer.issue(42, "zoe", Set.of("admin"), "sid-1", "jti-1", now, now.plus(Duration.ofMinutes(15)));
    }

    @Test
    void verifyWhenJwksUrlThenKeysFetchedAndRotatedKeyFetchedOnUnknownKid() throws Exception {
        KeyPair first = TestKeys.generate(JwtAlgorithm.ES256);
        KeyPair second = TestKeys.generate(JwtAlgorithm.ES256);
        served.set(TestKeys.jwks(List.of(new TestKeys.Entry("k1", first, false))));
        URI url = startServer();
        AccessTokenCodec issuer1 = issuer(JwtAlgorithm.ES256, List.of(new TestKeys.Entry("k1", first, true)), "k1");
        AccessTokenCodec issuer2 = issuer(JwtAlgorithm.ES256, List.of(new TestKeys.Entry("k1", first, false),
                new TestKeys.Entry("k2", second, true)), "k2");
        AuthConfig cfg = AuthConfig.builder().set("auth.jwt.algorithm", "ES256").set("auth.jwt.jwks-url", url.toString()).build();
        try (RemoteJwks remote = new RemoteJwks(url, JwtAlgorithm.ES256, Duration.ofHours(1), Duration.ZERO,
                keys -> new AccessTokenCodec(keys, cfg.issuer(), cfg.audience(), cfg.clockSkew(), cfg.accessTokenTtl(),
                        cfg.clock()))) {
            assertThat(remote.awaitKeys(Duration.ofSeconds(10))).isTrue();
            assertThat(remote.verify(mint(issuer1)).username()).isEqualTo("zoe");

            served.set(TestKeys.jwks(List.of(new TestKeys.Entry("k1", first, false), new TestKeys.Entry("k2", second, false))));
            String rotated = mint(issuer2);
            assertThatThrownBy(() -> remote.verify(rotated)).isInstanceOfSatisfying(InvalidTokenException.class,
                    e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.UNKNOWN_KEY));
            assertThat(eventually(() -> remote.verify(rotated).userId() == 42)).isTrue();
            assertThat(remote.verify(mint(issuer1)).userId()).isEqualTo(42);
        }
    }

    @Test
    void verifyWhenIssuerStartsAfterVerifierThenKeysArriveOnNextTokens() throws Exception {
        KeyPair pair = TestKeys.generate(JwtAlgorithm.EDDSA);
        served.set(TestKeys.jwks(List.of(new TestKeys.Entry("d1", pair, false))));
        status.set(503);
        URI url = startServer();
        AuthConfig cfg = AuthConfig.builder().set("auth.jwt.algorithm", "EdDSA").set("auth.jwt.jwks-url", url.toString()).build();
        AccessTokenCodec issuer = issuer(JwtAlgorithm.EDDSA, List.of(new TestKeys.Entry("d1", pair, true)), "d1");
        // the default 10 s minimum between refetches applies only once a key set is loaded
        try (RemoteJwks remote = new RemoteJwks(url, JwtAlgorithm.EDDSA, Duration.ofHours(1),
                keys -> new AccessTokenCodec(keys, cfg.issuer(), cfg.audience(), cfg.clockSkew(), cfg.accessTokenTtl(),
                        cfg.clock()))) {
            assertThat(remote.awaitKeys(Duration.ofSeconds(10))).isFalse();
            String token = mint(issuer);
            assertThatThrownBy(() -> remote.verify(token)).isInstanceOf(InvalidTokenException.class);
            status.set(200);
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
                AccessTokenCodec issuer = issuer(JwtAlgorithm.ES256,
                        List.of(new TestKeys.Entry("e1", TestKeys.pair(JwtAlgorithm.ES256), true)), "e1");
                assertThatThrownBy(() -> remote.verify(mint(issuer))).isInstanceOfSatisfying(InvalidTokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.UNKNOWN_KEY));
            }
        }
    }

    private AccessTokenCodec issuer(JwtAlgorithm alg, List<TestKeys.Entry> entries, String kid) throws Exception {
        Path file = TestKeys.write(dir, "issuer-" + kid + "-" + System.nanoTime() + ".json", TestKeys.jwks(entries));
        AuthConfig cfg = AuthConfig.builder().set("auth.jwt.algorithm", alg.jwsName())
                .set("auth.jwt.key-file", file.toString()).set("auth.jwt.key-id", kid).build();
        return new AccessTokenCodec(TokenKeys.fromConfig(cfg, Optional.empty()), cfg);
    }

    private URI startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
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
