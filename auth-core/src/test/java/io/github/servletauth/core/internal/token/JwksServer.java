package io.github.servletauth.core.internal.token;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An issuer on loopback for a test, stopped after it: its JWK Set endpoint {@code /jwks} serves {@link #served}
 * with {@link #status} and counts {@link #fetches}; any other path serves its entry of {@link #documents} (an
 * issuer's metadata, see {@link #publishMetadata}) or 404. Register it with {@code @RegisterExtension}.
 */
public final class JwksServer implements AfterEachCallback {
    /** The body answered, settable at any time. */
    public final AtomicReference<String> served = new AtomicReference<>("{\"keys\":[]}");
    /** The status answered, settable at any time. */
    public final AtomicInteger status = new AtomicInteger(200);
    /** How many times the endpoint was fetched. */
    public final AtomicInteger fetches = new AtomicInteger();
    /** Other documents by path (such as {@code /realms/staff/.well-known/openid-configuration}), answered 200. */
    public final Map<String, String> documents = new ConcurrentHashMap<>();
    /** Every path asked for, in order. */
    public final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private int port;

    /** @return the endpoint's URL, once started */
    public URI start() throws IOException {
        return start(0);
    }

    /**
     * @param port the port to listen on (0: any free one), e.g. one from {@link #freePort()} that a verifier was
     *             configured with before the issuer started
     * @return the JWK Set endpoint's URL, once started
     */
    public URI start(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            requests.add(path);
            int answer;
            String text;
            if (path.equals("/jwks")) {
                fetches.incrementAndGet();
                answer = status.get();
                text = served.get();
            } else {
                text = documents.get(path);
                answer = text == null ? 404 : 200;
                text = text == null ? "{\"error\":\"not found\"}" : text;
            }
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        this.port = server.getAddress().getPort();
        return URI.create(base() + "/jwks");
    }

    /** @return {@code http://127.0.0.1:<port>}, once started or given a port */
    public String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Reserves nothing: a port that was free a moment ago, to start on later. */
    public int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
            return port;
        }
    }

    /**
     * Publishes the metadata of issuer {@code base() + path} at its OpenID Connect location, naming this server's
     * {@code /jwks}.
     *
     * @param path the issuer's path, e.g. {@code /realms/staff}, {@code /} or empty
     * @return the issuer identifier
     */
    public String publishMetadata(String path) {
        String issuer = base() + path;
        String trimmed = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        documents.put(URI.create(trimmed).getRawPath() + "/.well-known/openid-configuration",
                metadata(issuer, base() + "/jwks"));
        return issuer;
    }

    /** @return a metadata document as identity providers publish it (with more members than are read) */
    public static String metadata(String issuer, String jwksUri) {
        return "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/authorize\","
                + "\"token_endpoint\":\"" + issuer + "/token\",\"jwks_uri\":\"" + jwksUri + "\","
                + "\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"public\"],"
                + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}";
    }

    /** Stops answering (connections are then refused), as an issuer that went down. */
    public void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop();
    }
}
