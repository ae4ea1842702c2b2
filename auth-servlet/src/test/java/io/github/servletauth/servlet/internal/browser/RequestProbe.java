package io.github.servletauth.servlet.internal.browser;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * An embedded Jetty 12 whose one servlet (under {@code /app}) answers every request with what the test's
 * question returns for that real request, as text ({@code "null"} for {@code null}). Requests are written
 * byte for byte over a socket, so a test controls every header line ({@code Host}, repeated {@code Cookie}
 * headers, odd bytes) that java.net.http would normalise or refuse. {@code X-Forwarded-Proto: https} makes the
 * request secure, exactly as a TLS-terminating proxy does through Jetty's {@link ForwardedRequestCustomizer}.
 */
final class RequestProbe implements BeforeAllCallback, AfterAllCallback {

    /** A response read to its end: the status, the header lines and the body. */
    record Response(int status, List<String> headerLines, String body) {
        /** @return the values of every header named {@code name} (case-insensitive), in order */
        List<String> headers(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headerLines.stream().filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(l -> l.substring(prefix.length()).strip()).toList();
        }
    }

    private final Server server = new Server();
    private final ServerConnector connector;
    private volatile BiFunction<HttpServletRequest, HttpServletResponse, Object> question = (req, resp) -> null;

    /** Declared as {@code @RegisterExtension static final RequestProbe probe = new RequestProbe();}. */
    RequestProbe() {
        HttpConfiguration config = new HttpConfiguration();
        config.addCustomizer(new ForwardedRequestCustomizer());
        connector = new ServerConnector(server, new HttpConnectionFactory(config));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/app");
        context.addServlet(new ServletHolder(new AnsweringServlet()), "/*");
        server.setHandler(context);
    }

    @Override
    public void beforeAll(ExtensionContext extension) throws Exception {
        server.start();
    }

    /** Sets what every following request is answered with. */
    RequestProbe ask(Function<HttpServletRequest, Object> q) {
        question = (req, resp) -> q.apply(req);
        return this;
    }

    /** Sets what every following request is answered with, for questions that write response headers. */
    RequestProbe askWithResponse(BiFunction<HttpServletRequest, HttpServletResponse, Object> q) {
        question = q;
        return this;
    }

    /**
     * Sends one request on a new connection. A {@code Host} line is added unless {@code headerLines} has one;
     * {@code Connection: close} and, for a body, {@code Content-Length} are always added.
     *
     * @param requestLine e.g. {@code "GET /app/x HTTP/1.1"}
     * @param body the body, or {@code null}
     * @param headerLines whole header lines, e.g. {@code "Cookie: a=1"}
     */
    Response send(String requestLine, String body, String... headerLines) throws IOException {
        StringBuilder head = new StringBuilder(requestLine).append("\r\n");
        boolean hasHost = false;
        for (String line : headerLines) {
            hasHost |= line.regionMatches(true, 0, "Host:", 0, 5);
            head.append(line).append("\r\n");
        }
        if (!hasHost) {
            head.append("Host: 127.0.0.1:").append(connector.getLocalPort()).append("\r\n");
        }
        byte[] bodyBytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            head.append("Content-Length: ").append(bodyBytes.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        byte[] all;
        try (Socket socket = new Socket("127.0.0.1", connector.getLocalPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            // header bytes as sent on the wire: a test may put raw non-ASCII bytes there on purpose
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(bodyBytes);
            out.flush();
            all = socket.getInputStream().readAllBytes();
        }
        String text = new String(all, StandardCharsets.UTF_8);
        int headEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || headEnd < 0) {
            throw new IOException("not an HTTP/1.1 response: " + text.substring(0, Math.min(200, text.length())));
        }
        List<String> lines = new ArrayList<>(List.of(text.substring(0, headEnd).split("\r\n")));
        int status = Integer.parseInt(lines.remove(0).substring(9, 12));
        return new Response(status, lines, text.substring(headEnd + 4));
    }

    /** @return the answer's text for a GET of {@code /app/page} with these header lines; fails unless 200 */
    String get(String... headerLines) throws IOException {
        Response response = send("GET /app/page HTTP/1.1", null, headerLines);
        if (response.status() != 200) {
            throw new AssertionError("status " + response.status() + ": " + response.body());
        }
        return response.body();
    }

    @Override
    public void afterAll(ExtensionContext extension) throws Exception {
        server.stop();
    }

    private final class AnsweringServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            byte[] answer = String.valueOf(question.apply(req, resp)).getBytes(StandardCharsets.UTF_8);
            resp.setContentType("text/plain;charset=utf-8");
            resp.setContentLength(answer.length);
            resp.getOutputStream().write(answer);
        }
    }
}
