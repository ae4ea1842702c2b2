package io.github.servletauth.servlet.jaspic;

import io.github.servletauth.core.AuthService;
import io.github.servletauth.servlet.JwksServlet;
import io.github.servletauth.servlet.testing.ApiFixture;
import io.github.servletauth.servlet.testing.AuthenticateServlet;
import io.github.servletauth.servlet.testing.Forgeries;
import io.github.servletauth.servlet.testing.Http;
import io.github.servletauth.servlet.testing.JettyApp;
import io.github.servletauth.servlet.testing.ProbeServlet;
import io.github.servletauth.testing.TestClock;
import io.github.servletauth.servlet.testing.TomcatApp;
import io.github.servletauth.servlet.testing.WebXmlSnippet;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's registration snippet in a webapp whose {@code web.xml} keeps its own security constraints, with
 * the README's {@code META-INF/context.xml}, deployed in an embedded Tomcat 10.1 (Jakarta Authentication built
 * in) beside an accounts webapp serving its JWKS: the container enforces the constraints with our tokens. The
 * same webapp without the {@code context.xml} ({@code /untuned}) shows why the README asks for it. One Tomcat
 * for all cases.
 */
class JaspicTomcatTest {

    /** The legacy webapp's own rules, as it had them before tokens. */
    static final String CONSTRAINTS = """
              <servlet><servlet-name>probe</servlet-name>
                <servlet-class>io.github.servletauth.servlet.testing.ProbeServlet</servlet-class></servlet>
              <servlet-mapping><servlet-name>probe</servlet-name><url-pattern>/*</url-pattern></servlet-mapping>
              <servlet><servlet-name>authenticate</servlet-name>
                <servlet-class>io.github.servletauth.servlet.testing.AuthenticateServlet</servlet-class></servlet>
              <servlet-mapping><servlet-name>authenticate</servlet-name><url-pattern>/authenticate</url-pattern></servlet-mapping>
              <servlet><servlet-name>visits</servlet-name>
                <servlet-class>io.github.servletauth.servlet.testing.VisitsServlet</servlet-class></servlet>
              <servlet-mapping><servlet-name>visits</servlet-name><url-pattern>/reports/visits</url-pattern></servlet-mapping>
              <servlet-mapping><servlet-name>visits</servlet-name><url-pattern>/visits</url-pattern></servlet-mapping>
              <servlet><servlet-name>ledger</servlet-name>
                <servlet-class>io.github.servletauth.servlet.testing.AdminOnlyProbeServlet</servlet-class></servlet>
              <servlet-mapping><servlet-name>ledger</servlet-name><url-pattern>/ledger/*</url-pattern></servlet-mapping>
              <servlet><servlet-name>invoices</servlet-name>
                <servlet-class>io.github.servletauth.servlet.testing.PostForAdminsProbeServlet</servlet-class></servlet>
              <servlet-mapping><servlet-name>invoices</servlet-name><url-pattern>/invoices/*</url-pattern></servlet-mapping>
              <security-constraint>
                <web-resource-collection><web-resource-name>admin</web-resource-name><url-pattern>/admin/*</url-pattern></web-resource-collection>
                <auth-constraint><role-name>admin</role-name></auth-constraint>
              </security-constraint>
              <security-constraint>
                <web-resource-collection><web-resource-name>reports</web-resource-name><url-pattern>/reports/*</url-pattern></web-resource-collection>
                <auth-constraint><role-name>user</role-name></auth-constraint>
              </security-constraint>
              <security-constraint>
                <web-resource-collection><web-resource-name>order changes</web-resource-name><url-pattern>/orders/*</url-pattern>
                  <http-method>POST</http-method></web-resource-collection>
                <auth-constraint><role-name>admin</role-name></auth-constraint>
              </security-constraint>
              <security-constraint>
                <web-resource-collection><web-resource-name>closed</web-resource-name><url-pattern>/closed/*</url-pattern></web-resource-collection>
                <auth-constraint/>
              </security-constraint>
              <security-role><role-name>admin</role-name></security-role>
              <security-role><role-name>user</role-name></security-role>
            """;

    @TempDir
    static Path dir;

    static TestClock clock = new TestClock();
    static AuthService accounts;
    static JettyApp accountsApp;
    static TomcatApp tomcat;
    static String user;
    static String admin;
    static String expired;
    final List<HttpResponse<String>> responses = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId("jaspic-1");
        Path keyFile = dir.resolve("keys.json");
        Files.writeString(keyFile, new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        accounts = AuthService.create(ApiFixture.sqlite(dir).set("auth.jwt.algorithm", "RS256")
                .set("auth.jwt.key-file", keyFile.toString()).clock(clock).build());
        accountsApp = new JettyApp().context("/accounts",
                ctx -> ctx.addServlet(new ServletHolder(new JwksServlet(accounts)), "/auth/jwks")).start();
        user = accounts.register("alice", ApiFixture.PASSWORD, null).accessToken();
        long adminId = accounts.verify(accounts.register("root", ApiFixture.PASSWORD, null).accessToken()).userId();
        accounts.setRoles(adminId, Set.of("user", "admin"));
        admin = accounts.login("root", ApiFixture.PASSWORD).accessToken();
        clock.advance(Duration.ofHours(-2));
        expired = accounts.login("alice", ApiFixture.PASSWORD).accessToken();
        clock.advance(Duration.ofHours(2));

        String registration = WebXmlSnippet.fromReadme("jaspic-web-xml")
                .xml(Map.of("auth.jwt.jwks-url", accountsApp.uri("/accounts/auth/jwks").toString()));
        tomcat = new TomcatApp(Files.createDirectories(dir.resolve("tomcat")))
                .webapp("/legacy", webXml(CONSTRAINTS + registration), WebXmlSnippet.readmeText("jaspic-context-xml"))
                .webapp("/untuned", webXml(CONSTRAINTS + registration)).start();
    }

    static String webXml(String body) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                """ + body + "</web-app>\n";
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {tomcat, accountsApp, accounts}) {
            if (c != null) {
                c.close();
            }
        }
    }

    /** Nothing the module does may create a session: the token is checked again on every request. */
    @AfterEach
    void noSessionWasCreated() {
        for (HttpResponse<String> r : responses) {
            assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));
        }
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpResponse<String> r = Http.send("GET", tomcat.uri("/legacy" + path), headers);
        responses.add(r);
        return r;
    }

    private HttpResponse<String> post(String path, String... headers) throws Exception {
        HttpResponse<String> r = Http.post(tomcat.uri("/legacy" + path), null, "", headers);
        responses.add(r);
        return r;
    }

    private static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    @Test
    void validateRequestWhenPathUnconstrainedThenPassesWithOrWithoutToken() throws Exception {
        HttpResponse<String> none = get("/public/page");
        HttpResponse<String> valid = get("/public/page", bearer(user));
        HttpResponse<String> forged = get("/public/page", bearer(Forgeries.editedClaims(user)));

        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(Http.json(none)).containsEntry("remote_user", null).containsEntry("auth_type", null);
        assertThat(valid.statusCode()).isEqualTo(200);
        assertThat(Http.json(valid)).containsEntry("remote_user", "alice").containsEntry("user", true);
        assertThat(forged.statusCode()).isEqualTo(200);
        assertThat(Http.json(forged)).containsEntry("remote_user", null);
    }

    @Test
    void validateRequestWhenTokenHasRoleThenServletSeesCallerAsServletSpecSays() throws Exception {
        HttpResponse<String> r = get("/reports/q3", bearer(user));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.json(r)).containsEntry("remote_user", "alice").containsEntry("principal", "alice")
                .containsEntry("auth_type", "Bearer").containsEntry("user", true).containsEntry("admin", false)
                .containsKey("token_user_id");
        assertThat(Http.json(r).get("token_user_id")).isNotNull();
    }

    @Test
    void validateRequestWhenUserOnAdminPathThenContainerAnswers403() throws Exception {
        assertThat(get("/admin/users", bearer(user)).statusCode()).isEqualTo(403);
    }

    @Test
    void validateRequestWhenAdminOnAdminPathThen200() throws Exception {
        HttpResponse<String> r = get("/admin/users", bearer(admin));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.json(r)).containsEntry("remote_user", "root").containsEntry("admin", true);
    }

    @Test
    void validateRequestWhenNoTokenOnConstrainedPathThen401WithChallengeAndJson() throws Exception {
        HttpResponse<String> r = get("/reports/q3");

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"reports\"");
        Http.assertJsonUtf8(r);
        assertThat(Http.json(r)).containsKey("error");
    }

    @Test
    void validateRequestWhenTokenExpiredOrForgedThen401InvalidToken() throws Exception {
        for (String bad : List.of(expired, Forgeries.editedClaims(user), Forgeries.algNone(user), "garbage")) {
            HttpResponse<String> r = get("/reports/q3", bearer(bad));

            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate"))
                    .hasValue("Bearer realm=\"reports\", error=\"invalid_token\"");
        }
    }

    @Test
    void validateRequestWhenBrowserAsksForPageWithoutTokenThenRedirectsToSignIn() throws Exception {
        HttpResponse<String> r = get("/reports/q3?year=2026", "Sec-Fetch-Mode", "navigate", "Accept", "text/html");

        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                .startsWith("/accounts/auth/signin?return=").contains("legacy").contains("q3"));
    }

    @Test
    void validateRequestWhenAccessCookieThenFormCallerAndUnsafeMethodNeedsCsrfProof() throws Exception {
        HttpResponse<String> page = get("/reports/q3", "Cookie", "auth_access=" + user);
        HttpResponse<String> unsafe = post("/reports/q3", "Cookie", "auth_access=" + user);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(Http.json(page)).containsEntry("remote_user", "alice").containsEntry("auth_type", "FORM");
        assertThat(Http.json(page).get("csrf")).isNotNull();
        assertThat(unsafe.statusCode()).isEqualTo(403);
        assertThat(Http.json(unsafe)).containsEntry("error", "CSRF check failed");
    }

    @Test
    void validateRequestWhenConstraintLimitedToPostThenOnlyPostNeedsAdmin() throws Exception {
        assertThat(get("/orders/7").statusCode()).isEqualTo(200);
        assertThat(post("/orders/7").statusCode()).isEqualTo(401);
        assertThat(post("/orders/7", bearer(user)).statusCode()).isEqualTo(403);
        assertThat(post("/orders/7", bearer(admin)).statusCode()).isEqualTo(200);
    }

    @Test
    void validateRequestWhenServletSecurityAnnotationThenContainerEnforcesItLikeWebXml() throws Exception {
        assertThat(get("/ledger/2026").statusCode()).isEqualTo(401);
        assertThat(get("/ledger/2026", bearer(user)).statusCode()).isEqualTo(403);
        HttpResponse<String> admitted = get("/ledger/2026", bearer(admin));
        assertThat(admitted.statusCode()).isEqualTo(200);
        assertThat(Http.json(admitted)).containsEntry("remote_user", "root").containsEntry("admin", true);

        assertThat(get("/invoices/7").statusCode()).isEqualTo(200);
        assertThat(post("/invoices/7").statusCode()).isEqualTo(401);
        assertThat(post("/invoices/7", bearer(user)).statusCode()).isEqualTo(403);
        assertThat(post("/invoices/7", bearer(admin)).statusCode()).isEqualTo(200);
    }

    @Test
    void validateRequestWhenAuthConstraintEmptyThenAlwaysDenied() throws Exception {
        assertThat(get("/closed/archive").statusCode()).isEqualTo(403);
        assertThat(get("/closed/archive", bearer(admin)).statusCode()).isEqualTo(403);
    }

    /**
     * Why the README asks for the context.xml: with Tomcat's own authenticator valve (session id changed on every
     * authentication) the caller our module names on every request changes the id of the webapp's session each
     * time, and a request sent with the id the browser had a moment before (an AJAX call sent with its page)
     * finds no session: the webapp starts an empty one.
     */
    @Test
    void sessionWhenTomcatKeepsItsDefaultAuthenticatorThenEveryTokenRequestChangesItsIdAndOverlapsLoseIt()
            throws Exception {
        HttpResponse<String> first = visit("/untuned", "/reports/visits", null, user);
        String id = String.valueOf(Http.json(first).get("session"));

        HttpResponse<String> second = visit("/untuned", "/reports/visits", id, user);
        HttpResponse<String> overlapping = visit("/untuned", "/reports/visits", id, user);

        assertThat(Http.json(second).get("session")).isNotEqualTo(id);
        assertThat(sessionCookie(second)).hasValue(String.valueOf(Http.json(second).get("session")));
        assertThat(((Number) Http.json(second).get("visits")).intValue()).isEqualTo(2);
        assertThat(((Number) Http.json(overlapping).get("visits")).intValue()).as("a new, empty session").isEqualTo(1);
        assertThat(Http.json(overlapping).get("session")).isNotIn(id, Http.json(second).get("session"));
    }

    @Test
    void sessionWhenWebappKeepsOneThenTokenRequestsKeepItsIdAndConcurrentRequestsShareIt() throws Exception {
        HttpResponse<String> first = visit("/legacy", "/reports/visits", null, user);
        String id = String.valueOf(Http.json(first).get("session"));
        assertThat(sessionCookie(first)).as("the webapp created its session").hasValue(id);

        for (int i = 2; i <= 4; i++) {
            String path = i % 2 == 0 ? "/reports/visits" : "/visits"; // constrained, then open with a caller
            HttpResponse<String> next = visit("/legacy", path, id, user);
            assertThat(next.statusCode()).isEqualTo(200);
            assertThat(Http.json(next)).containsEntry("session", id).containsEntry("remote_user", "alice");
            assertThat(((Number) Http.json(next).get("visits")).intValue()).isEqualTo(i);
            assertThat(sessionCookie(next)).as("request %d keeps the session id", i).isEmpty();
        }
        // a page and its AJAX calls: sent together, all with the cookie the browser has
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> burst = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                burst.add(pool.submit(() -> visit("/legacy", "/reports/visits", id, user)));
            }
            for (Future<HttpResponse<String>> f : burst) {
                assertThat(Http.json(f.get())).containsEntry("session", id);
                assertThat(sessionCookie(f.get())).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(((Number) Http.json(visit("/legacy", "/reports/visits", id, user)).get("visits")).intValue())
                .as("no visit lost").isEqualTo(4 + 8 + 1);
    }

    /** A request to the session-keeping servlet, with the webapp's session cookie when {@code session} is set. */
    private HttpResponse<String> visit(String webapp, String path, String session, String token) throws Exception {
        List<String> headers = new ArrayList<>(List.of(bearer(token)));
        if (session != null) {
            headers.addAll(List.of("Cookie", "JSESSIONID=" + session));
        }
        return Http.send("GET", tomcat.uri(webapp + path), headers.toArray(new String[0]));
    }

    /** @return the value of the {@code JSESSIONID} cookie the response sets, if it sets one */
    private static Optional<String> sessionCookie(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .map(c -> c.substring("JSESSIONID=".length(), c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .findFirst();
    }

    @Test
    void authenticateWhenValidTokenThenTrueAndCallerKnown() throws Exception {
        HttpResponse<String> r = get("/authenticate", bearer(admin));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.json(r)).containsEntry("authenticated", true).containsEntry("remote_user", "root")
                .containsEntry("auth_type", "Bearer").containsEntry("admin", true);
    }

    @Test
    void authenticateWhenNoTokenThenFalseAndChallengeWritten() throws Exception {
        HttpResponse<String> r = get("/authenticate");

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"reports\"");
    }
}
