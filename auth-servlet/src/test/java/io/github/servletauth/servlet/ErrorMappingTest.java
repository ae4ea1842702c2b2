package io.github.servletauth.servlet;

import io.github.servletauth.core.LoginThrottledException;
import io.github.servletauth.core.StoreFailureException;
import io.github.servletauth.core.StoreUnavailableException;
import io.github.servletauth.servlet.internal.ClientAddresses;
import io.github.servletauth.servlet.internal.Endpoint;
import io.github.servletauth.servlet.internal.ErrorResponses;
import io.github.servletauth.servlet.internal.Responses;
import io.github.servletauth.servlet.testing.Http;
import io.github.servletauth.servlet.testing.JettyApp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failures a real service cannot be made to produce on demand, thrown by a servlet wired like ours, to check
 * the one place that maps exceptions to responses; and the client address behind trusted proxies.
 */
class ErrorMappingTest {

    static JettyApp app;

    @BeforeAll
    static void start() throws Exception {
        app = new JettyApp().context("/", ctx -> {
            ctx.addServlet(new ServletHolder(failing(new StoreUnavailableException(new SQLException("host db1 down")))), "/store");
            ctx.addServlet(new ServletHolder(failing(new LoginThrottledException(Duration.ofMillis(1500)))), "/throttled");
            ctx.addServlet(new ServletHolder(failing(new IllegalStateException("library detail password=hunter2"))), "/bug");
            ctx.addServlet(new ServletHolder(failing(new StoreFailureException(
                    new SQLException("syntax error at or near \"SELEC\" in SELEC password_hash", "42601")))),
                    "/store-failure");
            ServletHolder addr = new ServletHolder(new AddressServlet());
            addr.setInitParameter(ClientAddresses.TRUSTED_PROXIES, "127.0.0.1, 10.0.0.2");
            ctx.addServlet(addr, "/addr");
            ctx.addServlet(new ServletHolder(new AddressServlet()), "/addr-untrusted");
        }).start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    private static HttpServlet failing(RuntimeException failure) {
        return new HttpServlet() {
            private static final long serialVersionUID = 1L;
            private final Endpoint endpoint = new Endpoint("POST", ErrorResponses.API, (rq, rs) -> {
                throw failure;
            });

            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                endpoint.serve(req, resp);
            }
        };
    }

    static final class AddressServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            Responses.json(resp, 200, Map.of("address", ClientAddresses.from(getServletConfig()).of(req)));
        }
    }

    @Test
    void storeUnavailableThen503WithRetryAfter() throws Exception {
        HttpResponse<String> r = Http.send("POST", app.uri("/store"));

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(r.body()).isEqualTo("{\"error\":\"Service temporarily unavailable\"}");
    }

    @Test
    void throttledThen429WithRetryAfterRoundedUp() throws Exception {
        HttpResponse<String> r = Http.send("POST", app.uri("/throttled"));

        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(Http.json(r)).containsKey("error");
    }

    @Test
    void unexpectedFailureThenBare500() throws Exception {
        HttpResponse<String> r = Http.send("POST", app.uri("/bug"));

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("{\"error\":\"Internal error\"}");
    }

    @Test
    void storeFailureThenBare500WithoutSql() throws Exception {
        HttpResponse<String> r = Http.send("POST", app.uri("/store-failure"));

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.headers().firstValue("Retry-After")).isEmpty();
        assertThat(r.body()).isEqualTo("{\"error\":\"Internal error\"}");
    }

    @Test
    void clientAddressWhenPeerTrustedThenRightmostUntrustedForwardedAddress() throws Exception {
        HttpResponse<String> r = Http.send("GET", app.uri("/addr"),
                "X-Forwarded-For", "6.6.6.6, 203.0.113.9, 10.0.0.2");

        assertThat(Http.json(r)).containsEntry("address", "203.0.113.9");
    }

    @Test
    void clientAddressWhenForwardedGarbageThenStopsTrusting() throws Exception {
        HttpResponse<String> r = Http.send("GET", app.uri("/addr"), "X-Forwarded-For", "203.0.113.9, nonsense");

        assertThat(Http.json(r)).containsEntry("address", "127.0.0.1");
    }

    @Test
    void clientAddressWhenNoTrustedProxyThenPeerAddressIgnoringHeader() throws Exception {
        HttpResponse<String> r = Http.send("GET", app.uri("/addr-untrusted"), "X-Forwarded-For", "203.0.113.9");

        assertThat(Http.json(r)).containsEntry("address", "127.0.0.1");
    }
}
