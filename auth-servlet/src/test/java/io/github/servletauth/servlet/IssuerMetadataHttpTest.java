package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.AuthService;
import io.github.servletauth.core.InvalidTokenException;
import io.github.servletauth.core.IssuedTokens;
import io.github.servletauth.core.JwtVerifier;
import io.github.servletauth.core.VerifiedToken;
import io.github.servletauth.servlet.testing.ApiFixture;
import io.github.servletauth.servlet.testing.Http;
import io.github.servletauth.servlet.testing.JettyApp;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The accounts webapp publishes its issuer metadata at its public URL + {@code /.well-known/openid-configuration},
 * so a resource server that knows only that URL verifies its tokens: Spring Security's
 * {@code JwtDecoders.fromIssuerLocation}, an independent client, and this library's own {@code auth.jwt.issuer-uri}.
 */
class IssuerMetadataHttpTest {
    @TempDir
    Path dir;

    private AuthService accounts;
    private JettyApp app;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {app, accounts}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void metadataWhenIssuerIsTheWebappsUrlThenIssuerJwksUriRevocationFeedAndNothingElseClaimed() throws Exception {
        String issuer = startAccounts("/accounts", null, "/auth/*", "/.well-known/openid-configuration");

        HttpResponse<String> answer = Http.send("GET", app.uri("/accounts/.well-known/openid-configuration"));

        assertThat(answer.statusCode()).isEqualTo(200);
        Http.assertJsonUtf8(answer);
        assertThat(Http.json(answer)).containsOnly(Map.entry("issuer", issuer),
                Map.entry("jwks_uri", issuer + "/auth/jwks"), Map.entry("response_types_supported", List.of()),
                Map.entry("servlet_auth_revocations_uri", issuer + "/auth/revocations"))
                .as("RFC 7009's token revocation endpoint is something else").doesNotContainKey("revocation_endpoint");
        assertThat(Http.send("GET", app.uri("/accounts/auth/revocations")).body()).contains("\"cursor\"");
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
        assertThat(Http.send("GET", app.uri("/accounts/auth/jwks")).body()).contains("\"kid\"");
    }

    @Test
    void springJwtDecodersWhenGivenOnlyTheIssuerUrlThenOurAccessTokensVerify() throws Exception {
        String issuer = startAccounts("/accounts", null, "/auth/*", "/.well-known/openid-configuration");
        String token = accounts.register("reader", ApiFixture.PASSWORD, null).accessToken();

        JwtDecoder spring = springDecoder(issuer);
        Jwt jwt = spring.decode(token);

        assertThat(jwt.getIssuer()).hasToString(issuer);
        assertThat(jwt.getClaimAsString("username")).isEqualTo("reader");
        assertThat(jwt.getSubject()).isEqualTo(String.valueOf(accounts.verify(token).userId()));
        assertThatThrownBy(() -> spring.decode(token.substring(0, token.length() - 4) + "AAAA"))
                .isInstanceOf(JwtException.class);
    }

    @Test
    void springJwtDecodersWhenLeftToItsDefaultTypeCheckThenAtJwtRefusedAsTheReadmeSays() throws Exception {
        String issuer = startAccounts("/accounts", null, "/auth/*", "/.well-known/openid-configuration");
        String token = accounts.register("reader", ApiFixture.PASSWORD, null).accessToken();

        JwtDecoder byDefault = JwtDecoders.fromIssuerLocation(issuer);

        assertThatThrownBy(() -> byDefault.decode(token)).isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("typ");
    }

    /**
     * The README's Spring configuration: the metadata names the keys; Spring Security 7 checks {@code typ: JWT} by
     * default, and our tokens are typed {@code at+jwt} (RFC 9068).
     */
    private static JwtDecoder springDecoder(String issuer) {
        // snippet:spring-resource-server
        NimbusJwtDecoder decoder = JwtDecoders.fromIssuerLocation(issuer);
        decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(new JwtIssuerValidator(issuer),
                new JwtAudienceValidator("servlet-auth"), new JwtTypeValidator("at+jwt")));
        // /snippet
        return decoder;
    }

    @Test
    void ourVerifierWhenGivenOnlyTheIssuerUrlThenTokensVerifyWithUsernameAndRoles() throws Exception {
        String issuer = startAccounts("/accounts", null, "/auth/*", "/.well-known/openid-configuration");
        String token = accounts.register("reader", ApiFixture.PASSWORD, null).accessToken();

        try (JwtVerifier verifier = JwtVerifier.create(AuthConfig.builder().set("auth.jwt.issuer-uri", issuer)
                .set("auth.jwt.algorithm", "ES256").set("auth.jwt.audience", "servlet-auth")
                .set("auth.jwt.username-claim", "username").set("auth.jwt.roles-claim", "roles").build())) {
            VerifiedToken verified = verifier.verify(token);
            assertThat(verified.username()).isEqualTo("reader");
            assertThat(verified.roles()).containsExactly("user");
            assertThat(verified.subject()).isEqualTo(String.valueOf(accounts.verify(token).userId()));
        }
    }

    @Test
    void ourVerifierWhenGivenOnlyTheIssuerUrlThenALoggedOutTokenIsRefusedThroughTheFeedTheMetadataNames()
            throws Exception {
        String issuer = startAccounts("/accounts", null, "/auth/*", "/.well-known/openid-configuration");
        IssuedTokens kept = accounts.register("reader", ApiFixture.PASSWORD, null);
        IssuedTokens loggedOut = accounts.login("reader", ApiFixture.PASSWORD);

        try (JwtVerifier verifier = JwtVerifier.create(AuthConfig.builder().set("auth.jwt.issuer-uri", issuer)
                .set("auth.jwt.algorithm", "ES256").set("auth.jwt.audience", "servlet-auth")
                .set("auth.revocation.poll-interval", "PT0.2S").build())) {
            assertThat(verifier.verify(loggedOut.accessToken()).username()).isEqualTo(String.valueOf(
                    loggedOut.account().userId()));

            assertThat(Http.postJson(app.uri("/accounts/auth/logout"), Map.of(),
                    "Authorization", "Bearer " + loggedOut.accessToken()).statusCode()).isEqualTo(204);

            await(() -> refusedAsRevoked(verifier, loggedOut.accessToken()), "the logout seen through the feed");
            assertThat(verifier.verify(kept.accessToken()).subject()).as("another session")
                    .isEqualTo(String.valueOf(kept.account().userId()));
        }
    }

    @Test
    void ourVerifierWhenTheMetadataNamesAFeedOnAnotherOriginThenItIsNotPolledAndLogged() throws Exception {
        // the accounts webapp on one origin, and metadata on another naming its keys (allowed) and its feed (not)
        JettyApp metadataApp = new JettyApp();
        try (metadataApp) {
            String issuer = "http://127.0.0.1:" + metadataApp.reservePort() + "/idp";
            app = new JettyApp();
            accounts = AuthService.create(config("/accounts").set("auth.jwt.issuer", issuer).build());
            AtomicInteger feedReads = new AtomicInteger();
            app.context("/accounts", ctx -> {
                ctx.addServlet(new ServletHolder(new AuthApiServlet(accounts)), "/auth/*");
                ctx.addFilter(new FilterHolder((Filter) (request, response, chain) -> {
                    feedReads.incrementAndGet();
                    chain.doFilter(request, response);
                }), "/auth/revocations", EnumSet.of(DispatcherType.REQUEST));
            }).start();
            String document = "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + app.uri("/accounts/auth/jwks")
                    + "\",\"response_types_supported\":[],\"servlet_auth_revocations_uri\":\""
                    + app.uri("/accounts/auth/revocations") + "\"}";
            metadataApp.context("/idp", ctx -> ctx.addServlet(new ServletHolder(new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                    response.setContentType("application/json");
                    response.getWriter().write(document);
                }
            }), "/.well-known/openid-configuration")).start();
            IssuedTokens loggedOut = accounts.register("reader", ApiFixture.PASSWORD, null);
            accounts.logout(accounts.verify(loggedOut.accessToken()), null);

            try (LogCapture log = new LogCapture();
                 JwtVerifier verifier = JwtVerifier.create(AuthConfig.builder().set("auth.jwt.issuer-uri", issuer)
                         .set("auth.jwt.algorithm", "ES256").set("auth.jwt.audience", "servlet-auth")
                         .set("auth.revocation.poll-interval", "PT0.2S").build())) {
                assertThat(log.text()).contains("not a URL on the issuer's own origin; it is not polled");
                // many poll intervals later the token still verifies: the feed elsewhere was never read
                for (int i = 0; i < 10; i++) {
                    assertThat(verifier.verify(loggedOut.accessToken()).subject())
                            .isEqualTo(String.valueOf(loggedOut.account().userId()));
                    Thread.sleep(100);
                }
                assertThat(feedReads).as("requests to the feed on the other origin").hasValue(0);
            }
        }
    }

    private static boolean refusedAsRevoked(JwtVerifier verifier, String token) {
        try {
            verifier.verify(token);
            return false;
        } catch (InvalidTokenException e) {
            return e.reason() == InvalidTokenException.Reason.REVOKED;
        }
    }

    private static void await(Callable<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within the hang guard");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void metadataWhenWebappMapsEndpointsOneByOneThenJwksUriIsTheJwksServletsPath() throws Exception {
        app = new JettyApp();
        String issuer = "http://127.0.0.1:" + app.reservePort() + "/keys";
        accounts = AuthService.create(config("/keys").set("auth.jwt.issuer", issuer).build());
        app.context("/keys", ctx -> {
            ctx.addServlet(new ServletHolder(new JwksServlet(accounts)), "/v1/jwks.json");
            ctx.addServlet(new ServletHolder(new IssuerMetadataServlet(accounts)), "/.well-known/openid-configuration");
        }).start();

        HttpResponse<String> answer = Http.send("GET", app.uri("/keys/.well-known/openid-configuration"));

        assertThat(Http.json(answer)).containsEntry("jwks_uri", issuer + "/v1/jwks.json")
                .as("this webapp serves no revocation feed").doesNotContainKey("servlet_auth_revocations_uri");
        assertThat(Http.send("POST", app.uri("/keys/.well-known/openid-configuration")).statusCode()).isEqualTo(405);
    }

    @Test
    void metadataWhenIssuerIsNotTheWebappsUrlThenNotFound() throws Exception {
        startAccounts("/accounts", "servlet-auth", "/auth/*", "/.well-known/openid-configuration");
        assertThat(Http.send("GET", app.uri("/accounts/.well-known/openid-configuration")).statusCode()).isEqualTo(404);
        stop();

        startAccounts("/accounts", "https://accounts.example.org/elsewhere", "/auth/*", "/.well-known/openid-configuration");
        HttpResponse<String> elsewhere = Http.send("GET", app.uri("/accounts/.well-known/openid-configuration"));
        assertThat(elsewhere.statusCode()).isEqualTo(404);
        assertThat(Http.json(elsewhere)).containsEntry("error", "Not found");
    }

    @Test
    void metadataWhenAskedUnderTheApiMappingThenNotFound() throws Exception {
        startAccounts("/accounts", null, "/auth/*", "/.well-known/openid-configuration");

        assertThat(Http.send("GET", app.uri("/accounts/auth/.well-known/openid-configuration")).statusCode())
                .isEqualTo(404);
    }

    @Test
    void metadataWhenTheWebappIsTheRootThenIssuerIsTheHost() throws Exception {
        String issuer = startAccounts("", null, "/auth/*", "/.well-known/openid-configuration");
        assertThat(issuer).doesNotEndWith("/");

        assertThat(Http.json(Http.send("GET", app.uri("/.well-known/openid-configuration"))))
                .containsEntry("jwks_uri", issuer + "/auth/jwks");
        JwtDecoder spring = springDecoder(issuer);
        assertThat(spring.decode(accounts.register("rooted", ApiFixture.PASSWORD, null).accessToken()).getSubject())
                .isNotBlank();
    }

    @Test
    void tokensWhenIssuerIsTheWebappsUrlThenItsIssIsThatUrl() throws Exception {
        String issuer = startAccounts("/accounts", null, "/auth/*", "/.well-known/openid-configuration");
        String token = accounts.register("reader", ApiFixture.PASSWORD, null).accessToken();

        try (JwtVerifier other = JwtVerifier.create(AuthConfig.builder()
                .set("auth.jwt.issuer-uri", issuer + "/").set("auth.jwt.algorithm", "ES256")
                .set("auth.jwt.audience", "servlet-auth").build())) {
            // "<issuer>/" is another issuer: its metadata is looked for at the same place, but names another iss
            assertThatThrownBy(() -> other.verify(token)).isInstanceOf(InvalidTokenException.class);
        }
    }

    /**
     * @param issuer {@code auth.jwt.issuer}; {@code null}: the webapp's own URL
     * @return the issuer configured
     */
    private String startAccounts(String contextPath, String issuer, String... mappings) throws Exception {
        app = new JettyApp();
        int port = app.reservePort();
        String own = issuer != null ? issuer : "http://127.0.0.1:" + port + contextPath;
        accounts = AuthService.create(config(contextPath).set("auth.jwt.issuer", own).build());
        app.context(contextPath.isEmpty() ? "/" : contextPath, ctx -> {
            ServletHolder api = new ServletHolder("auth", new AuthApiServlet(accounts));
            for (String mapping : mappings) {
                ctx.addServlet(api, mapping);
            }
        }).start();
        return own;
    }

    private AuthConfig.Builder config(String name) throws Exception {
        PublicJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        key.setKeyId("accounts-1");
        Path keyFile = dir.resolve("keys" + name.replace('/', '-') + System.nanoTime() + ".json");
        Files.writeString(keyFile, new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        return ApiFixture.sqlite(dir.resolve("db" + System.nanoTime())).set("auth.jwt.algorithm", "ES256")
                .set("auth.jwt.key-file", keyFile.toString());
    }
}
