package io.github.servletauth.servlet.testing;

import io.github.servletauth.servlet.internal.JsonReader;
import io.github.servletauth.servlet.internal.JsonWriter;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A client of the HTTP API for the reliability tests: its own {@link HttpClient} (so that restarting a server
 * elsewhere never resets it), calls addressed by a node's base URI, and answers as {@link Reply} values.
 * Transport failures are thrown as {@link IOException}; the tests count them separately from statuses.
 */
public final class ApiClient {

    public static final String PASSWORD = ApiFixture.PASSWORD;

    /** One answer: status, body, and the {@code Retry-After} header if any. */
    public record Reply(int status, String body, String retryAfter) {
        @SuppressWarnings("unchecked")
        public Map<String, Object> json() {
            return (Map<String, Object>) JsonReader.parse(body);
        }

        public String string(String field) {
            Object v = json().get(field);
            if (!(v instanceof String s)) {
                throw new AssertionError("no string " + field + " in a " + status + " answer: " + body);
            }
            return s;
        }

        public long number(String field) {
            Object v = json().get(field);
            if (!(v instanceof Number n)) {
                throw new AssertionError("no number " + field + " in a " + status + " answer: " + body);
            }
            return n.longValue();
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public Reply register(URI base, String username) throws IOException, InterruptedException {
        return post(base, "auth/register", Map.of("username", username, "password", PASSWORD), null);
    }

    public Reply login(URI base, String username) throws IOException, InterruptedException {
        return login(base, username, PASSWORD);
    }

    public Reply login(URI base, String username, String password) throws IOException, InterruptedException {
        return post(base, "auth/login", Map.of("username", username, "password", password), null);
    }

    public Reply refresh(URI base, String refreshToken) throws IOException, InterruptedException {
        return post(base, "auth/refresh", Map.of("refresh_token", refreshToken), null);
    }

    public Reply validate(URI base, String accessToken) throws IOException, InterruptedException {
        return post(base, "auth/validate", null, accessToken);
    }

    public Reply logout(URI base, String accessToken, String refreshToken) throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        if (refreshToken != null) {
            body.put("refresh_token", refreshToken);
        }
        return post(base, "auth/logout", body, accessToken);
    }

    public Reply changePassword(URI base, String accessToken, String current, String next)
            throws IOException, InterruptedException {
        return post(base, "auth/password", Map.of("current_password", current, "new_password", next), accessToken);
    }

    /** A GET through the {@code JwtFilter} to the legacy servlet behind it. */
    public Reply api(URI base, String accessToken) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("api/me")).timeout(Duration.ofSeconds(30)).GET()
                .header("Authorization", "Bearer " + accessToken);
        return send(b);
    }

    private Reply post(URI base, String path, Map<String, Object> body, String bearer)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (body == null) {
            b.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JsonWriter.write(body), StandardCharsets.UTF_8));
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return send(b);
    }

    private Reply send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(r.statusCode(), r.body(), r.headers().firstValue("Retry-After").orElse(null));
    }
}
