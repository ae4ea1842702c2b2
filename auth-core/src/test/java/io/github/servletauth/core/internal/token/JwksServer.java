package io.github.servletauth.core.internal.token;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An issuer's JWK Set endpoint on loopback for a test, stopped after it: serves {@link #served} with
 * {@link #status}, and counts {@link #fetches}. Register it with {@code @RegisterExtension}.
 */
public final class JwksServer implements AfterEachCallback {
    /** The body answered, settable at any time. */
    public final AtomicReference<String> served = new AtomicReference<>("{\"keys\":[]}");
    /** The status answered, settable at any time. */
    public final AtomicInteger status = new AtomicInteger(200);
    /** How many times the endpoint was fetched. */
    public final AtomicInteger fetches = new AtomicInteger();
    private HttpServer server;

    /** @return the endpoint's URL, once started */
    public URI start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (server != null) {
            server.stop(0);
        }
    }
}
