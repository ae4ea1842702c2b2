package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.AuthService;
import io.github.servletauth.servlet.testing.ApiFixture;
import io.github.servletauth.servlet.testing.CookieJarClient;
import io.github.servletauth.servlet.testing.Http;
import io.github.servletauth.servlet.testing.JettyApp;
import io.github.servletauth.servlet.testing.ProbeServlet;
import io.github.servletauth.testing.TestClock;
import io.github.servletauth.servlet.testing.TestKeys;
import io.github.servletauth.testing.PostgresTestDatabase;
import io.github.servletauth.testing.TcpProxy;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Browser sign-in while PostgreSQL is unreachable (a TCP proxy the test cuts): the sign-in page, renewal and
 * sign-out say so in words with 503 and {@code Retry-After}, keep the browser's cookies, and pages with a valid
 * access cookie keep working (verification is local).
 */
class PostgresBrowserOutageTest {

    @RegisterExtension
    final PostgresTestDatabase pg = new PostgresTestDatabase();

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock();
    private final CookieJarClient browser = new CookieJarClient();
    private TcpProxy proxy;
    private AuthService auth;
    private JettyApp app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (auth != null) {
            auth.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void databaseDownWhenSigningInRenewingOrSigningOutThen503PagesInWordsAndTheCookiesKept() throws Exception {
        proxy = new TcpProxy(pg.host(), pg.port());
        auth = AuthService.create(AuthConfig.builder().set("auth.data-dir", dir.toString())
                .set("auth.db.url", pg.urlVia(proxy.port(), "servlet-auth-browser-outage"))
                .set("auth.db.connect-timeout", "PT0.5S").set("auth.db.pool-size", "2")
                .set("auth.jwt.secret", TestKeys.secret(TestKeys.randomBytes()))
                .set("auth.jwt.access-ttl", "PT1M").set("auth.jwt.clock-skew", "PT0S").clock(clock).build());
        auth.register("outage-olga", ApiFixture.PASSWORD, null);
        auth.register("outage-otto", ApiFixture.PASSWORD, null);
        app = new JettyApp().context("/app", ctx -> {
            ctx.setAttribute(AuthContextListener.SERVICE_ATTRIBUTE, auth);
            ctx.addServlet(new ServletHolder(new AuthApiServlet(auth)), "/auth/*");
            ctx.addServlet(ProbeServlet.class, "/pages/*");
            ctx.addFilter(new FilterHolder(JwtFilter.class), "/pages/*", EnumSet.of(DispatcherType.REQUEST));
        }).start();
        assertThat(signIn("outage-olga").statusCode()).isEqualTo(303);
        String access = browser.value("auth_access", "/");
        String csrf = (String) Http.json(browser.navigate(app.uri("/app/pages/me"))).get("csrf");

        proxy.cut();
        CookieJarClient other = new CookieJarClient();
        HttpResponse<String> page = other.navigate(app.uri("/app/auth/signin"));
        Matcher proof = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(proof.find()).isTrue();
        HttpResponse<String> refused = other.submit(app.uri("/app/auth/signin"), Map.of("username", "outage-otto",
                "password", ApiFixture.PASSWORD, "return", "/app/pages/x", "_csrf", proof.group(1)));
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.body()).contains("id=\"signin-error\"", "temporarily unavailable");

        // a page with a valid access cookie needs no database
        assertThat(Http.json(browser.navigate(app.uri("/app/pages/me")))).containsEntry("remote_user", "outage-olga");

        HttpResponse<String> out = browser.submit(app.uri("/app/auth/signout"), Map.of("_csrf", csrf));
        assertThat(out.statusCode()).isEqualTo(503);
        assertThat(out.body()).contains("still signed in");
        assertThat(browser.value("auth_access", "/")).isEqualTo(access);

        clock.advance(Duration.ofMinutes(2));
        HttpResponse<String> renew = browser.navigate(app.uri("/app/auth/renew?return=%2Fapp%2Fpages%2Fme"));
        assertThat(renew.statusCode()).isEqualTo(503);
        assertThat(renew.headers().firstValue("Retry-After")).isPresent();
        assertThat(renew.body()).contains("temporarily unavailable");
        assertThat(browser.value("auth_refresh", "/app/auth/renew")).isNotNull();

        proxy.restore();
        HttpResponse<String> renewed = browser.navigate(app.uri("/app/auth/renew?return=%2Fapp%2Fpages%2Fme"));
        for (int i = 0; i < 20 && renewed.statusCode() == 503; i++) {
            Thread.sleep(250); // the pool reconnects
            renewed = browser.navigate(app.uri("/app/auth/renew?return=%2Fapp%2Fpages%2Fme"));
        }
        assertThat(renewed.statusCode()).isEqualTo(303);
        assertThat(renewed.headers().firstValue("Location")).hasValue("/app/pages/me");
        assertThat(Http.json(browser.navigate(app.uri("/app/pages/me")))).containsEntry("remote_user", "outage-olga");
    }

    private HttpResponse<String> signIn(String username) throws Exception {
        HttpResponse<String> page = browser.navigate(app.uri("/app/auth/signin"));
        Matcher proof = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(proof.find()).isTrue();
        return browser.submit(app.uri("/app/auth/signin"), Map.of("username", username,
                "password", ApiFixture.PASSWORD, "return", "/app/pages/x", "_csrf", proof.group(1)));
    }
}
