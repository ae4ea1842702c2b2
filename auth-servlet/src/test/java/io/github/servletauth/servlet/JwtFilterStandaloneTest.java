package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.AuthService;
import io.github.servletauth.servlet.testing.ApiFixture;
import io.github.servletauth.servlet.testing.Forgeries;
import io.github.servletauth.servlet.testing.Http;
import io.github.servletauth.servlet.testing.JettyApp;
import io.github.servletauth.servlet.testing.ProbeServlet;
import io.github.servletauth.servlet.testing.TestKeys;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter alone in a second webapp with no database, as a legacy webapp adds it: configured only by the
 * HS256 secret, or by the JWKS URL of the webapp that hosts the accounts.
 */
class JwtFilterStandaloneTest {

    @TempDir
    Path dir;

    AuthService accounts;
    JettyApp accountsApp;
    JettyApp legacyApp;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {legacyApp, accountsApp, accounts}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private void startAccounts(AuthConfig.Builder config) throws Exception {
        accounts = AuthService.create(config.build());
        accountsApp = new JettyApp().context("/accounts", ctx -> {
            ctx.addServlet(new ServletHolder(new JwksServlet(accounts)), "/auth/jwks");
        }).start();
    }

    private void startLegacy(Map<String, String> filterParams) throws Exception {
        legacyApp = new JettyApp().context("/legacy", ctx -> {
            ctx.addServlet(ProbeServlet.class, "/*");
            FilterHolder filter = new FilterHolder(JwtFilter.class);
            filter.setInitParameters(filterParams);
            ctx.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        }).start();
    }

    @Test
    void doFilterWhenConfiguredBySecretThenServletSeesPrincipalAndRoles() throws Exception {
        String secret = TestKeys.secret(TestKeys.randomBytes());
        startAccounts(ApiFixture.sqlite(dir).set("auth.jwt.secret", secret));
        startLegacy(Map.of("realm", "legacy", "auth.jwt.secret", secret));
        String token = accounts.register("alice", ApiFixture.PASSWORD, null).accessToken();

        HttpResponse<String> ok = Http.send("GET", legacyApp.uri("/legacy/report"), "Authorization", "Bearer " + token);
        HttpResponse<String> none = Http.send("GET", legacyApp.uri("/legacy/report"));
        HttpResponse<String> forged = Http.send("GET", legacyApp.uri("/legacy/report"),
                "Authorization", "Bearer " + Forgeries.editedClaims(token));

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(Http.json(ok)).containsEntry("principal", "alice").containsEntry("user", true)
                .containsEntry("admin", false);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"legacy\"");
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"legacy\", error=\"invalid_token\"");
    }

    @Test
    void doFilterWhenConfiguredByJwksUrlThenServletSeesPrincipalAndRoles() throws Exception {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId("test-1");
        Path keyFile = dir.resolve("keys.json");
        Files.writeString(keyFile, new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        startAccounts(ApiFixture.sqlite(dir).set("auth.jwt.algorithm", "RS256")
                .set("auth.jwt.key-file", keyFile.toString()));
        startLegacy(Map.of("realm", "legacy", "auth.jwt.algorithm", "RS256",
                "auth.jwt.jwks-url", accountsApp.uri("/accounts/auth/jwks").toString()));
        String token = accounts.register("bob", ApiFixture.PASSWORD, null).accessToken();

        HttpResponse<String> jwks = Http.send("GET", accountsApp.uri("/accounts/auth/jwks"));
        HttpResponse<String> ok = Http.send("GET", legacyApp.uri("/legacy/report"), "Authorization", "Bearer " + token);
        HttpResponse<String> forged = Http.send("GET", legacyApp.uri("/legacy/report"),
                "Authorization", "Bearer " + Forgeries.embeddedJwk(token));

        assertThat(jwks.body()).contains("\"test-1\"").doesNotContain("\"d\"");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(Http.json(ok)).containsEntry("remote_user", "bob").containsEntry("user", true);
        assertThat(forged.statusCode()).isEqualTo(401);
    }
}
