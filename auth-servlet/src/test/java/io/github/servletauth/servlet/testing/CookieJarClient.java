package io.github.servletauth.servlet.testing;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A browser as far as cookies go, for HTTP tests: it keeps the cookies the server sets (by name and path, as
 * RFC 6265 stores them), sends those whose path covers the request, never follows redirects (tests look at
 * each hop), and sends what a browser navigation sends ({@code Accept: text/html}, {@code Sec-Fetch-*}) unless
 * told otherwise. Every {@code Set-Cookie} it ever received is kept for inspection.
 */
public final class CookieJarClient {

    /** One stored cookie. */
    public record Cookie(String name, String value, String path, String attributes) {
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Cookie> jar = new LinkedHashMap<>();
    private final List<String> received = new ArrayList<>();

    /** @return a page request as a browser navigation sends it */
    public HttpResponse<String> navigate(URI uri, String... headers) throws Exception {
        return send(HttpRequest.newBuilder(uri).GET(), concat(new String[] {"Accept",
                "text/html,application/xhtml+xml,*/*;q=0.8", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Site",
                "same-origin"}, headers));
    }

    /** @return the response to a form post from a page of the same origin */
    public HttpResponse<String> submit(URI uri, Map<String, String> form, String... headers) throws Exception {
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        String origin = uri.getScheme() + "://" + uri.getAuthority();
        return send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)),
                concat(new String[] {"Content-Type", "application/x-www-form-urlencoded", "Accept", "text/html",
                        "Origin", origin, "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Site", "same-origin"}, headers));
    }

    /** @return the response to any request, with only the given headers and the jar's cookies */
    public HttpResponse<String> send(HttpRequest.Builder request, String... headers) throws Exception {
        HttpRequest probe = request.copy().build();
        String cookies = cookiesFor(probe.uri().getRawPath());
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]); // a later value replaces a default
        }
        HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        for (String setCookie : response.headers().allValues("Set-Cookie")) {
            received.add(setCookie);
            store(setCookie);
        }
        return response;
    }

    /** @return the value of the stored cookie {@code name} at {@code path}, or null */
    public String value(String name, String path) {
        Cookie c = jar.get(name + ";" + path);
        return c == null ? null : c.value();
    }

    /** @return the stored cookie {@code name} at {@code path}, or null */
    public Cookie cookie(String name, String path) {
        return jar.get(name + ";" + path);
    }

    /** Stores a cookie by hand, as a forged or replayed one. */
    public void put(String name, String value, String path) {
        jar.put(name + ";" + path, new Cookie(name, value, path, ""));
    }

    /** @return every Set-Cookie header received so far */
    public List<String> received() {
        return List.copyOf(received);
    }

    /** @return the stored cookies */
    public List<Cookie> cookies() {
        return List.copyOf(jar.values());
    }

    private String cookiesFor(String path) {
        return jar.values().stream().filter(c -> path.equals(c.path()) || path.startsWith(
                        c.path().endsWith("/") ? c.path() : c.path() + "/"))
                .map(c -> c.name() + "=" + c.value()).collect(Collectors.joining("; "));
    }

    private void store(String setCookie) {
        String[] parts = setCookie.split(";");
        int eq = parts[0].indexOf('=');
        String name = parts[0].substring(0, eq).trim();
        String value = parts[0].substring(eq + 1).trim();
        String path = "/";
        boolean expired = value.isEmpty();
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i].trim();
            if (attribute.regionMatches(true, 0, "Path=", 0, 5)) {
                path = attribute.substring(5);
            } else if (attribute.equalsIgnoreCase("Max-Age=0")) {
                expired = true;
            }
        }
        if (expired) {
            jar.remove(name + ";" + path);
        } else {
            jar.put(name + ";" + path, new Cookie(name, value, path, setCookie.substring(parts[0].length())));
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
