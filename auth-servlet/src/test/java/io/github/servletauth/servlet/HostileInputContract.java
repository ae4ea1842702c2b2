package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.AuthService;
import io.github.servletauth.core.IssuedTokens;
import io.github.servletauth.servlet.internal.ClientAddresses;
import io.github.servletauth.servlet.internal.JsonReader;
import io.github.servletauth.servlet.internal.JsonWriter;
import io.github.servletauth.servlet.testing.ApiFixture;
import io.github.servletauth.servlet.testing.Http;
import io.github.servletauth.servlet.testing.ProbeServlet;
import jakarta.servlet.DispatcherType;
import org.assertj.core.api.SoftAssertions;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every field and header that an endpoint or the {@link JwtFilter} reads, fed the {@link HostileCorpus} as JSON
 * and as form bodies over real HTTP: only 2xx and 4xx answers, every 4xx with a JSON error body, and no log
 * record that spans several lines or carries a stack trace. Subclasses choose the database. A request that is
 * not HTTP at all (a control character in a header) must get the container's own 400, and a head past the
 * container's 8 KiB limit its own 431.
 *
 * <p>The API is served by {@link AuthApiServlet}, so the browser sign-in is fed the corpus too: its form fields,
 * its {@code return} query, its cookies and those the filter reads. A browser endpoint answers with its page, a
 * redirect or a 4xx, where a 4xx is an HTML page or, for what never reaches the page (a body that is not a
 * form), a JSON error. Every redirect stays on this host, no page holds a script or a password, and a hostile
 * value appears in a page only HTML-escaped.
 *
 * <p>Fast because almost every hostile value is refused before any password is hashed. Where an accepted value
 * costs hashes (a new password, a logout that needs a fresh login, a sign-in that succeeds), a
 * {@linkplain #SAMPLE sample} of the corpus stands in for the whole.
 */
abstract class HostileInputContract {

    /** The corpus values that stand in for the whole where every request costs a password hash. */
    static final Set<String> SAMPLE = Set.of("U+0000", "U+0085", "CRLF header injection", "lone high surrogate",
            "bidi override", "noncharacter U+FFFF", "emoji", "private use", "markup", "all at once");

    private static final String NEW_PASSWORD = "An0ther-long-passphrase!";

    /** What each browser endpoint may answer besides a 4xx: the sign-in page, a script's 204, a redirect. */
    private static final Map<String, Set<Integer>> BROWSER = Map.of("signin", Set.of(303), "renew", Set.of(303),
            "signout", Set.of(204, 303));
    private static final String FORM = "application/x-www-form-urlencoded";
    /** A page behind the filter as web.xml sets it up: it reads the access cookie and redirects browsers. */
    private static final String PAGE = "/app/pages/me";
    /** In every hostile password: a page that shows it, however escaped, has shown the password. */
    private static final String PASSWORD_MARK = "pw-Q7x";
    private static final Pattern HIDDEN_RETURN = Pattern.compile("name=\"return\" value=\"([^\"]*)\"");
    /** The container's limit for a request head (Jetty's default request header size). */
    private static final int HEAD_LIMIT = 8 * 1024;

    @TempDir
    Path dir;

    ApiFixture api;
    private final List<String> failures = new ArrayList<>();
    private int accounts;
    private LogCapture log;

    /** @return the configuration of the service under test, without a secret */
    abstract AuthConfig.Builder config(Path dir) throws Exception;

    @BeforeEach
    void start() throws Exception {
        // every probe comes from one loopback address: without this, registrations past the per-address limit
        // would get 429 before their fields reach the database, and the corpus would test less than it says
        api = new ApiFixture(config(dir).set("auth.register.address-limit", "0"), true, (ctx, auth) -> {
            ctx.setInitParameter(ClientAddresses.TRUSTED_PROXIES, "127.0.0.1");
            ctx.addFilter(new FilterHolder(new JwtFilter(auth.tokenVerifier(), "hostile", List.of(), false)),
                    "/api/*", EnumSet.of(DispatcherType.REQUEST));
            ctx.addServlet(ProbeServlet.class, "/api/*");
            ctx.setAttribute(AuthContextListener.SERVICE_ATTRIBUTE, auth);
            FilterHolder pages = new FilterHolder(JwtFilter.class);
            pages.setInitParameter("realm", "hostile");
            ctx.addFilter(pages, "/pages/*", EnumSet.of(DispatcherType.REQUEST));
            ctx.addServlet(ProbeServlet.class, "/pages/*");
        });
        log = new LogCapture();
    }

    @AfterEach
    void stop() {
        try {
            log.close();
        } finally {
            api.close();
        }
    }

    @Test
    void registerWhenAnyFieldHostileThenOnlyClientErrorsAndOneLineLogs() throws Exception {
        for (Value v : corpus(x -> "ab" + x + "cd", false)) {
            post("register", fields("password", ApiFixture.PASSWORD), "username", v, null);
        }
        for (Value v : corpus(x -> x, true)) {
            post("register", fields("username", nextUsername()), "password", v, null);
        }
        // every email through the checks (a weak password keeps it from costing a hash), then some into storage
        for (Value v : corpus(x -> "a" + x + "@example.org", false)) {
            post("register", fields("username", nextUsername(), "password", "weak"), "email", v, null);
        }
        for (Value v : corpus(x -> "a" + x + "@example.org", true)) {
            post("register", fields("username", nextUsername(), "password", ApiFixture.PASSWORD), "email", v, null);
        }
        assertClean();
    }

    @Test
    void loginWhenAnyFieldOrForwardedForHostileThenOnlyClientErrorsAndOneLineLogs() throws Exception {
        api.auth.register("lola", ApiFixture.PASSWORD, null);
        for (Value v : corpus(x -> "ab" + x + "cd", false)) {
            post("login", fields("password", ApiFixture.PASSWORD), "username", v, null);
        }
        for (Value v : corpus(x -> x, false)) {
            post("login", fields("username", "lola"), "password", v, null);
        }
        for (Map.Entry<String, String> x : HostileCorpus.strings().entrySet()) {
            for (String hops : List.of(x.getValue(), "198.51.100.7, " + x.getValue(), x.getValue() + ", 127.0.0.1")) {
                send("login X-Forwarded-For " + x.getKey(), "login", "application/json",
                        utf8(JsonWriter.write(fields("username", "lola", "password", "wrong-password-1"))),
                        header("X-Forwarded-For", hops));
            }
        }
        assertClean();
    }

    @Test
    void refreshWhenTokenHostileThenOnlyClientErrorsAndOneLineLogs() throws Exception {
        for (Value v : corpus(x -> x, false)) {
            post("refresh", fields(), "refresh_token", v, null);
        }
        assertClean();
    }

    @Test
    void logoutWhenTokenOrBodyHostileThenOnlyClientErrorsAndOneLineLogs() throws Exception {
        api.auth.register("leon", ApiFixture.PASSWORD, null);
        String bearer = api.auth.login("leon", ApiFixture.PASSWORD).accessToken();
        for (Value v : corpus(x -> x, true)) {
            if (post("logout", fields(), "refresh_token", v, bearer) == 204) {
                bearer = api.auth.login("leon", ApiFixture.PASSWORD).accessToken();
            }
        }
        authorizationHeaders("logout");
        assertClean();
    }

    @Test
    void passwordChangeWhenAnyFieldHostileThenOnlyClientErrorsAndOneLineLogs() throws Exception {
        api.auth.register("newt", ApiFixture.PASSWORD, null);
        String current = ApiFixture.PASSWORD;
        String bearer = api.auth.login("newt", current).accessToken();
        for (Value v : corpus(x -> x, true)) {
            if (post("password", fields("current_password", current), "new_password", v, bearer) == 204) {
                current = Objects.requireNonNull(v.plain(), () -> v.name() + " was accepted as a new password");
                bearer = api.auth.login("newt", current).accessToken();
            }
        }
        api.auth.register("curly", ApiFixture.PASSWORD, null);
        String curly = api.auth.login("curly", ApiFixture.PASSWORD).accessToken();
        for (Value v : corpus(x -> x, false)) {
            post("password", fields("new_password", NEW_PASSWORD), "current_password", v, curly);
        }
        authorizationHeaders("password");
        assertClean();
    }

    @Test
    void validateWhenAuthorizationHostileThenOnlyClientErrorsAndOneLineLogs() throws Exception {
        authorizationHeaders("validate");
        for (Map.Entry<String, String> x : HostileCorpus.strings().entrySet()) {
            send("validate Authorization without scheme " + x.getKey(), "validate", null, new byte[0],
                    header("Authorization", x.getValue()));
        }
        assertClean();
    }

    @Test
    void filterWhenAuthorizationHostileThenOnlyClientErrorsAndOneLineLogs() throws Exception {
        authorizationHeaders("/app/api/me");
        assertClean();
    }

    @Test
    void anyEndpointWhenBodyOrContentTypeHostileThenOnlyClientErrorsAndOneLineLogs() throws Exception {
        api.auth.register("bodie", ApiFixture.PASSWORD, null);
        String bearer = api.auth.login("bodie", ApiFixture.PASSWORD).accessToken();
        for (String endpoint : List.of("register", "login", "refresh", "logout", "password", "validate", "jwks",
                "signin", "renew", "signout")) {
            for (String type : List.of("application/json", "application/x-www-form-urlencoded")) {
                Map<String, byte[]> bodies = type.equals("application/json")
                        ? HostileCorpus.jsonBodies() : HostileCorpus.formBodies();
                for (Map.Entry<String, byte[]> b : bodies.entrySet()) {
                    int status = send(endpoint + " " + type + " body " + b.getKey(), endpoint, type, b.getValue(),
                            header("Authorization", "Bearer " + bearer));
                    if (status == 204) {
                        bearer = api.auth.login("bodie", ApiFixture.PASSWORD).accessToken();
                    }
                }
            }
            // the client announces more than it sends, then closes its side
            send(endpoint + " body cut short", endpoint, "application/json", utf8("{\"username\":"), 1000,
                    header("Authorization", "Bearer " + bearer));
            for (Map.Entry<String, String> x : HostileCorpus.strings().entrySet()) {
                send(endpoint + " Content-Type " + x.getKey(), endpoint, "application/json; charset=" + x.getValue(),
                        utf8("{}"));
                send(endpoint + " Content-Type alone " + x.getKey(), endpoint, x.getValue(), utf8("{}"));
            }
        }
        assertClean();
    }

    @Test
    void signInWhenAnyFieldHostileThenPagesOrRedirectsWithinThisHostAndNoPasswordShown() throws Exception {
        api.auth.register("sina", ApiFixture.PASSWORD, null);
        String proof = signInProof();
        for (byte[][] cookie : List.of(new byte[0][], new byte[][] {header("Cookie", "auth_signin=" + proof)})) {
            for (Value v : corpus(x -> "ab" + x + "cd", false)) {
                post("signin", fields("password", ApiFixture.PASSWORD, "return", "/app/pages/x", "_csrf", proof),
                        "username", v, shownOnlyEscaped(v), cookie);
            }
            for (Value v : corpus(x -> PASSWORD_MARK + x, false)) {
                post("signin", fields("username", "sina", "return", "/app/pages/x", "_csrf", proof), "password", v,
                        secret(v), cookie);
            }
            // an empty password is refused before any hash, and the form shown again with its return target
            for (Value v : corpus(x -> "/app/pages/" + x, false)) {
                post("signin", fields("username", "sina", "password", "", "_csrf", proof), "return", v,
                        shownOnlyEscaped(v), cookie);
            }
            for (Value v : corpus(x -> x, false)) {
                post("signin", fields("username", "sina", "password", "", "return", "/app/"), "_csrf", v,
                        shownOnlyEscaped(v), cookie);
            }
        }
        byte[] form = utf8("username=sina&password=&_csrf=" + proof);
        for (Map.Entry<String, String> x : HostileCorpus.strings().entrySet()) {
            for (String name : List.of("Origin", "Sec-Fetch-Site")) {
                send("signin " + name + " " + x.getKey(), "signin", FORM, form, form.length, List.of(),
                        header("Cookie", "auth_signin=" + proof), header(name, x.getValue()));
            }
        }
        assertClean();
    }

    @Test
    void signInWhenCredentialsRightAndReturnHostileThenRedirectedWithinThisHost() throws Exception {
        api.auth.register("rhea", ApiFixture.PASSWORD, null);
        String proof = signInProof();
        // each of these signs in, at the cost of a hash: the open redirects and a sample of the corpus
        Map<String, String> targets = new LinkedHashMap<>(HostileCorpus.returnTargets());
        HostileCorpus.strings().forEach((name, x) -> {
            if (SAMPLE.contains(name)) {
                targets.put("path and " + name, "/app/pages/" + x);
            }
        });
        for (Map.Entry<String, String> t : targets.entrySet()) {
            byte[] form = utf8("username=rhea&password=" + HostileCorpus.formEncode(ApiFixture.PASSWORD) + "&_csrf="
                    + proof + "&return=" + HostileCorpus.formEncode(t.getValue()));
            String what = "signin signing in, return " + t.getKey();
            if (send(what, "signin", FORM, form, form.length, List.of(ApiFixture.PASSWORD),
                    header("Cookie", "auth_signin=" + proof)) != 303) {
                failures.add(what + ": not signed in");
            }
        }
        assertClean();
    }

    @Test
    void signInPageAndRenewWhenReturnQueryHostileThenTheFormOrTheRedirectStaysOnThisHost() throws Exception {
        api.auth.register("rena", ApiFixture.PASSWORD, null);
        String refresh = api.auth.login("rena", ApiFixture.PASSWORD).refreshToken();
        Map<String, String> targets = new LinkedHashMap<>(HostileCorpus.returnTargets());
        HostileCorpus.strings().forEach((name, x) -> {
            targets.put(name, x);
            targets.put("path and " + name, "/app/pages/" + x);
        });
        for (Map.Entry<String, String> t : targets.entrySet()) {
            Collection<String> absent = shownOnlyEscaped(t.getValue());
            Map<String, String> queries = new LinkedHashMap<>();
            queries.put("encoded", HostileCorpus.formEncode(t.getValue()));
            String raw = new String(HostileCorpus.lenientUtf8(t.getValue()), StandardCharsets.ISO_8859_1);
            // as a client sends it: no client puts a space or a control character into a request-target
            if (raw.chars().allMatch(c -> c > 0x20 && c != 0x7f)) {
                queries.put("raw", raw);
            }
            for (Map.Entry<String, String> q : queries.entrySet()) {
                String what = " return " + q.getKey() + " " + t.getKey();
                String query = "?return=" + q.getValue();
                browser("signin page" + what, "GET", "/app/auth/signin" + query, Set.of(200), absent, new byte[0]);
                browser("renew without a cookie" + what, "GET", "/app/auth/renew" + query, Set.of(303), absent,
                        new byte[0]);
                browser("renew with an unknown cookie" + what, "GET", "/app/auth/renew" + query, Set.of(303), absent,
                        new byte[0], header("Cookie", "auth_refresh=" + "x".repeat(43)));
                Http.RawResponse r = browser("renew" + what, "GET", "/app/auth/renew" + query, Set.of(303), absent,
                        new byte[0], header("Cookie", "auth_refresh=" + refresh));
                if (r != null) {
                    // a live cookie is renewed whatever the target: the chain of renewals never breaks
                    Optional<String> next = setCookie(r, "auth_refresh");
                    if (next.isEmpty()) {
                        failures.add("renew" + what + ": the live cookie was not renewed");
                    }
                    refresh = next.orElse(refresh);
                }
            }
        }
        assertClean();
    }

    @Test
    void filterWhenAccessCookieHostileThenRedirectOrRefusedAndNobodyElseSignedIn() throws Exception {
        api.auth.register("cora", ApiFixture.PASSWORD, null);
        Session s = session("cora");
        Map<String, List<String>> cookies = new LinkedHashMap<>(HostileCorpus.cookieHeaders("auth_access", s.access()));
        try (AuthService past = api.minter(dir.resolve("past"), Clock.offset(Clock.systemUTC(), Duration.ofDays(-1)),
                Map.of());
             AuthService otherIssuer = api.minter(dir.resolve("iss"), Clock.systemUTC(),
                     Map.of("auth.jwt.issuer", "evil"))) {
            cookies.put("twice: expired token", List.of("auth_access="
                    + past.register("cora", ApiFixture.PASSWORD, null).accessToken()));
            cookies.put("twice: token of another issuer", List.of("auth_access="
                    + otherIssuer.register("cora", ApiFixture.PASSWORD, null).accessToken()));
        }
        byte[] form = utf8("note=x&_csrf=" + s.csrf());
        for (Map.Entry<String, List<String>> c : cookies.entrySet()) {
            // a cookie sent twice, expired or foreign signs nobody in; any other, at most the good token's owner
            String owner = c.getKey().startsWith("twice") ? null : "cora";
            byte[] cookie = cookieHeaders(c.getValue());
            String what = "filter cookie " + c.getKey();
            Http.RawResponse page = browser(what + " page", "GET", PAGE, owner == null ? Set.of(302) : Set.of(200, 302),
                    List.of(), new byte[0], cookie, header("Accept", "text/html"));
            checkCaller(what + " page", page, owner);
            Http.RawResponse json = exchange(what + " JSON", "GET", PAGE, null, new byte[0], 0, cookie,
                    header("Accept", "application/json"));
            if (json != null) {
                check(what + " JSON", json);
                checkCaller(what + " JSON", json, owner);
            }
            Http.RawResponse post = browser(what + " form post", "POST", PAGE,
                    owner == null ? Set.of() : Set.of(200), List.of(), form, cookie, header("Content-Type", FORM));
            checkCaller(what + " form post", post, owner);
        }
        // the CSRF check of a signed-in browser's unsafe request: refused, or passed for the signed-in user
        byte[] cookie = header("Cookie", "auth_access=" + s.access());
        for (Map.Entry<String, String> x : HostileCorpus.strings().entrySet()) {
            String what = "filter form post " + x.getKey();
            browser(what + " X-CSRF-Token", "POST", PAGE, Set.of(), List.of(), new byte[0], cookie,
                    header("X-CSRF-Token", x.getValue()));
            // the proof and then what a header parser strips (spaces, an empty string) is still the proof
            checkCaller(what + " X-CSRF-Token after the proof", browser(what + " X-CSRF-Token after the proof",
                    "POST", PAGE, Set.of(200), List.of(), new byte[0], cookie,
                    header("X-CSRF-Token", s.csrf() + x.getValue())), "cora");
            browser(what + " _csrf", "POST", PAGE, Set.of(), List.of(),
                    utf8("note=x&_csrf=" + HostileCorpus.formEncode(x.getValue())), cookie,
                    header("Content-Type", FORM));
            for (String name : List.of("Origin", "Sec-Fetch-Site")) {
                checkCaller(what + " " + name, browser(what + " " + name, "POST", PAGE, Set.of(200), List.of(), form,
                        cookie, header("Content-Type", FORM), header(name, x.getValue())), "cora");
            }
        }
        for (Map.Entry<String, String> x : HostileCorpus.rawFormValues().entrySet()) {
            browser("filter form post _csrf " + x.getKey(), "POST", PAGE, Set.of(), List.of(),
                    utf8("note=x&_csrf=" + x.getValue()), cookie, header("Content-Type", FORM));
        }
        for (Map.Entry<String, byte[]> b : HostileCorpus.formBodies().entrySet()) {
            browser("filter form post body " + b.getKey(), "POST", PAGE, Set.of(), List.of(), b.getValue(), cookie,
                    header("Content-Type", FORM));
        }
        assertClean();
    }

    @Test
    void renewSignInAndSignOutWhenTheirCookiesHostileThenRedirectsOrPages() throws Exception {
        api.auth.register("remy", ApiFixture.PASSWORD, null);
        Session renewing = session("remy");
        Session signingOut = session("remy");
        String proof = signInProof();
        String renew = "/app/auth/renew?return=%2Fapp%2Fpages%2Fme";
        byte[] signOutForm = utf8("_csrf=not-the-proof&return=%2Fapp%2F");
        for (Map.Entry<String, List<String>> c : HostileCorpus.cookieHeaders("auth_refresh",
                renewing.refresh()).entrySet()) {
            byte[] cookie = cookieHeaders(c.getValue());
            browser("renew refresh cookie " + c.getKey(), "GET", renew, Set.of(303), List.of(), new byte[0], cookie);
            browser("signout refresh cookie " + c.getKey(), "POST", "/app/auth/signout", Set.of(303), List.of(),
                    signOutForm, cookie, header("Content-Type", FORM));
        }
        for (Map.Entry<String, List<String>> c : HostileCorpus.cookieHeaders("auth_access",
                signingOut.access()).entrySet()) {
            browser("signout access cookie " + c.getKey(), "POST", "/app/auth/signout", Set.of(303), List.of(),
                    signOutForm, cookieHeaders(c.getValue()), header("Content-Type", FORM));
        }
        byte[] signInForm = utf8("username=remy&password=&return=%2Fapp%2F&_csrf=" + proof);
        for (Map.Entry<String, List<String>> c : HostileCorpus.cookieHeaders("auth_signin", proof).entrySet()) {
            byte[] cookie = cookieHeaders(c.getValue());
            browser("signin page proof cookie " + c.getKey(), "GET", "/app/auth/signin", Set.of(200), List.of(),
                    new byte[0], cookie);
            browser("signin proof cookie " + c.getKey(), "POST", "/app/auth/signin", Set.of(), List.of(), signInForm,
                    cookie, header("Content-Type", FORM));
        }
        // the same hostile value as the cookie and the form's proof: at most as good as a proof, never a sign-in
        for (Map.Entry<String, String> x : HostileCorpus.strings().entrySet()) {
            browser("signin same hostile proof " + x.getKey(), "POST", "/app/auth/signin", Set.of(), List.of(),
                    utf8("username=remy&password=&_csrf=" + HostileCorpus.formEncode(x.getValue())),
                    header("Cookie", "auth_signin=" + x.getValue()), header("Content-Type", FORM));
        }
        assertClean();
    }

    @Test
    void signOutWhenProofReturnOrOriginHostileThenRefusedOrRedirectedWithinThisHost() throws Exception {
        api.auth.register("otto", ApiFixture.PASSWORD, null);
        Session s = session("otto");
        byte[] cookies = s.cookies();
        // a hostile proof never signs out: the session lives through all of these
        for (Value v : corpus(x -> x, false)) {
            post("signout", fields("return", "/app/"), "_csrf", v, List.of(), cookies);
        }
        for (Map.Entry<String, String> x : HostileCorpus.strings().entrySet()) {
            String what = "signout X-CSRF-Token " + x.getKey();
            byte[] proof = header("X-CSRF-Token", x.getValue());
            for (int status : new int[] {
                    send(what, "signout", null, new byte[0], 0, List.of(), cookies, proof),
                    send(what + " asking for JSON", "signout", null, new byte[0], 0, List.of(), cookies, proof,
                            header("Accept", "application/json"))}) {
                if (status == 204 || status == 303) {
                    failures.add(what + ": signed out");
                }
            }
        }
        String afterwards = Http.send("GET", api.app.uri(PAGE), "Cookie", "auth_access=" + s.access(),
                "Accept", "application/json").body();
        if (!"otto".equals(((Map<?, ?>) JsonReader.parse(afterwards)).get("remote_user"))) {
            failures.add("signout: a hostile proof ended the session: " + afterwards);
        }
        // the proof and then what a header parser strips is still the proof; a hostile Origin may pass or not
        for (Map.Entry<String, String> x : HostileCorpus.strings().entrySet()) {
            for (String name : List.of("X-CSRF-Token after the proof", "Origin", "Sec-Fetch-Site")) {
                byte[] h = name.startsWith("X-CSRF-Token") ? header("X-CSRF-Token", s.csrf() + x.getValue())
                        : HostileCorpus.concat(header("X-CSRF-Token", s.csrf()), header(name, x.getValue()));
                int status = send("signout " + name + " " + x.getKey(), "signout", null, new byte[0], 0, List.of(),
                        s.cookies(), h);
                if (status == 204 || status == 303) {
                    s = session("otto");
                }
            }
        }
        // without a session nothing is checked: every return target ends on this host
        for (Value v : corpus(x -> "/app/pages/" + x, false)) {
            post("signout", fields(), "return", v, shownOnlyEscaped(v));
        }
        for (Map.Entry<String, String> t : HostileCorpus.returnTargets().entrySet()) {
            byte[] form = utf8("return=" + HostileCorpus.formEncode(t.getValue()));
            send("signout return " + t.getKey(), "signout", FORM, form, form.length, shownOnlyEscaped(t.getValue()));
        }
        // signed out with the right proof: each needs a new session, at the cost of a hash
        for (Value v : corpus(x -> "/app/pages/" + x, true)) {
            if (v.form() != null && v.plain() != null && v.plain().length() < HostileCorpus.HUGE) {
                byte[] form = utf8("_csrf=" + s.csrf() + "&return=" + v.form());
                String what = "signout signing out, return " + v.name();
                if (send(what, "signout", FORM, form, form.length, shownOnlyEscaped(v), s.cookies()) != 303
                        || Http.send("GET", api.app.uri(PAGE), "Cookie", "auth_access=" + s.access(),
                        "Accept", "application/json").statusCode() != 401) {
                    failures.add(what + ": not signed out");
                }
                s = session("otto");
            }
        }
        assertClean();
    }

    private void authorizationHeaders(String endpoint) throws IOException {
        for (Map.Entry<String, String> x : HostileCorpus.strings().entrySet()) {
            send(endpoint + " Authorization " + x.getKey(), endpoint, null, new byte[0],
                    header("Authorization", "Bearer " + x.getValue()));
            send(endpoint + " Authorization token tail " + x.getKey(), endpoint, null, new byte[0],
                    header("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30." + x.getValue()));
        }
        send(endpoint + " Authorization long", endpoint, null, new byte[0],
                header("Authorization", "Bearer " + HostileCorpus.longValue(6000)));
    }

    /** One field value as JSON text and as form text; either may be missing (a JSON-only or form-only case). */
    record Value(String name, String plain, String json, String form) {
    }

    /**
     * @param embed puts a hostile string where the field's own checks reach it (e.g. inside an email address)
     * @param sampleOnly whether only {@link #SAMPLE} of the strings is wanted
     */
    private static List<Value> corpus(UnaryOperator<String> embed, boolean sampleOnly) {
        List<Value> values = new ArrayList<>();
        HostileCorpus.strings().forEach((name, s) -> {
            if (!sampleOnly || SAMPLE.contains(name)) {
                String v = embed.apply(s);
                values.add(new Value(name, v, JsonWriter.write(v), HostileCorpus.formEncode(v)));
            }
        });
        for (int length : new int[] {1025, 15_000}) {
            String v = HostileCorpus.longValue(length);
            values.add(new Value(length + " characters", v, JsonWriter.write(v), v));
        }
        String huge = HostileCorpus.longValue(HostileCorpus.HUGE);
        values.add(new Value("64 KiB", huge, JsonWriter.write(huge), huge));
        HostileCorpus.nonStringJson().forEach((name, json) -> values.add(new Value(name, null, json, null)));
        HostileCorpus.rawFormValues().forEach((name, form) -> values.add(new Value(name, null, null, form)));
        return values;
    }

    private String nextUsername() {
        return "hostile" + accounts++;
    }

    private static Map<String, String> fields(String... nameValue) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put(nameValue[i], nameValue[i + 1]);
        }
        return m;
    }

    /** Posts {@code others} plus {@code field} = {@code v} as JSON, then as a form; returns the last status. */
    private int post(String endpoint, Map<String, String> others, String field, Value v, String bearer)
            throws IOException {
        return post(endpoint, others, field, v, List.of(),
                bearer == null ? new byte[0][] : new byte[][] {header("Authorization", "Bearer " + bearer)});
    }

    /**
     * As {@link #post(String, Map, String, Value, String)}, with other headers.
     *
     * @param absent what a browser endpoint's answer must not contain
     */
    private int post(String endpoint, Map<String, String> others, String field, Value v, Collection<String> absent,
                     byte[]... auth) throws IOException {
        int status = 0;
        if (v.json() != null) {
            StringBuilder json = new StringBuilder("{");
            others.forEach((name, value) -> json.append(JsonWriter.write(name)).append(':')
                    .append(JsonWriter.write(value)).append(','));
            json.append(JsonWriter.write(field)).append(':').append(v.json()).append('}');
            byte[] body = utf8(json.toString());
            status = send(endpoint + " " + field + " JSON " + v.name(), endpoint, "application/json", body,
                    body.length, absent, auth);
        }
        if (v.form() != null) {
            StringBuilder form = new StringBuilder();
            others.forEach((name, value) -> form.append(name).append('=').append(HostileCorpus.formEncode(value))
                    .append('&'));
            form.append(field).append('=').append(v.form());
            byte[] body = utf8(form.toString());
            status = send(endpoint + " " + field + " form " + v.name(), endpoint, FORM, body, body.length, absent,
                    auth);
        }
        return status;
    }

    /**
     * Sends one request and checks the answer; a failure is recorded, not thrown, so that one run reports
     * every case that breaks.
     *
     * @return the status, or 0 if the exchange failed
     */
    private int send(String what, String endpoint, String contentType, byte[] body, byte[]... headers)
            throws IOException {
        return send(what, endpoint, contentType, body, body.length, List.of(), headers);
    }

    /** @param declaredLength the {@code Content-Length} to announce; more than sent cuts the body short */
    private int send(String what, String endpoint, String contentType, byte[] body, int declaredLength,
                     byte[]... headers) throws IOException {
        return send(what, endpoint, contentType, body, declaredLength, List.of(), headers);
    }

    /**
     * @param endpoint an endpoint under {@code /app/auth/} (a browser endpoint's answer is judged as a page), or
     *                 a path starting with {@code /} (a GET)
     * @param absent what a browser endpoint's answer must not contain
     */
    private int send(String what, String endpoint, String contentType, byte[] body, int declaredLength,
                     Collection<String> absent, byte[]... headers) throws IOException {
        boolean get = endpoint.equals("jwks") || endpoint.equals("renew") || endpoint.startsWith("/");
        String path = endpoint.startsWith("/") ? endpoint : "/app/auth/" + endpoint;
        Http.RawResponse r = exchange(what, get ? "GET" : "POST", path, contentType, body, declaredLength, headers);
        if (r == null) {
            return 0;
        }
        if (BROWSER.containsKey(endpoint)) {
            checkPage(what, r, BROWSER.get(endpoint), absent);
        } else {
            check(what, r);
        }
        return r.status();
    }

    /**
     * Sends one request to a browser endpoint or a page and checks the answer with {@link #checkPage}.
     *
     * @param target the request-target, one character per byte (raw bytes as ISO-8859-1)
     * @return the response, or null if there was none or the container refused the request itself
     */
    private Http.RawResponse browser(String what, String method, String target, Set<Integer> allowed,
                                     Collection<String> absent, byte[] body, byte[]... headers) throws IOException {
        Http.RawResponse r = exchange(what, method, target, null, body, body.length, headers);
        if (r != null) {
            checkPage(what, r, allowed, absent);
        }
        return r;
    }

    /**
     * Sends one request; a request the container must refuse itself ({@link #containerRefusal}) is checked here.
     *
     * @param target the request-target, one character per byte (raw bytes as ISO-8859-1)
     * @return the response for the caller to check, or null if there was none or the container refused it
     */
    private Http.RawResponse exchange(String what, String method, String target, String contentType, byte[] body,
                                      int declaredLength, byte[]... headers) throws IOException {
        String head = method + " " + target + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nConnection: close\r\nContent-Length: " + declaredLength + "\r\n";
        byte[] type = contentType == null ? new byte[0] : header("Content-Type", contentType);
        byte[] request = HostileCorpus.concat(head.getBytes(StandardCharsets.ISO_8859_1), type,
                HostileCorpus.concat(headers), utf8("\r\n"), body);
        Http.RawResponse r;
        try {
            r = Http.exchange(api.app.port(), request);
        } catch (IOException e) {
            failures.add(what + ": no answer: " + e);
            return null;
        }
        int refusal = containerRefusal(request);
        if (refusal == 0) {
            return r;
        }
        // not HTTP/1.1 at all, or too large: the container refuses it before any servlet runs, with a body of its own
        if (r.status() != refusal) {
            failures.add(what + ": malformed request answered " + r.status() + " " + brief(r.text()));
        }
        return null;
    }

    /**
     * The status the container answers with before any servlet runs, or 0: 400 if the request is not HTTP/1.1
     * (a request-target with a space or a control character; a header line that holds a control character other
     * than tab (RFC 9110 section 5.5), has no colon, or continues the previous one (obsolete line folding,
     * RFC 9112 section 5.2)); else 431 if its head is past the container's limit.
     *
     * <p>A lone LF ends a line too (RFC 9112 section 2.2), and the container treats it so: a header value that
     * ends in LF ends the head right there, and what follows is no longer part of it. The request then judged is
     * the one the container read.
     */
    private static int containerRefusal(byte[] request) {
        String text = new String(request, StandardCharsets.ISO_8859_1);
        String[] lines = text.substring(0, text.indexOf("\r\n\r\n") + 2).split("\n", -1);
        String[] requestLine = stripCr(lines[0]).split(" ", -1);
        if (requestLine.length != 3 || !requestLine[2].equals("HTTP/1.1")) {
            return 400;
        }
        for (char c : requestLine[1].toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                return 400;
            }
        }
        int headLength = lines[0].length() + 1;
        for (int i = 1; i < lines.length; i++) {
            String line = stripCr(lines[i]);
            if (line.isEmpty()) {
                break; // the end of the head as the container reads it
            }
            headLength += lines[i].length() + 1;
            if (line.indexOf(':') <= 0 || line.startsWith(" ") || line.startsWith("\t")) {
                return 400;
            }
            for (char c : line.toCharArray()) {
                if (c < 0x20 && c != '\t' || c == 0x7f) {
                    return 400;
                }
            }
        }
        return headLength + 2 > HEAD_LIMIT ? 431 : 0;
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** A 2xx, or a 4xx with a JSON body carrying an {@code error} string. */
    private void check(String what, Http.RawResponse r) {
        int s = r.status();
        if (!(s >= 200 && s < 300 || s >= 400 && s < 500)) {
            failures.add(what + ": status " + s + " " + r.text());
            return;
        }
        if (s < 400) {
            return;
        }
        if (!r.contentType().replace(" ", "").equalsIgnoreCase("application/json;charset=utf-8")) {
            failures.add(what + ": " + s + " with Content-Type " + r.contentType() + ": " + r.text());
            return;
        }
        try {
            if (!(JsonReader.parse(r.text()) instanceof Map<?, ?> m) || !(m.get("error") instanceof String)) {
                failures.add(what + ": " + s + " without an error string: " + r.text());
            }
        } catch (RuntimeException e) {
            failures.add(what + ": " + s + " with a body that is not JSON: " + r.text());
        }
    }

    /**
     * A browser's answer: a status in {@code allowed} or a 4xx, never a 5xx; a redirect only to a path on this
     * host (and, to the sign-in page or renewal, with a {@code return} on this host too); a 4xx as an HTML page or a
     * JSON error; an HTML page without a script and with a hidden {@code return} field only on this host; none of
     * {@code absent} in the body. (A {@code Location} is followed, never shown: a same-host path there may hold
     * {@code <} as it came.)
     */
    private void checkPage(String what, Http.RawResponse r, Set<Integer> allowed, Collection<String> absent) {
        int s = r.status();
        if (!allowed.contains(s) && !(s >= 400 && s < 500)) {
            failures.add(what + ": status " + s + " " + brief(r.text()));
            return;
        }
        String text = r.text();
        for (String a : absent) {
            if (text.contains(a)) {
                failures.add(what + ": " + s + " shows " + brief(a) + ": " + brief(text));
            }
        }
        if (s >= 300 && s < 400) {
            checkLocation(what, r.headers("Location"));
        }
        if (r.contentType().toLowerCase(Locale.ROOT).startsWith("text/html")) {
            if (text.toLowerCase(Locale.ROOT).contains("<script")) {
                failures.add(what + ": " + s + " page with a script: " + brief(text));
            }
            Matcher hidden = HIDDEN_RETURN.matcher(text);
            while (hidden.find()) {
                if (!isSameHostPath(unescapeHtml(hidden.group(1)))) {
                    failures.add(what + ": " + s + " form returns to " + brief(hidden.group(1)));
                }
            }
        } else if (s >= 400) {
            check(what, r);
        }
    }

    /** One {@code Location}, a path on this host; a {@code return} in it (to sign in or renew) one too. */
    private void checkLocation(String what, List<String> locations) {
        if (locations.size() != 1 || !isSameHostPath(locations.get(0))) {
            failures.add(what + ": redirected to " + brief(String.valueOf(locations)));
            return;
        }
        String location = locations.get(0);
        int query = location.indexOf('?');
        if (query < 0 || !location.startsWith("/app/auth/")) {
            return;
        }
        for (String parameter : location.substring(query + 1).split("&")) {
            if (parameter.startsWith("return=")) {
                String target;
                try {
                    target = URLDecoder.decode(parameter.substring("return=".length()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    failures.add(what + ": redirected with a malformed return: " + brief(location));
                    continue;
                }
                if (!isSameHostPath(target)) {
                    failures.add(what + ": redirected to return to " + brief(target));
                }
            }
        }
    }

    /** A page behind the filter answered 200: only for {@code owner}, the good token's, if anyone. */
    private void checkCaller(String what, Http.RawResponse r, String owner) {
        if (r == null || r.status() != 200) {
            return;
        }
        Object caller = JsonReader.parse(r.text()) instanceof Map<?, ?> m ? m.get("remote_user") : null;
        if (owner == null || !owner.equals(caller)) {
            failures.add(what + ": signed in as " + caller);
        }
    }

    /** Starts with {@code /}, not {@code //} or {@code /\}, visible ASCII only: nothing a browser reads as a host. */
    private static boolean isSameHostPath(String s) {
        if (s.isEmpty() || s.charAt(0) != '/' || s.startsWith("//") || s.startsWith("/\\")) {
            return false;
        }
        return s.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private static String unescapeHtml(String s) {
        return s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    /** @return {@code v} if it holds a character that, shown unescaped, would be markup */
    private static Collection<String> shownOnlyEscaped(Value v) {
        return v.plain() == null ? List.of() : shownOnlyEscaped(v.plain());
    }

    private static Collection<String> shownOnlyEscaped(String plain) {
        return plain.chars().anyMatch(c -> "<>\"'".indexOf(c) >= 0) ? List.of(plain) : List.of();
    }

    /** @return what shows a hostile password, escaped or not: its mark, or the whole of a long one */
    private static Collection<String> secret(Value v) {
        return v.plain() != null && v.plain().length() > 1000 ? List.of(PASSWORD_MARK, v.plain())
                : List.of(PASSWORD_MARK);
    }

    private static String brief(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "... (" + s.length() + " characters)";
    }

    /** A signed-in browser: its cookies' tokens and its CSRF proof, as the filter hands it to pages. */
    private record Session(String access, String refresh, String csrf) {
        byte[] cookies() {
            return header("Cookie", "auth_access=" + access + "; auth_refresh=" + refresh);
        }
    }

    /** Signs {@code username} in, at the cost of a hash. */
    private Session session(String username) throws Exception {
        IssuedTokens tokens = api.auth.login(username, ApiFixture.PASSWORD);
        HttpResponse<String> me = Http.send("GET", api.app.uri(PAGE), "Cookie", "auth_access=" + tokens.accessToken(),
                "Accept", "application/json");
        String csrf = (String) Http.json(me).get("csrf");
        if (csrf == null) {
            throw new AssertionError("the filter did not sign " + username + " in by the cookie: " + me.body());
        }
        return new Session(tokens.accessToken(), tokens.refreshToken(), csrf);
    }

    /** @return the sign-in form's proof, as its page sets the cookie */
    private String signInProof() throws Exception {
        HttpResponse<String> page = Http.send("GET", api.uri("signin"));
        return page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("auth_signin="))
                .map(c -> c.substring("auth_signin=".length(), c.indexOf(';'))).findFirst().orElseThrow();
    }

    /** @return the value a response sets for the cookie {@code name}, if it sets a non-empty one */
    private static Optional<String> setCookie(Http.RawResponse r, String name) {
        return r.headers("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.indexOf(';'))).filter(v -> !v.isEmpty()).findFirst();
    }

    /** One {@code Cookie} header line per value. */
    private static byte[] cookieHeaders(List<String> values) {
        byte[][] lines = new byte[values.size()][];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = header("Cookie", values.get(i));
        }
        return HostileCorpus.concat(lines);
    }

    /** A header line, its value as {@link HostileCorpus#lenientUtf8(String)}. */
    private static byte[] header(String name, String value) {
        return HostileCorpus.concat(utf8(name + ": "), HostileCorpus.lenientUtf8(value), utf8("\r\n"));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void assertClean() {
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(failures).as("requests answered outside the contract").isEmpty();
        softly.assertThat(log.problems()).as("log records spanning lines or carrying stack traces").isEmpty();
        softly.assertAll();
    }
}
