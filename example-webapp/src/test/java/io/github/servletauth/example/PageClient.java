package io.github.servletauth.example;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Requests to pages made by hand over java.net.http, with the headers a browser (or an attacker replaying a
 * cookie) would send, never following a redirect on its own. It keeps every {@code Set-Cookie} it was sent, so
 * that a test can show that no session cookie ever was.
 */
final class PageClient {

    private static final int MAX_HOPS = 5;

    private final URI base;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> setCookies = new CopyOnWriteArrayList<>();

    /** @param base the server, e.g. {@code http://127.0.0.1:8080/} */
    PageClient(URI base) {
        this.base = base;
    }

    /** @param headers name, value, name, value, ... */
    HttpResponse<String> get(String path, String... headers) throws Exception {
        return send(request(path, headers).GET().build());
    }

    /** POSTs {@code form} as {@code application/x-www-form-urlencoded}. */
    HttpResponse<String> postForm(String path, Map<String, String> form, String... headers) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(request(path, headers).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    /**
     * GETs {@code path} and follows its redirects by hand, sending the same headers (and so the same cookie)
     * every time, for at most five hops.
     *
     * @return every response of the chain, the last one not a redirect
     */
    List<HttpResponse<String>> follow(String path, String... headers) throws Exception {
        List<HttpResponse<String>> chain = new ArrayList<>();
        URI next = base.resolve(path);
        for (int hop = 0; hop <= MAX_HOPS; hop++) {
            HttpResponse<String> response = send(request(next, headers).GET().build());
            chain.add(response);
            String location = response.headers().firstValue("Location").orElse(null);
            if (response.statusCode() / 100 != 3 || location == null) {
                return chain;
            }
            next = next.resolve(location);
        }
        throw new AssertionError("more than " + MAX_HOPS + " redirects from " + path + ": "
                + chain.stream().map(r -> r.statusCode() + " " + r.uri()).toList());
    }

    /** @return every {@code Set-Cookie} header value received so far */
    List<String> setCookies() {
        return List.copyOf(setCookies);
    }

    private HttpRequest.Builder request(String path, String... headers) {
        return request(base.resolve(path), headers);
    }

    private static HttpRequest.Builder request(URI uri, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request;
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        setCookies.addAll(response.headers().allValues("Set-Cookie"));
        return response;
    }
}
