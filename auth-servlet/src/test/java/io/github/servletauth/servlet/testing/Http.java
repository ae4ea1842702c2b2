package io.github.servletauth.servlet.testing;

import io.github.servletauth.servlet.internal.JsonReader;
import io.github.servletauth.servlet.internal.JsonWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A small java.net.http client for the tests; bodies are parsed with the module's own strict reader. */
public final class Http {

    private static volatile HttpClient client = newClient();

    private Http() {
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * Drops pooled connections. Called whenever a server starts: a new server may get the port of a stopped
     * one, and a pooled connection to the old one would fail the next POST (which is not retried).
     */
    public static void reset() {
        client = newClient();
    }

    /** Asserts the JSON media type, however the container spaces its parameters (RFC 9110 allows both). */
    public static void assertJsonUtf8(HttpResponse<String> response) {
        String type = response.headers().firstValue("Content-Type").orElse("").replace(" ", "");
        if (!type.equalsIgnoreCase("application/json;charset=utf-8")) {
            throw new AssertionError("expected application/json; charset=utf-8 but got " + type);
        }
    }

    public static HttpResponse<String> postJson(URI uri, Object body, String... headers) throws Exception {
        return post(uri, "application/json", JsonWriter.write(body), headers);
    }

    public static HttpResponse<String> post(URI uri, String contentType, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b, headers);
    }

    public static HttpResponse<String> send(String method, URI uri, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        return send(b, headers);
    }

    private static HttpResponse<String> send(HttpRequest.Builder b, String... headers) throws Exception {
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** @return the response body as a JSON object */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> json(HttpResponse<String> response) {
        return (Map<String, Object>) JsonReader.parse(response.body());
    }

    /** @return the {@code fields} object of a 400 body */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> fields(HttpResponse<String> response) {
        return (Map<String, Object>) json(response).get("fields");
    }

    /**
     * Sends raw bytes over a socket and returns the status line: for requests java.net.http will not send
     * (a lying Content-Length, hand-made chunks).
     */
    public static String raw(int port, String head, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            try {
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before reading everything: that is the point
            }
            InputStream in = socket.getInputStream();
            String response = new String(in.readNBytes(4096), StandardCharsets.ISO_8859_1);
            return response;
        }
    }

    /**
     * A response read off a socket: status, the {@code Content-Type} header (or empty), the body, and every header
     * line of the head as sent ({@code Name: value}, ISO-8859-1).
     */
    public record RawResponse(int status, String contentType, byte[] body, List<String> headerLines) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** @return the values of the header {@code name} (case-insensitive), in the order sent */
        public List<String> headers(String name) {
            List<String> values = new ArrayList<>();
            for (String line : headerLines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    values.add(line.substring(colon + 1).trim());
                }
            }
            return values;
        }
    }

    /**
     * Sends a whole request over a new connection ({@code Connection: close} is the caller's business) and reads
     * the response to the end: for headers and bodies java.net.http refuses to send (control characters, bytes
     * that are not UTF-8). The server may answer before reading everything; the rest is then not sent.
     */
    public static RawResponse exchange(int port, byte[] request) throws IOException {
        byte[] all;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            try {
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                socket.shutdownOutput();
            } catch (IOException e) {
                // answered and closed early (413): the answer is still there to read
            }
            all = socket.getInputStream().readAllBytes();
        }
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || headEnd < 0) {
            throw new IOException("not an HTTP/1.1 response: " + text.substring(0, Math.min(200, text.length())));
        }
        String contentType = "";
        boolean chunked = false;
        List<String> lines = new ArrayList<>(Arrays.asList(text.substring(0, headEnd).split("\r\n")));
        lines.remove(0); // the status line
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-type:")) {
                contentType = line.substring("content-type:".length()).trim();
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        byte[] body = Arrays.copyOfRange(all, headEnd + 4, all.length);
        return new RawResponse(Integer.parseInt(text.substring(9, 12)), contentType, chunked ? dechunk(body) : body,
                List.copyOf(lines));
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String s = new String(chunked, StandardCharsets.ISO_8859_1);
        int pos = 0;
        while (true) {
            int eol = s.indexOf("\r\n", pos);
            int size = Integer.parseInt(s.substring(pos, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(chunked, eol + 2, size);
            pos = eol + 2 + size + 2;
        }
    }
}
