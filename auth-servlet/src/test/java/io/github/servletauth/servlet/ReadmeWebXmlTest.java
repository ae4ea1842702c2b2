package io.github.servletauth.servlet;

import io.github.servletauth.servlet.testing.ApiFixture;
import io.github.servletauth.servlet.testing.CookieJarClient;
import io.github.servletauth.servlet.testing.Http;
import io.github.servletauth.servlet.testing.JettyApp;
import io.github.servletauth.servlet.testing.ProbeServlet;
import io.github.servletauth.servlet.testing.WebXmlSnippet;
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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deploys the README's web.xml snippets as written (only the data directory, the key file and the JWKS URL are
 * replaced by test values): the accounts webapp with its one API servlet and the filter, the same with the
 * seven endpoint servlets, and a legacy webapp with the filter alone.
 */
class ReadmeWebXmlTest {

    @TempDir
    Path dir;

    JettyApp accounts;
    JettyApp legacy;

    @AfterEach
    void stop() {
        for (JettyApp app : new JettyApp[] {legacy, accounts}) {
            if (app != null) {
                app.close();
            }
        }
    }

    @Test
    void readmeWebXmlSnippetsWhenDeployedThenLegacyServletSeesTheCaller() throws Exception {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId("readme-1");
        Path keyFile = dir.resolve("jwt-keys.json");
        Files.writeString(keyFile, new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        WebXmlSnippet accountsSnippet = WebXmlSnippet.fromReadme("accounts-web-xml");
        accounts = new JettyApp().context("/accounts", ctx -> {
            ctx.addServlet(ProbeServlet.class, "/api/*");
            accountsSnippet.deploy(Map.of("auth.data-dir", dir.toString(), "auth.jwt.key-file", keyFile.toString()))
                    .accept(ctx);
        }).start();
        legacy = new JettyApp().context("/reports", ctx -> {
            ctx.addServlet(ProbeServlet.class, "/*");
            try {
                WebXmlSnippet.fromReadme("legacy-web-xml").deploy(Map.of("auth.jwt.jwks-url",
                        accounts.uri("/accounts/auth/jwks").toString(), "auth.revocation.feed-url",
                        accounts.uri("/accounts/auth/revocations").toString())).accept(ctx);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).start();

        HttpResponse<String> registered = Http.postJson(accounts.uri("/accounts/auth/register"),
                Map.of("username", "reader", "password", ApiFixture.PASSWORD));
        assertThat(registered.statusCode()).isEqualTo(201);
        String token = (String) Http.json(registered).get("token");

        HttpResponse<String> seen = Http.send("GET", legacy.uri("/reports/monthly"), "Authorization", "Bearer " + token);
        HttpResponse<String> anonymous = Http.send("GET", legacy.uri("/reports/monthly"));
        HttpResponse<String> health = Http.send("GET", legacy.uri("/reports/health"));

        assertThat(seen.statusCode()).isEqualTo(200);
        assertThat(Http.json(seen)).containsEntry("remote_user", "reader").containsEntry("user", true);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"reports\"");
        assertThat(health.statusCode()).isEqualTo(200);
        for (String endpoint : new String[] {"login", "validate", "refresh", "logout", "password"}) {
            assertThat(Http.send("GET", accounts.uri("/accounts/auth/" + endpoint)).statusCode()).as(endpoint)
                    .isEqualTo(405);
        }
        HttpResponse<String> unknown = Http.postJson(accounts.uri("/accounts/auth/registre"), Map.of());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Http.json(unknown)).containsEntry("error", "Not found");
        assertThat(Http.send("GET", accounts.uri("/accounts/auth/jwks")).statusCode()).isEqualTo(200);
        // the accounts webapp's own servlets behind the filter see the caller too
        assertThat(Http.json(Http.send("GET", accounts.uri("/accounts/api/me"), "Authorization", "Bearer " + token)))
                .containsEntry("remote_user", "reader");
        assertThat(Http.send("GET", accounts.uri("/accounts/api/me")).statusCode()).isEqualTo(401);

        // the snippet's revocation feed: a logout in the accounts webapp reaches the legacy one
        assertThat(Http.send("POST", accounts.uri("/accounts/auth/logout"), "Authorization", "Bearer " + token)
                .statusCode()).isEqualTo(204);
        HttpResponse<String> afterLogout = Http.send("GET", legacy.uri("/reports/monthly"), "Authorization",
                "Bearer " + token);
        for (int i = 0; i < 150 && afterLogout.statusCode() == 200; i++) {
            Thread.sleep(100); // the filter polls the feed every auth.revocation.poll-interval (5 s)
            afterLogout = Http.send("GET", legacy.uri("/reports/monthly"), "Authorization", "Bearer " + token);
        }
        assertThat(afterLogout.statusCode()).isEqualTo(401);
        assertThat(Http.json(afterLogout)).containsEntry("error", "Invalid token: token revoked");
    }

    @Test
    void readmeBrowserSnippetsWhenDeployedThenOneSignInServesTheAccountsWebappAndAFilterOnlyOne() throws Exception {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId("readme-browser-1");
        Path keyFile = dir.resolve("jwt-keys.json");
        Files.writeString(keyFile, new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        WebXmlSnippet accountsSnippet = WebXmlSnippet.fromReadme("accounts-web-xml");
        WebXmlSnippet accountsFilter = WebXmlSnippet.fromReadme("accounts-browser-web-xml");
        WebXmlSnippet reportsFilter = WebXmlSnippet.fromReadme("browser-web-xml");
        accounts = new JettyApp();
        int port = accounts.reservePort();
        // one host: the accounts webapp at the root (where the snippet's signin-url points), the other beside it
        // (added first: the root context would otherwise answer for every path)
        accounts.context("/reports", ctx -> {
            ctx.addServlet(ProbeServlet.class, "/*");
            reportsFilter.deploy(Map.of("auth.jwt.jwks-url", "http://127.0.0.1:" + port + "/auth/jwks",
                    "auth.revocation.feed-url", "http://127.0.0.1:" + port + "/auth/revocations")).accept(ctx);
        }).context("/", ctx -> {
            ctx.addServlet(ProbeServlet.class, "/pages/*");
            accountsSnippet.deploy(Map.of("auth.data-dir", dir.toString(), "auth.jwt.key-file", keyFile.toString()),
                    false).accept(ctx);
            accountsFilter.deploy(Map.of()).accept(ctx);
        });
        accounts.start();
        Http.postJson(accounts.uri("/auth/register"), Map.of("username", "reader", "password", ApiFixture.PASSWORD));
        CookieJarClient browser = new CookieJarClient();

        HttpResponse<String> first = browser.navigate(accounts.uri("/reports/monthly?y=2026"));
        assertThat(first.statusCode()).isEqualTo(302);
        assertThat(first.headers().firstValue("Location")).hasValue("/auth/signin?return=%2Freports%2Fmonthly%3Fy%3D2026");
        HttpResponse<String> page = browser.navigate(accounts.uri(first.headers().firstValue("Location").orElseThrow()));
        Matcher proof = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(proof.find()).isTrue();
        HttpResponse<String> signedIn = browser.submit(accounts.uri("/auth/signin"), Map.of("username", "reader",
                "password", ApiFixture.PASSWORD, "return", "/reports/monthly?y=2026", "_csrf", proof.group(1)));
        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.headers().firstValue("Location")).hasValue("/reports/monthly?y=2026");

        HttpResponse<String> report = browser.navigate(accounts.uri("/reports/monthly?y=2026"));
        for (int i = 0; i < 60 && report.statusCode() != 200; i++) {
            Thread.sleep(250); // the reports filter fetches the accounts webapp's keys once it listens
            report = browser.navigate(accounts.uri("/reports/monthly?y=2026"));
        }
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(Http.json(report)).containsEntry("remote_user", "reader").containsEntry("auth_type", "FORM");
        assertThat(Http.json(browser.navigate(accounts.uri("/pages/home")))).containsEntry("remote_user", "reader");
        // the API under the accounts filter's public paths answers as before
        assertThat(Http.send("GET", accounts.uri("/auth/jwks")).statusCode()).isEqualTo(200);
        assertThat(Http.send("GET", accounts.uri("/pages/home"), "Accept", "application/json").statusCode())
                .isEqualTo(401);
    }

    @Test
    void readmePerEndpointSnippetWhenDeployedThenSameContract() throws Exception {
        WebXmlSnippet servlets = WebXmlSnippet.fromReadme("accounts-web-xml-per-endpoint");
        accounts = new JettyApp().context("/accounts", ctx -> {
            ctx.setInitParameter("auth.data-dir", dir.toString());
            ctx.addEventListener(new AuthContextListener());
            servlets.deploy(Map.of()).accept(ctx);
        }).start();

        HttpResponse<String> registered = Http.postJson(accounts.uri("/accounts/auth/register"),
                Map.of("username", "writer", "password", ApiFixture.PASSWORD));
        assertThat(registered.statusCode()).isEqualTo(201);
        HttpResponse<String> login = Http.postJson(accounts.uri("/accounts/auth/login"),
                Map.of("username", "writer", "password", ApiFixture.PASSWORD));
        assertThat(login.statusCode()).isEqualTo(200);
        String token = (String) Http.json(login).get("access_token");
        assertThat(Http.json(Http.send("POST", accounts.uri("/accounts/auth/validate"), "Authorization",
                "Bearer " + token))).containsEntry("valid", true).containsEntry("username", "writer");
        assertThat(Http.send("GET", accounts.uri("/accounts/auth/login")).statusCode()).isEqualTo(405);
        assertThat(Http.send("GET", accounts.uri("/accounts/auth/jwks")).statusCode()).isEqualTo(200);
        assertThat(Http.send("GET", accounts.uri("/accounts/auth/revocations")).statusCode()).isEqualTo(200);
    }
}
