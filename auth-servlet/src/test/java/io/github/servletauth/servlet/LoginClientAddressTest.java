package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthService;
import io.github.servletauth.servlet.internal.ClientAddresses;
import io.github.servletauth.servlet.testing.ApiFixture;
import io.github.servletauth.servlet.testing.Http;
import io.github.servletauth.servlet.testing.JettyApp;
import io.github.servletauth.servlet.testing.TestKeys;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Login throttling counts the address a trusted proxy reports, not the proxy's own address. */
class LoginClientAddressTest {

    @TempDir
    Path dir;

    AuthService auth;
    JettyApp app;

    @BeforeEach
    void start() throws Exception {
        auth = AuthService.create(ApiFixture.sqlite(dir).set("auth.jwt.secret", TestKeys.secret(TestKeys.randomBytes()))
                .build());
        app = new JettyApp().context("/", ctx -> {
            ServletHolder login = new ServletHolder(new LoginServlet(auth));
            login.setInitParameter(ClientAddresses.TRUSTED_PROXIES, "127.0.0.1");
            ctx.addServlet(login, "/login");
        }).start();
    }

    @AfterEach
    void stop() {
        app.close();
        auth.close();
    }

    private HttpResponse<String> login(String username, String password, String forwardedFor) throws Exception {
        return Http.postJson(app.uri("/login"), Map.of("username", username, "password", password),
                "X-Forwarded-For", forwardedFor);
    }

    @Test
    void loginWhenOneForwardedAddressGuessesThenOnlyThatAddressIsThrottled() throws Exception {
        auth.register("victor", ApiFixture.PASSWORD, null);
        HttpResponse<String> r = null;
        for (int i = 0; i < 40; i++) {
            r = login("guess" + i, "wrong-password-" + i, "203.0.113.7");
            if (r.statusCode() == 429) {
                break;
            }
            assertThat(r.statusCode()).isEqualTo(401);
        }
        assertThat(r.statusCode()).isEqualTo(429);

        assertThat(login("victor", ApiFixture.PASSWORD, "203.0.113.7").statusCode()).isEqualTo(429);
        assertThat(login("victor", ApiFixture.PASSWORD, "198.51.100.2").statusCode()).isEqualTo(200);
    }
}
