package io.github.servletauth.core;

import io.github.servletauth.core.internal.token.AccessTokenCodec;
import io.github.servletauth.core.internal.token.JwksServer;
import io.github.servletauth.core.internal.token.TestKeys;
import io.github.servletauth.core.internal.token.TokenKeys;
import io.github.servletauth.testing.IssuerTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The standalone verifier of a webapp with no database: by secret, by public key file, by JWKS URL. */
class JwtVerifierTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final JwksServer jwks = new JwksServer();


    @Test
    void verifyWhenSameSecretThenClaimsAndWhenOtherSecretThenRefused() {
        String secret = TestKeys.secret();
        AuthConfig cfg = AuthConfig.builder().set("auth.jwt.secret", secret).build();
        AccessTokenCodec issuer = new AccessTokenCodec(TokenKeys.fromConfig(cfg, Optional.empty()), cfg);
        try (JwtVerifier verifier = JwtVerifier.create(cfg)) {
            assertThat(verifier.verify(TestKeys.mint(issuer)).roles()).containsExactly("admin");
        }
        AuthConfig other = AuthConfig.builder().set("auth.jwt.secret", TestKeys.secret()).build();
        try (JwtVerifier verifier = JwtVerifier.create(other)) {
            assertThatThrownBy(() -> verifier.verify(TestKeys.mint(issuer))).isInstanceOf(InvalidTokenException.class);
        }
    }

    @Test
    void createWhenHs256WithoutSecretThenRefusedNamingSecret() {
        AuthConfig cfg = AuthConfig.builder().set("auth.data-dir", dir.toString()).build();
        assertThatThrownBy(() -> JwtVerifier.create(cfg)).isInstanceOfSatisfying(ConfigurationException.class,
                e -> assertThat(e.key()).isEqualTo("auth.jwt.secret"));
    }

    @Test
    void verifyWhenPublicKeyFileOnlyThenIssuerTokensVerify() throws Exception {
        KeyPair pair = TestKeys.pair(JwtAlgorithm.EDDSA);
        Path signing = TestKeys.write(dir, "signing.pem", TestKeys.pem(pair));
        Path publicOnly = TestKeys.write(dir, "public.pem", TestKeys.block("PUBLIC KEY", pair.getPublic().getEncoded()));
        AuthConfig issuerCfg = AuthConfig.builder().set("auth.jwt.algorithm", "EdDSA")
                .set("auth.jwt.key-file", signing.toString()).build();
        AccessTokenCodec issuer = new AccessTokenCodec(TokenKeys.fromConfig(issuerCfg, Optional.empty()), issuerCfg);
        try (JwtVerifier verifier = JwtVerifier.fromSources(java.util.Map.of("auth.jwt.algorithm", "EdDSA",
                "auth.jwt.key-file", publicOnly.toString()))) {
            assertThat(verifier.verify(TestKeys.mint(issuer)).userId()).isEqualTo(42);
        }
    }

    @Test
    void verifyWhenJwksEndpointBrokenThenLastGoodKeysKeepWorking() throws Exception {
        KeyPair pair = TestKeys.generate(JwtAlgorithm.RS256);
        jwks.served.set(TestKeys.jwks(List.of(new TestKeys.Entry("r1", pair, false))));
        URI url = jwks.start();
        AccessTokenCodec issuer = TestKeys.issuer(dir, JwtAlgorithm.RS256, List.of(new TestKeys.Entry("r1", pair, true)), "r1");
        try (JwtVerifier verifier = JwtVerifier.fromSources(java.util.Map.of("auth.jwt.algorithm", "RS256",
                "auth.jwt.jwks-url", url.toString()))) {
            String token = TestKeys.mint(issuer);
            assertThat(verifier.verify(token).userId()).isEqualTo(42);
            jwks.status.set(500);
            jwks.served.set("not json");
            String unknownKid = TestKeys.issuer(dir, JwtAlgorithm.RS256, List.of(new TestKeys.Entry("r2", TestKeys.generate(JwtAlgorithm.RS256),
                    true)), "r2").issue(42, "zoe", Set.of(), "s", "j", Instant.now(), Instant.now().plusSeconds(60));
            assertThatThrownBy(() -> verifier.verify(unknownKid)).isInstanceOf(InvalidTokenException.class);
            assertThat(verifier.verify(token).userId()).isEqualTo(42);
        }
    }

    @Test
    void verifyWhenIssuerUriOfAKeycloakRealmThenItsAccessTokensMappedAndItsIdTokensRefused() throws Exception {
        KeyPair pair = TestKeys.pair(JwtAlgorithm.RS256);
        jwks.start();
        String realm = jwks.publishMetadata("/realms/staff");
        jwks.served.set(IssuerTokens.jwks(IssuerTokens.jwk("kc-1", pair.getPublic(), "use", "sig", "alg", "RS256")));
        Instant now = Instant.now();
        try (JwtVerifier verifier = JwtVerifier.fromSources(java.util.Map.of("auth.jwt.issuer-uri", realm,
                "auth.jwt.algorithm", "RS256", "auth.jwt.audience", "legacy-app",
                "auth.jwt.username-claim", "preferred_username", "auth.jwt.roles-claim", "realm_access.roles"))) {
            VerifiedToken token = verifier.verify(IssuerTokens.sign(
                    IssuerTokens.keycloakAccess(realm, "legacy-app", "portal", now), "RS256", "kc-1", "JWT", pair.getPrivate()));
            assertThat(token.username()).isEqualTo("zoe");
            assertThat(token.hasRole("clerk")).isTrue();
            assertThat(token.userId()).isEqualTo(VerifiedToken.NO_USER_ID);

            Map<String, Object> idToken = IssuerTokens.keycloakId(realm, "legacy-app", now);
            assertThatThrownBy(() -> verifier.verify(IssuerTokens.sign(idToken, "RS256", "kc-1", "JWT", pair.getPrivate())))
                    .isInstanceOfSatisfying(InvalidTokenException.class,
                            e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.NOT_ACCESS_TOKEN));
        }
    }

    @Test
    void createWhenIssuerDownThenStartsAtOnceRefusesAsUnknownKeyAndVerifiesOnceItAnswers() throws Exception {
        KeyPair pair = TestKeys.pair(JwtAlgorithm.RS256);
        int port = jwks.freePort();
        String realm = jwks.base() + "/realms/staff";
        String jwt = IssuerTokens.sign(IssuerTokens.keycloakAccess(realm, "legacy-app", "portal", Instant.now()), "RS256",
                "kc-1", "JWT", pair.getPrivate());
        try (JwtVerifier verifier = JwtVerifier.fromSources(java.util.Map.of("auth.jwt.issuer-uri", realm,
                "auth.jwt.algorithm", "RS256", "auth.jwt.audience", "legacy-app"))) {
            assertThatThrownBy(() -> verifier.verify(jwt)).isInstanceOfSatisfying(InvalidTokenException.class,
                    e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.UNKNOWN_KEY));

            jwks.start(port);
            jwks.publishMetadata("/realms/staff");
            jwks.served.set(IssuerTokens.jwks(IssuerTokens.jwk("kc-1", pair.getPublic())));

            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
            VerifiedToken verified = null;
            while (verified == null && System.nanoTime() < deadline) {
                try {
                    verified = verifier.verify(jwt);
                } catch (InvalidTokenException e) {
                    Thread.sleep(50); // discovery is retried every second until a first key set arrives
                }
            }
            assertThat(verified).isNotNull();
            assertThat(verified.subject()).isEqualTo("f3a9c1de-5b6e-4c2a-9a47-1f0b8e2d7c35");
        }
    }

    @Test
    void verifyWhenFeedConfiguredThenLogoutInTheAccountsServiceRefusedAfterItsNextPoll() throws Exception {
        String secret = TestKeys.secret();
        try (AuthService accounts = AuthService.create(AuthConfig.builder().set("auth.data-dir", dir.toString())
                .set("auth.jwt.secret", secret).build());
             FeedServer feed = new FeedServer(accounts)) {
            IssuedTokens kept = accounts.register("kim", AuthServiceContract.PASSWORD, null);
            IssuedTokens ended = accounts.login("kim", AuthServiceContract.PASSWORD);
            try (JwtVerifier verifier = JwtVerifier.fromSources(java.util.Map.of("auth.jwt.secret", secret,
                    "auth.revocation.feed-url", feed.url().toString(), "auth.revocation.poll-interval", "PT0.1S"))) {
                assertThat(verifier.verify(ended.accessToken()).username()).isEqualTo("kim");

                accounts.logout(accounts.verify(ended.accessToken()), null);

                awaitRevoked(verifier, ended.accessToken());
                assertThat(verifier.verify(kept.accessToken()).username()).isEqualTo("kim");
            }
        }
    }

    @Test
    void createWhenFeedUnreachableAndFailingClosedThenTokensRefusedAsUnavailableNotInvalid() throws Exception {
        String secret = TestKeys.secret();
        AuthConfig cfg = AuthConfig.builder().set("auth.jwt.secret", secret)
                .set("auth.revocation.feed-url", "http://127.0.0.1:9/auth/revocations")
                .set("auth.revocation.max-staleness", "PT10S").build();
        AccessTokenCodec issuer = new AccessTokenCodec(TokenKeys.fromConfig(cfg, Optional.empty()), cfg);
        try (JwtVerifier verifier = JwtVerifier.create(cfg)) {
            assertThatThrownBy(() -> verifier.verify(TestKeys.mint(issuer)))
                    .isInstanceOf(RevocationsUnavailableException.class);
            assertThatThrownBy(() -> verifier.verify("not.a.token")).isInstanceOf(InvalidTokenException.class);
        }
        AuthConfig open = AuthConfig.builder().set("auth.jwt.secret", secret)
                .set("auth.revocation.feed-url", "http://127.0.0.1:9/auth/revocations").build();
        try (JwtVerifier verifier = JwtVerifier.create(open)) {
            assertThat(verifier.verify(TestKeys.mint(issuer)).userId()).as("fail open by default").isEqualTo(42);
        }
    }

    @Test
    void configWhenFeedUrlNotHttpOrStalenessUnderTwoPollsThenRefusedNamingKey() {
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.revocation.feed-url", "file:///etc/passwd").build())
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.key()).isEqualTo("auth.revocation.feed-url"));
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.revocation.max-staleness", "PT9S").build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.key()).isEqualTo("auth.revocation.max-staleness");
                    assertThat(e.getMessage()).contains("twice auth.revocation.poll-interval (PT5S)");
                });
        assertThat(AuthConfig.builder().set("auth.revocation.max-staleness", "PT10S").build().revocationMaxStaleness())
                .contains(java.time.Duration.ofSeconds(10));
        assertThat(AuthConfig.builder().build().revocationMaxStaleness()).isEmpty();
        assertThat(AuthConfig.builder().build().revocationFeedUrl()).isEmpty();
    }

    private static void awaitRevoked(JwtVerifier verifier, String token) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                verifier.verify(token);
            } catch (InvalidTokenException e) {
                assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.REVOKED);
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the verifier still accepts the revoked token");
    }

    /** The accounts service's feed on loopback, as the feed handler of auth-servlet serves it. */
    private static final class FeedServer implements AutoCloseable {
        private final com.sun.net.httpserver.HttpServer server;

        FeedServer(AuthService accounts) throws java.io.IOException {
            server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(
                    java.net.InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/auth/revocations", exchange -> {
                String query = exchange.getRequestURI().getRawQuery();
                byte[] body = accounts.revocationFeed(query == null ? null : query.substring("since=".length()))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (java.io.OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/auth/revocations");
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void configWhenJwksUrlNotHttpThenRefusedNamingKey() {
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.jwt.algorithm", "ES256")
                .set("auth.jwt.jwks-url", "file:///etc/passwd").build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.key()).isEqualTo("auth.jwt.jwks-url"));
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.jwt.jwks-url", "https://x.example/jwks").build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.key()).isEqualTo("auth.jwt.jwks-url"));
    }


}
