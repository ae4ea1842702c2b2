package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthConfig;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Every field and header that an endpoint or the {@link JwtFilter} reads, fed the {@link HostileCorpus} as JSON
 * and as form bodies over real HTTP: only 2xx and 4xx answers, every 4xx with a JSON error body, and no log
 * record that spans several lines or carries a stack trace. Subclasses choose the database. A request that is
 * not HTTP at all (a control character in a header) must get the container's own 400.
 *
 * <p>Fast because almost every hostile value is refused before any password is hashed. Where an accepted value
 * costs hashes (a new password, a logout that needs a fresh login), a {@linkplain #SAMPLE sample} of the corpus
 * stands in for the whole.
 */
abstract class HostileInputContract {

    /** The corpus values that stand in for the whole where every request costs a password hash. */
    static final Set<String> SAMPLE = Set.of("U+0000", "U+0085", "CRLF header injection", "lone high surrogate",
            "bidi override", "noncharacter U+FFFF", "emoji", "private use", "markup", "all at once");

    private static final String NEW_PASSWORD = "An0ther-long-passphrase!";

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
        api = new ApiFixture(config(dir).set("auth.register.address-limit", "0"), (ctx, auth) -> {
            ctx.setInitParameter(ClientAddresses.TRUSTED_PROXIES, "127.0.0.1");
            ctx.addFilter(new FilterHolder(new JwtFilter(auth.tokenVerifier(), "hostile", List.of(), false)),
                    "/api/*", EnumSet.of(DispatcherType.REQUEST));
            ctx.addServlet(ProbeServlet.class, "/api/*");
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
        for (String endpoint : List.of("register", "login", "refresh", "logout", "password", "validate", "jwks")) {
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
        byte[][] auth = bearer == null ? new byte[0][] : new byte[][] {header("Authorization", "Bearer " + bearer)};
        int status = 0;
        if (v.json() != null) {
            StringBuilder json = new StringBuilder("{");
            others.forEach((name, value) -> json.append(JsonWriter.write(name)).append(':')
                    .append(JsonWriter.write(value)).append(','));
            json.append(JsonWriter.write(field)).append(':').append(v.json()).append('}');
            status = send(endpoint + " " + field + " JSON " + v.name(), endpoint, "application/json",
                    utf8(json.toString()), auth);
        }
        if (v.form() != null) {
            StringBuilder form = new StringBuilder();
            others.forEach((name, value) -> form.append(name).append('=').append(HostileCorpus.formEncode(value))
                    .append('&'));
            form.append(field).append('=').append(v.form());
            status = send(endpoint + " " + field + " form " + v.name(), endpoint, "application/x-www-form-urlencoded",
                    utf8(form.toString()), auth);
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
        return send(what, endpoint, contentType, body, body.length, headers);
    }

    /** @param declaredLength the {@code Content-Length} to announce; more than sent cuts the body short */
    private int send(String what, String endpoint, String contentType, byte[] body, int declaredLength,
                     byte[]... headers) throws IOException {
        boolean get = endpoint.equals("jwks") || endpoint.startsWith("/");
        String path = endpoint.startsWith("/") ? endpoint : "/app/auth/" + endpoint;
        String head = (get ? "GET " : "POST ") + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nConnection: close\r\nContent-Length: " + declaredLength + "\r\n";
        byte[] type = contentType == null ? new byte[0] : header("Content-Type", contentType);
        byte[] request = HostileCorpus.concat(head.getBytes(StandardCharsets.ISO_8859_1), type,
                HostileCorpus.concat(headers), utf8("\r\n"), body);
        Http.RawResponse r;
        try {
            r = Http.exchange(api.app.port(), request);
        } catch (IOException e) {
            failures.add(what + ": no answer: " + e);
            return 0;
        }
        if (malformedHead(request)) {
            // not HTTP/1.1 at all: the container refuses it before any servlet runs, with a body of its own
            if (r.status() != 400) {
                failures.add(what + ": malformed request answered " + r.status() + " " + r.text());
            }
        } else {
            check(what, r);
        }
        return r.status();
    }

    /**
     * Whether the head is not HTTP/1.1: a header line that holds a control character other than tab (RFC 9110
     * section 5.5), has no colon, or continues the previous one (obsolete line folding, RFC 9112 section 5.2).
     */
    private static boolean malformedHead(byte[] request) {
        String text = new String(request, StandardCharsets.ISO_8859_1);
        String head = text.substring(0, text.indexOf("\r\n\r\n"));
        // a lone LF ends a line too (RFC 9112 section 2.2), and the container treats it so
        String[] lines = head.split("\r?\n");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.indexOf(':') <= 0 || line.startsWith(" ") || line.startsWith("\t")) {
                return true;
            }
            for (char c : line.toCharArray()) {
                if (c < 0x20 && c != '\t' || c == 0x7f) {
                    return true;
                }
            }
        }
        return false;
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
