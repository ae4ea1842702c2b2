package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthService;
import io.github.servletauth.servlet.testing.ApiFixture;
import io.github.servletauth.servlet.testing.CookieJarClient;
import io.github.servletauth.servlet.testing.Http;
import io.github.servletauth.servlet.testing.JettyApp;
import io.github.servletauth.servlet.testing.ProbeServlet;
import io.github.servletauth.testing.TestClock;
import io.github.servletauth.servlet.testing.TestKeys;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Browser sign-in over real HTTP through embedded Jetty: the accounts webapp ({@code /app}: the API with its
 * sign-in, renew and sign-out endpoints, and pages behind the filter) and a filter-only webapp on the same host
 * ({@code /other}, verifying with the shared secret). A cookie-keeping client plays the browser, hop by hop.
 */
class BrowserSignInTest {

    private static final String USER = "browser-alice";

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock();
    private final CookieJarClient browser = new CookieJarClient();
    private AuthService auth;
    private JettyApp app;

    @BeforeEach
    void start() throws Exception {
        String secret = TestKeys.secret(TestKeys.randomBytes());
        auth = AuthService.create(ApiFixture.sqlite(dir).set("auth.jwt.secret", secret)
                .set("auth.jwt.access-ttl", "PT1M").set("auth.jwt.clock-skew", "PT0S").clock(clock).build());
        auth.register(USER, ApiFixture.PASSWORD, null);
        app = new JettyApp().context("/app", ctx -> {
            ctx.setAttribute(AuthContextListener.SERVICE_ATTRIBUTE, auth);
            ctx.addServlet(new ServletHolder(new AuthApiServlet(auth)), "/auth/*");
            ctx.addServlet(ProbeServlet.class, "/pages/*");
            ctx.addServlet(ProbeServlet.class, "/public/*");
            filter(ctx, Map.of("realm", "app", "public-paths", "/public/*"), "/pages/*", "/public/*");
        }).context("/other", ctx -> {
            ctx.addServlet(ProbeServlet.class, "/*");
            filter(ctx, Map.of("auth.jwt.secret", secret, "signin-url", "/app/auth/signin"), "/*");
        }).start();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (auth != null) {
            auth.close();
        }
    }

    private static void filter(ServletContextHandler ctx, Map<String, String> params, String... paths) {
        FilterHolder filter = new FilterHolder(JwtFilter.class);
        filter.setInitParameters(params);
        for (String path : paths) {
            ctx.addFilter(filter, path, EnumSet.of(DispatcherType.REQUEST));
        }
    }

    private URI uri(String path) {
        return app.uri(path);
    }

    @Test
    void pageWhenNoTokenThenRedirectsToSignInWithTheRequestedPathAsReturn() throws Exception {
        HttpResponse<String> r = browser.navigate(uri("/app/pages/report?month=11&x=%2F"));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValue("/app/auth/signin?return="
                + URLEncoder.encode("/app/pages/report?month=11&x=%2F", StandardCharsets.UTF_8));
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void requestWhenItAsksForJsonOrIsAScriptThen401JsonNeverARedirect() throws Exception {
        for (String[] headers : List.of(new String[] {"Accept", "application/json"},
                new String[] {"Accept", "text/html", "Sec-Fetch-Mode", "cors"},
                new String[] {"Accept", "*/*"}, new String[] {})) {
            HttpResponse<String> r = browser.send(HttpRequest.newBuilder(uri("/app/pages/report")).GET(), headers);
            assertThat(r.statusCode()).as(String.join(" ", headers)).isEqualTo(401);
            Http.assertJsonUtf8(r);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"app\"");
        }
    }

    @Test
    void signInPageWhenShownThenFormWithoutScriptAndALoginCsrfCookieAndNoSession() throws Exception {
        HttpResponse<String> page = browser.navigate(uri("/app/auth/signin?return=%2Fapp%2Fpages%2Fx"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("default-src 'none'", "form-action 'self'", "frame-ancestors 'none'")
                .doesNotContain("script-src");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.body()).contains("name=\"username\"", "name=\"password\"", "type=\"password\"",
                "name=\"return\" value=\"/app/pages/x\"", "action=\"/app/auth/signin\"").doesNotContain("<script");
        CookieJarClient.Cookie proof = browser.cookie("auth_signin", "/");
        assertThat(proof).isNotNull();
        assertThat(proof.attributes()).contains("HttpOnly", "SameSite=Strict");
        assertThat(page.body()).contains("name=\"_csrf\" value=\"" + proof.value() + "\"");
        assertNoSession();
    }

    @Test
    void signInWhenCredentialsRightThenCookiesAndBackToTheRequestedPage() throws Exception {
        HttpResponse<String> landed = signIn(USER, ApiFixture.PASSWORD, "/app/pages/report?month=11");
        assertThat(landed.statusCode()).isEqualTo(303);
        assertThat(landed.headers().firstValue("Location")).hasValue("/app/pages/report?month=11");
        CookieJarClient.Cookie access = browser.cookie("auth_access", "/");
        assertThat(access.attributes()).contains("HttpOnly", "SameSite=Lax", "Max-Age=" + Duration.ofDays(14).toSeconds())
                .doesNotContain("Secure", "Domain");
        assertThat(browser.cookie("auth_refresh", "/app/auth/renew").attributes()).contains("HttpOnly");
        assertThat(browser.value("auth_refresh", "/app/auth/signout"))
                .isEqualTo(browser.value("auth_refresh", "/app/auth/renew"));

        HttpResponse<String> page = browser.navigate(uri("/app/pages/report?month=11"));
        assertThat(page.statusCode()).isEqualTo(200);
        Map<String, Object> seen = Http.json(page);
        assertThat(seen).containsEntry("remote_user", USER).containsEntry("principal", USER)
                .containsEntry("auth_type", "FORM").containsEntry("user", true).containsEntry("admin", false);
        assertThat((String) seen.get("csrf")).hasSize(43);
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        // the access token travels only in the cookie: never in a URL or a page
        assertThat(landed.headers().firstValue("Location").orElseThrow()).doesNotContain(access.value());
        assertNoSession();
    }

    @Test
    void signInWhenRefusedThenThePageSaysWhyInWords() throws Exception {
        HttpResponse<String> wrong = signIn(USER, "not the password at all", "/app/pages/x");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("id=\"signin-error\"", "username or password is not right")
                .contains("value=\"" + USER + "\"").doesNotContain("not the password at all");
        assertThat(browser.value("auth_access", "/")).isNull();

        HttpResponse<String> empty = signIn(USER, "", "/app/pages/x");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("Enter your username and password");

        HttpResponse<String> throttled = wrong;
        for (int i = 0; i < 10 && throttled.statusCode() != 429; i++) {
            throttled = signIn(USER, "still not the password", "/app/pages/x");
        }
        assertThat(throttled.statusCode()).isEqualTo(429);
        long wait = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
        assertThat(throttled.body()).contains("Too many failed sign-ins. Try again in " + wait + " second");
    }

    @Test
    void signInWhenProofMissingOrFromAnotherSiteThenRefusedAndNoCookies() throws Exception {
        browser.navigate(uri("/app/auth/signin"));
        String proof = browser.value("auth_signin", "/");
        Map<String, String> form = Map.of("username", USER, "password", ApiFixture.PASSWORD, "return", "/app/");
        HttpResponse<String> noProof = browser.submit(uri("/app/auth/signin"), form);
        Map<String, String> withProof = new LinkedHashMap<>(form);
        withProof.put("_csrf", proof);
        HttpResponse<String> crossSite = browser.submit(uri("/app/auth/signin"), withProof,
                "Origin", "http://evil.example", "Sec-Fetch-Site", "cross-site");
        withProof.put("_csrf", proof.substring(1) + "A");
        HttpResponse<String> wrongProof = browser.submit(uri("/app/auth/signin"), withProof);
        for (HttpResponse<String> r : List.of(noProof, crossSite, wrongProof)) {
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("sign-in form has expired or was sent from another site");
        }
        assertThat(browser.value("auth_access", "/")).isNull();
    }

    @Test
    void signInWhenReturnTargetLeavesTheHostThenTheDefaultInstead() throws Exception {
        for (String hostile : List.of("https://evil.example/", "//evil.example", "/\\evil.example",
                "javascript:alert(1)", "/%2F%2Fevil.example", "/" + "a".repeat(3000))) {
            HttpResponse<String> r = signIn(USER, ApiFixture.PASSWORD, hostile);
            assertThat(r.statusCode()).isEqualTo(303);
            assertThat(r.headers().firstValue("Location")).as(hostile).hasValue("/app/");
        }
    }

    @Test
    void pageWhenAccessTokenExpiredThenRenewedSilentlyAndTheRefreshTokenRotates() throws Exception {
        signIn(USER, ApiFixture.PASSWORD, "/app/pages/a");
        String access = browser.value("auth_access", "/");
        String refresh = browser.value("auth_refresh", "/app/auth/renew");
        clock.advance(Duration.ofMinutes(2));

        HttpResponse<String> expired = browser.navigate(uri("/app/pages/a?b=1"));
        assertThat(expired.statusCode()).isEqualTo(302);
        String renew = expired.headers().firstValue("Location").orElseThrow();
        assertThat(renew).isEqualTo("/app/auth/renew?return=" + URLEncoder.encode("/app/pages/a?b=1", StandardCharsets.UTF_8));
        HttpResponse<String> renewed = browser.navigate(uri(renew));
        assertThat(renewed.statusCode()).isEqualTo(303);
        assertThat(renewed.headers().firstValue("Location")).hasValue("/app/pages/a?b=1");
        assertThat(browser.value("auth_access", "/")).isNotEqualTo(access);
        assertThat(browser.value("auth_refresh", "/app/auth/renew")).isNotEqualTo(refresh);
        assertThat(browser.value("auth_refresh", "/app/auth/signout"))
                .isEqualTo(browser.value("auth_refresh", "/app/auth/renew"));
        assertThat(Http.json(browser.navigate(uri("/app/pages/a?b=1")))).containsEntry("remote_user", USER);
    }

    @Test
    void renewWhenTwoTabsRenewAtOnceThenBothLandSignedInAndTheSessionLives() throws Exception {
        signIn(USER, ApiFixture.PASSWORD, "/app/");
        String oldRefresh = browser.value("auth_refresh", "/app/auth/renew");
        clock.advance(Duration.ofMinutes(2));
        assertThat(browser.navigate(uri("/app/auth/renew?return=%2Fapp%2Fpages%2Fone")).statusCode()).isEqualTo(303);
        // the second tab's request left with the cookie of before the first renewal
        CookieJarClient lateTab = new CookieJarClient();
        lateTab.put("auth_refresh", oldRefresh, "/app/auth/renew");
        HttpResponse<String> second = lateTab.navigate(uri("/app/auth/renew?return=%2Fapp%2Fpages%2Ftwo"));
        assertThat(second.statusCode()).isEqualTo(303);
        assertThat(second.headers().firstValue("Location")).hasValue("/app/pages/two");
        assertThat(Http.json(browser.navigate(uri("/app/pages/two")))).containsEntry("remote_user", USER);
    }

    @Test
    void renewWhenNoOrDeadRefreshCookieThenSignInWithTheSameReturn() throws Exception {
        HttpResponse<String> none = browser.navigate(uri("/app/auth/renew?return=%2Fapp%2Fpages%2Fx"));
        assertThat(none.statusCode()).isEqualTo(303);
        assertThat(none.headers().firstValue("Location")).hasValue("/app/auth/signin?return=%2Fapp%2Fpages%2Fx");
        browser.put("auth_refresh", "garbage-" + "x".repeat(40), "/app/auth/renew");
        HttpResponse<String> dead = browser.navigate(uri("/app/auth/renew?return=%2Fapp%2Fpages%2Fx"));
        assertThat(dead.headers().firstValue("Location")).hasValue("/app/auth/signin?return=%2Fapp%2Fpages%2Fx");
    }

    @Test
    void signOutThenSessionRevokedCookiesClearedAndTheOldCookieRefused() throws Exception {
        signIn(USER, ApiFixture.PASSWORD, "/app/");
        String access = browser.value("auth_access", "/");
        String csrf = (String) Http.json(browser.navigate(uri("/app/pages/me"))).get("csrf");

        HttpResponse<String> out = browser.submit(uri("/app/auth/signout"), Map.of("_csrf", csrf));
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Location")).hasValue("/app/auth/signin?return=%2Fapp%2F");
        assertThat(browser.value("auth_access", "/")).isNull();
        assertThat(browser.value("auth_refresh", "/app/auth/renew")).isNull();
        assertThat(browser.value("auth_refresh", "/app/auth/signout")).isNull();
        assertThat(browser.navigate(uri("/app/pages/me")).statusCode()).isEqualTo(302);

        CookieJarClient replay = new CookieJarClient();
        replay.put("auth_access", access, "/");
        HttpResponse<String> replayed = replay.navigate(uri("/app/pages/me"));
        assertThat(replayed.statusCode()).isEqualTo(302);
        assertThat(replayed.headers().firstValue("Location").orElseThrow()).startsWith("/app/auth/signin?");
        assertThat(Http.send("POST", uri("/app/auth/validate"), "Authorization", "Bearer " + access).statusCode())
                .isEqualTo(401);
    }

    @Test
    void signOutWhenAccessTokenAlreadyExpiredThenTheRefreshCookieEndsTheSession() throws Exception {
        signIn(USER, ApiFixture.PASSWORD, "/app/");
        String csrf = (String) Http.json(browser.navigate(uri("/app/pages/me"))).get("csrf");
        String refresh = browser.value("auth_refresh", "/app/auth/signout");
        clock.advance(Duration.ofMinutes(2));
        HttpResponse<String> out = browser.submit(uri("/app/auth/signout"), Map.of("_csrf", csrf));
        assertThat(out.statusCode()).isEqualTo(303);
        CookieJarClient replay = new CookieJarClient();
        replay.put("auth_refresh", refresh, "/app/auth/renew");
        assertThat(replay.navigate(uri("/app/auth/renew?return=%2Fapp%2F")).headers().firstValue("Location"))
                .hasValue("/app/auth/signin?return=%2Fapp%2F");
    }

    @Test
    void signOutWhenProofMissingOrCrossSiteThen403AndTheSessionLives() throws Exception {
        signIn(USER, ApiFixture.PASSWORD, "/app/");
        String csrf = (String) Http.json(browser.navigate(uri("/app/pages/me"))).get("csrf");
        HttpResponse<String> noProof = browser.submit(uri("/app/auth/signout"), Map.of());
        HttpResponse<String> crossSite = browser.submit(uri("/app/auth/signout"), Map.of("_csrf", csrf),
                "Origin", "http://evil.example", "Sec-Fetch-Site", "cross-site");
        assertThat(noProof.statusCode()).isEqualTo(403);
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(Http.json(browser.navigate(uri("/app/pages/me")))).containsEntry("remote_user", USER);
        HttpResponse<String> script = browser.send(HttpRequest.newBuilder(uri("/app/auth/signout"))
                .POST(HttpRequest.BodyPublishers.noBody()), "Accept", "application/json", "X-CSRF-Token", csrf);
        assertThat(script.statusCode()).isEqualTo(204);
        assertThat(browser.navigate(uri("/app/pages/me")).statusCode()).isEqualTo(302);
    }

    @Test
    void unsafeRequestWithTheCookieWhenNoProofOrAnotherSiteThen403ElseItPasses() throws Exception {
        signIn(USER, ApiFixture.PASSWORD, "/app/");
        String csrf = (String) Http.json(browser.navigate(uri("/app/pages/me"))).get("csrf");
        URI page = uri("/app/pages/notes");

        assertThat(browser.submit(page, Map.of("note", "x")).statusCode()).isEqualTo(403);
        assertThat(browser.submit(page, Map.of("note", "x", "_csrf", "A".repeat(43))).statusCode()).isEqualTo(403);
        assertThat(browser.submit(page, Map.of("note", "x", "_csrf", csrf), "Origin", "http://evil.example",
                "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
        assertThat(browser.submit(page, Map.of("note", "x", "_csrf", csrf), "Sec-Fetch-Site", "cross-site")
                .statusCode()).isEqualTo(403);
        HttpResponse<String> form = browser.submit(page, Map.of("note", "x", "_csrf", csrf));
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(Http.json(form)).containsEntry("remote_user", USER);
        HttpResponse<String> script = browser.send(HttpRequest.newBuilder(page).method("DELETE",
                HttpRequest.BodyPublishers.noBody()), "X-CSRF-Token", csrf, "Origin", "http://127.0.0.1:" + app.port());
        assertThat(script.statusCode()).isEqualTo(200);
        // a cross-site form post does not even carry the Lax cookie: refused all the same, never a redirect
        CookieJarClient stranger = new CookieJarClient();
        assertThat(stranger.submit(page, Map.of("note", "x"), "Origin", "http://evil.example",
                "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
    }

    @Test
    void bearerRequestWhenUnsafeThenNoCsrfProofNeededAndTheContractUnchanged() throws Exception {
        String token = auth.login(USER, ApiFixture.PASSWORD).accessToken();
        HttpResponse<String> r = Http.post(uri("/app/pages/notes"), "application/x-www-form-urlencoded", "note=x",
                "Authorization", "Bearer " + token);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.json(r)).containsEntry("auth_type", "Bearer").containsEntry("csrf", null);
        assertThat(r.headers().firstValue("Cache-Control")).isEmpty();
    }

    @Test
    void cookieWhenGarbageDuplicatedOversizedOrOfAnotherIssuerThenAsIfThereWereNone() throws Exception {
        String token = auth.login(USER, ApiFixture.PASSWORD).accessToken();
        AuthService foreign = AuthService.create(ApiFixture.sqlite(dir.resolve("foreign"))
                .set("auth.jwt.secret", TestKeys.secret(TestKeys.randomBytes())).build());
        String other = foreign.register("foreign-bob", ApiFixture.PASSWORD, null).accessToken();
        foreign.close();
        for (String cookie : List.of("auth_access=%%%garbage", "auth_access=" + token + "; auth_access=" + token,
                "auth_access=" + "A".repeat(5000), "auth_access=" + other, "auth_access=\"" + token + "x\"",
                "auth_access=" + token.replace('.', ','))) {
            HttpResponse<String> page = browser.send(HttpRequest.newBuilder(uri("/app/pages/me")).GET(),
                    "Cookie", cookie, "Accept", "text/html", "Sec-Fetch-Mode", "navigate");
            assertThat(page.statusCode()).as(cookie.substring(0, Math.min(60, cookie.length()))).isEqualTo(302);
            assertThat(page.headers().firstValue("Location").orElseThrow()).startsWith("/app/auth/signin?");
            HttpResponse<String> json = browser.send(HttpRequest.newBuilder(uri("/app/pages/me")).GET(),
                    "Cookie", cookie, "Accept", "application/json");
            assertThat(json.statusCode()).isEqualTo(401);
        }
        // a valid cookie on a public path is honoured; a garbage one ignored
        assertThat(Http.json(browser.send(HttpRequest.newBuilder(uri("/app/public/x")).GET(),
                "Cookie", "auth_access=" + token))).containsEntry("remote_user", USER);
        assertThat(Http.json(browser.send(HttpRequest.newBuilder(uri("/app/public/x")).GET(),
                "Cookie", "auth_access=nonsense"))).containsEntry("remote_user", null);
    }

    @Test
    void filterOnlyWebappOnTheSameHostWhenSignedInThenSeesTheUserElseSendsToTheAccountsSignIn() throws Exception {
        HttpResponse<String> first = browser.navigate(uri("/other/reports?y=2026"));
        assertThat(first.statusCode()).isEqualTo(302);
        assertThat(first.headers().firstValue("Location")).hasValue("/app/auth/signin?return="
                + URLEncoder.encode("/other/reports?y=2026", StandardCharsets.UTF_8));
        HttpResponse<String> landed = signIn(USER, ApiFixture.PASSWORD, "/other/reports?y=2026");
        assertThat(landed.headers().firstValue("Location")).hasValue("/other/reports?y=2026");
        HttpResponse<String> page = browser.navigate(uri("/other/reports?y=2026"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(Http.json(page)).containsEntry("remote_user", USER).containsEntry("auth_type", "FORM");
        assertNoSession();
    }

    @Test
    void secureCookiesWhenConfiguredThenHostPrefixedAndAPlainCookieIsNotRead() throws Exception {
        AuthService secure = AuthService.create(ApiFixture.sqlite(dir.resolve("secure"))
                .set("auth.jwt.secret", TestKeys.secret(TestKeys.randomBytes()))
                .set("auth.browser.cookie-secure", "true").build());
        secure.register(USER, ApiFixture.PASSWORD, null);
        try (JettyApp secureApp = new JettyApp().context("/s", ctx -> {
            ctx.setAttribute(AuthContextListener.SERVICE_ATTRIBUTE, secure);
            ctx.addServlet(new ServletHolder(new AuthApiServlet(secure)), "/auth/*");
            ctx.addServlet(ProbeServlet.class, "/pages/*");
            filter(ctx, Map.of(), "/pages/*");
        }).start()) {
            browser.navigate(secureApp.uri("/s/auth/signin"));
            String proof = browser.value("__Host-auth_signin", "/");
            HttpResponse<String> in = browser.submit(secureApp.uri("/s/auth/signin"), Map.of("username", USER,
                    "password", ApiFixture.PASSWORD, "return", "/s/pages/x", "_csrf", proof));
            assertThat(in.statusCode()).isEqualTo(303);
            CookieJarClient.Cookie access = browser.cookie("__Host-auth_access", "/");
            assertThat(access.attributes()).contains("Secure", "HttpOnly").doesNotContain("Domain");
            assertThat(browser.cookie("__Secure-auth_refresh", "/s/auth/renew").attributes()).contains("Secure");
            assertThat(Http.json(browser.navigate(secureApp.uri("/s/pages/x")))).containsEntry("remote_user", USER);
            CookieJarClient tossed = new CookieJarClient();
            tossed.put("auth_access", access.value(), "/");
            assertThat(tossed.navigate(secureApp.uri("/s/pages/x")).statusCode()).isEqualTo(302);
        } finally {
            secure.close();
        }
    }

    @Test
    void signInPageWhenTheWebappHasItsOwnThenForwardedWithTheFormsParts() throws Exception {
        try (JettyApp custom = new JettyApp().context("/c", ctx -> {
            ServletHolder api = new ServletHolder(new AuthApiServlet(auth));
            api.setInitParameter(AuthApiServlet.SIGNIN_PAGE, "/WEB-INF/signin");
            ctx.addServlet(api, "/auth/*");
            ctx.addServlet(new ServletHolder(new OwnSignInPage()), "/WEB-INF/signin");
        }).start()) {
            HttpResponse<String> page = browser.navigate(custom.uri("/c/auth/signin?return=%2Fc%2Fhome"));
            assertThat(page.statusCode()).isEqualTo(200);
            String proof = browser.value("auth_signin", "/");
            assertThat(page.body()).isEqualTo("own page: action=/c/auth/signin return=/c/home csrf=" + proof
                    + " error=null username=null");
            HttpResponse<String> refused = browser.submit(custom.uri("/c/auth/signin"), Map.of("username", USER,
                    "password", "wrong password here", "return", "/c/home", "_csrf", proof));
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).contains("error=The username or password is not right.",
                    "username=" + USER);
        }
    }

    /** A webapp's own sign-in page, standing in for a JSP: shows what it was given. */
    static final class OwnSignInPage extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain; charset=utf-8");
            resp.getWriter().print("own page: action=" + req.getAttribute("io.github.servletauth.signin.action")
                    + " return=" + req.getAttribute("io.github.servletauth.signin.return")
                    + " csrf=" + req.getAttribute(JwtFilter.CSRF_ATTRIBUTE)
                    + " error=" + req.getAttribute("io.github.servletauth.signin.error")
                    + " username=" + req.getAttribute("io.github.servletauth.signin.username"));
        }
    }

    private HttpResponse<String> signIn(String username, String password, String returnTarget) throws Exception {
        HttpResponse<String> page = browser.navigate(uri("/app/auth/signin"));
        Matcher proof = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(proof.find()).as(page.body()).isTrue();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", username);
        form.put("password", password);
        form.put("return", returnTarget);
        form.put("_csrf", proof.group(1));
        return browser.submit(uri("/app/auth/signin"), form);
    }

    private void assertNoSession() {
        assertThat(browser.received()).noneMatch(c -> c.toUpperCase(java.util.Locale.ROOT).startsWith("JSESSIONID"));
    }
}
