package io.github.servletauth.example;

import io.github.servletauth.example.ContainerProcess.Kind;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pre-existing webapp that protects itself with {@code <security-constraint>} rules and {@code @ServletSecurity}
 * and keeps its own HttpSession (src/it/constrained-webapp), given only the README's Jakarta Authentication
 * registration snippet, its {@code META-INF/context.xml} for Tomcat and the jars, in real containers beside the
 * example WAR (the accounts webapp: RS256, its own key file, JWKS): the container enforces the webapp's unchanged
 * constraints with our tokens, and the webapp's session keeps its id. Tomcat 9 gets the javax fixture and the
 * {@code -javax} jars, Tomcat 10.1 and 11 the fixture renamed to jakarta. One container per kind serves every
 * case, with the same webapp beside it without the {@code context.xml}.
 */
class JaspicContainersIT {

    private static final Path WORK = Path.of(System.getProperty("example.work", "target/it"));
    /** The webapp fetches the JWK Set in the background; a failed first fetch is retried. */
    private static final Duration KEYS_TIMEOUT = Duration.ofSeconds(40);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<HttpResponse<String>> seen = new ArrayList<>();
    private URI orders;

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"TOMCAT_9", "TOMCAT_10", "TOMCAT_11"})
    void containerWhenWebappRegistersProviderThenEnforcesItsOwnConstraintsWithTokensAndKeepsItsSession(Kind kind)
            throws Exception {
        Path work = Files.createDirectories(WORK.resolve("jaspic-" + kind + "-" + System.nanoTime()));
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId("jaspic-it-1");
        Path keyFile = work.resolve("jwt-keys.json");
        Files.writeString(keyFile, new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        Map<String, String> environment = Map.of("AUTH_DATA_DIR", work.resolve("data").toString(),
                "AUTH_JWT_ALGORITHM", "RS256", "AUTH_JWT_KEY_FILE", keyFile.toString());
        try (ContainerProcess container = ContainerProcess.start(kind, environment, work, (base, port) -> {
            String jwks = "http://127.0.0.1:" + port + "/auth/jwks";
            ConstrainedWebapp.build(base.resolve("webapps/orders"), kind == Kind.TOMCAT_9, jwks, "/auth/signin",
                    true);
            // the same webapp without the README's context.xml, to show why the README asks for it
            ConstrainedWebapp.build(base.resolve("webapps/untuned"), kind == Kind.TOMCAT_9, jwks, "/auth/signin",
                    false);
        })) {
            orders = container.baseUri().resolve("/orders/");
            URI untuned = container.baseUri().resolve("/untuned/");
            Api accounts = new Api(container.baseUri());
            HttpResponse<String> registered = accounts.post("auth/register",
                    Map.of("username", AuthFlow.newUsername(), "password", "an orders clerk's passphrase"), null);
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
            String user = (String) Api.json(registered).get("token");
            String name = (String) Api.json(registered).get("username");
            String admin = resigned(user, key, Map.of("roles", List.of("admin", "user")));
            long now = Instant.now().getEpochSecond();
            String expired = resigned(user, key, Map.of("iat", now - 1500, "exp", now - 600));
            // claims granting admin, under the user token's own signature
            String forged = admin.substring(0, admin.lastIndexOf('.')) + user.substring(user.lastIndexOf('.'));

            HttpResponse<String> report = awaitKeys(orders, user);
            assertThat(report.statusCode()).as(report.body() + container.log()).isEqualTo(200);
            assertThat(report.body()).contains("principal=" + name + "\n", "remote_user=" + name + "\n",
                    "auth_type=Bearer\n", "role_user=true\n", "role_admin=false\n");

            // unconstrained: passes with or without a token; a valid one still names the caller
            HttpResponse<String> home = get("health", null);
            assertThat(home.statusCode()).isEqualTo(200);
            assertThat(home.body()).contains("principal=null\n");
            assertThat(get("health", user).body()).contains("remote_user=" + name + "\n");
            assertThat(get("health", forged).statusCode()).isEqualTo(200);

            // roles
            assertThat(get("admin/users", user).statusCode()).as("user on an admin path").isEqualTo(403);
            HttpResponse<String> asAdmin = get("admin/users", admin);
            assertThat(asAdmin.statusCode()).as(asAdmin.body()).isEqualTo(200);
            assertThat(asAdmin.body()).contains("role_admin=true\n");

            // no token, invalid tokens: RFC 6750, not the webapp's old Basic challenge
            HttpResponse<String> none = get("reports/q3", null);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"reports\"");
            assertThat(none.body()).contains("\"error\"");
            for (String bad : List.of(expired, forged)) {
                HttpResponse<String> refused = get("reports/q3", bad);
                assertThat(refused.statusCode()).isEqualTo(401);
                assertThat(refused.headers().allValues("WWW-Authenticate"))
                        .containsExactly("Bearer realm=\"reports\", error=\"invalid_token\"");
            }
            HttpResponse<String> page = send(HttpRequest.newBuilder(orders.resolve("reports/q3?year=2026"))
                    .header("Sec-Fetch-Mode", "navigate").header("Accept", "text/html").GET());
            assertThat(page.statusCode()).isEqualTo(302);
            assertThat(page.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location)
                    .startsWith("/auth/signin?return=").contains("orders").contains("q3"));

            // <http-method>POST</http-method>: reading is open, changing needs an admin
            assertThat(get("orders/7", null).statusCode()).isEqualTo(200);
            assertThat(post("orders/7", null).statusCode()).isEqualTo(401);
            assertThat(post("orders/7", user).statusCode()).isEqualTo(403);
            assertThat(post("orders/7", admin).statusCode()).isEqualTo(200);

            // <auth-constraint/>: nobody
            assertThat(get("archive/2019", null).statusCode()).isEqualTo(403);
            assertThat(get("archive/2019", admin).statusCode()).isEqualTo(403);

            // request.authenticate() on an unconstrained page
            HttpResponse<String> checked = get("check", admin);
            assertThat(checked.statusCode()).isEqualTo(200);
            assertThat(checked.body()).contains("authenticated=" + name + "\n", "auth_type=Bearer\n",
                    "role_admin=true\n");
            HttpResponse<String> unchecked = get("check", null);
            assertThat(unchecked.statusCode()).isEqualTo(401);
            assertThat(unchecked.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"reports\"");

            // @ServletSecurity on the servlet classes (and @WebServlet), nothing in web.xml
            assertThat(get("ledger/2026", null).statusCode()).isEqualTo(401);
            assertThat(get("ledger/2026", user).statusCode()).isEqualTo(403);
            HttpResponse<String> ledger = get("ledger/2026", admin);
            assertThat(ledger.statusCode()).as(ledger.body()).isEqualTo(200);
            assertThat(ledger.body()).contains("remote_user=" + name + "\n", "role_admin=true\n");
            assertThat(get("invoices/7", null).statusCode()).isEqualTo(200);
            assertThat(post("invoices/7", null).statusCode()).isEqualTo(401);
            assertThat(post("invoices/7", user).statusCode()).isEqualTo(403);
            assertThat(post("invoices/7", admin).statusCode()).isEqualTo(200);

            // the webapp's own HttpSession, with the README's context.xml: one id through every request
            HttpResponse<String> first = visit(orders, "reports/visits", null, user);
            String session = fields(first).get("session");
            assertThat(sessionCookie(first)).as("the webapp created its session").hasValue(session);
            for (int i = 2; i <= 4; i++) {
                String path = i % 2 == 0 ? "reports/visits" : "visits"; // constrained, then open with a caller
                HttpResponse<String> next = visit(orders, path, session, user);
                assertThat(next.statusCode()).isEqualTo(200);
                assertThat(fields(next)).containsEntry("session", session).containsEntry("visits", "" + i)
                        .containsEntry("remote_user", name);
                assertThat(sessionCookie(next)).as("request %d keeps the session id", i).isEmpty();
            }
            // a page and its AJAX calls, sent together with the cookie the browser has
            for (HttpResponse<String> r : visitAtOnce(orders, 6, session, user)) {
                assertThat(fields(r)).containsEntry("session", session);
                assertThat(sessionCookie(r)).isEmpty();
            }
            assertThat(fields(visit(orders, "reports/visits", session, user))).as("no visit lost")
                    .containsEntry("visits", "" + (4 + 6 + 1));

            // without it, Tomcat changes the id on every request with a token, and overlapping requests lose it
            awaitKeys(untuned, user);
            String before = fields(visit(untuned, "reports/visits", null, user)).get("session");
            HttpResponse<String> changed = visit(untuned, "reports/visits", before, user);
            HttpResponse<String> overlapping = visit(untuned, "reports/visits", before, user);
            assertThat(fields(changed).get("session")).isNotEqualTo(before);
            assertThat(sessionCookie(changed)).hasValue(fields(changed).get("session"));
            assertThat(fields(changed)).containsEntry("visits", "2");
            assertThat(fields(overlapping)).as("a new, empty session").containsEntry("visits", "1");

            for (HttpResponse<String> r : seen) {
                assertThat(r.headers().allValues("Set-Cookie")).as(r.uri().toString())
                        .noneMatch(cookie -> cookie.startsWith("JSESSIONID"));
            }
            assertThat(container.log()).doesNotContain(user).doesNotContain(admin);
        }
    }

    /**
     * What the README says of Jetty 12: even with its distribution's Jakarta Authentication module enabled, Jetty
     * hides {@code jakarta.security.auth.message} from webapps, so a webapp cannot register a provider: the
     * webapp does not start (and the rest of the server serves on).
     */
    @Test
    void jettyWhenWebappRegistersProviderThenWebappDoesNotStartAsJettyHidesTheApi() throws Exception {
        Path work = Files.createDirectories(WORK.resolve("jaspic-jetty-" + System.nanoTime()));
        Map<String, String> environment = Map.of("AUTH_DATA_DIR", work.resolve("data").toString());
        try (ContainerProcess jetty = ContainerProcess.start(Kind.JETTY_12, environment, work, (base, port) -> {
            enableJakartaAuthentication(base);
            ConstrainedWebapp.build(base.resolve("webapps/orders"), false,
                    "http://127.0.0.1:" + port + "/auth/jwks", "/auth/signin", false);
        })) {
            orders = jetty.baseUri().resolve("/orders/");

            assertThat(get("reports/q3", null).statusCode()).isEqualTo(503);
            assertThat(jetty.log()).contains("NoClassDefFoundError: jakarta/security/auth/message/config/AuthConfigProvider");
        }
    }

    /** Jetty's distribution module for Jakarta Authentication, added to the prepared base. */
    private static void enableJakartaAuthentication(Path base) throws Exception {
        Path home = Kind.JETTY_12.home();
        Path log = base.resolve("add-jaspi.log");
        Process setup = new ProcessBuilder(ContainerProcess.java(), "-jar", home.resolve("start.jar").toString(),
                "jetty.home=" + home, "jetty.base=" + base, "--add-modules=ee10-jaspi")
                .directory(base.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!setup.waitFor(60, TimeUnit.SECONDS) || setup.exitValue() != 0) {
            setup.destroyForcibly();
            throw new AssertionError("jetty --add-modules=ee10-jaspi failed:\n" + Files.readString(log));
        }
    }

    /** Polls until {@code webapp} has the accounts webapp's keys (a 401 until then). */
    private HttpResponse<String> awaitKeys(URI webapp, String token) throws Exception {
        Instant deadline = Instant.now().plus(KEYS_TIMEOUT);
        HttpRequest.Builder report = withBearer(HttpRequest.newBuilder(webapp.resolve("reports/q3")).GET(), token);
        HttpResponse<String> response = send(report);
        while (response.statusCode() == 401 && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            response = send(report);
        }
        return response;
    }

    /**
     * A request to the fixture's session-keeping page, with the session cookie when {@code session} is set. Not
     * among the responses checked for a session cookie: this page makes its own session.
     */
    private HttpResponse<String> visit(URI webapp, String path, String session, String bearer) throws Exception {
        HttpRequest.Builder request = withBearer(HttpRequest.newBuilder(webapp.resolve(path)).GET(), bearer);
        if (session != null) {
            request.header("Cookie", "JSESSIONID=" + session);
        }
        return client.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** {@code count} visits sent at once, as a page's AJAX calls are. */
    private List<HttpResponse<String>> visitAtOnce(URI webapp, int count, String session, String bearer)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sent.add(pool.submit(() -> visit(webapp, "reports/visits", session, bearer)));
            }
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : sent) {
                answers.add(answer.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    /** @return the {@code name=value} lines of a fixture page */
    private static Map<String, String> fields(HttpResponse<String> response) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : response.body().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return fields;
    }

    /** @return the value of the {@code JSESSIONID} cookie the response sets, if it sets one */
    private static Optional<String> sessionCookie(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .map(c -> c.substring("JSESSIONID=".length(), c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .findFirst();
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        return send(withBearer(HttpRequest.newBuilder(orders.resolve(path)).GET(), bearer));
    }

    private HttpResponse<String> post(String path, String bearer) throws Exception {
        return send(withBearer(HttpRequest.newBuilder(orders.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("status=shipped")), bearer));
    }

    private static HttpRequest.Builder withBearer(HttpRequest.Builder request, String bearer) {
        return bearer == null ? request : request.header("Authorization", "Bearer " + bearer);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        seen.add(response);
        return response;
    }

    /**
     * A token the accounts webapp could have issued: its header and claims with {@code changes}, signed with the
     * accounts webapp's own private key (this test generated it).
     */
    private static String resigned(String genuine, RsaJsonWebKey key, Map<String, Object> changes)
            throws JoseException {
        String[] parts = genuine.split("\\.");
        Map<String, Object> header = JsonUtil.parseJson(decode(parts[0]));
        Map<String, Object> claims = new LinkedHashMap<>(JsonUtil.parseJson(decode(parts[1])));
        claims.putAll(changes);
        JsonWebSignature jws = new JsonWebSignature();
        header.forEach((name, value) -> jws.setHeader(name, String.valueOf(value)));
        jws.setPayload(JsonUtil.toJson(claims));
        jws.setKey(key.getPrivateKey());
        return jws.getCompactSerialization();
    }

    private static String decode(String base64url) {
        return new String(Base64.getUrlDecoder().decode(base64url), StandardCharsets.UTF_8);
    }
}
