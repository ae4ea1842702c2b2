package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthService;
import io.github.servletauth.core.ConfigurationException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Login throttling counts the address a trusted proxy reports, not the proxy's own address, and one client
 * cannot multiply its address by spelling it differently: 20 failures from one address are free, the 21st
 * attempt is throttled.
 */
class LoginClientAddressTest {

    private static final int FREE_FAILURES_PER_ADDRESS = 20;

    @TempDir
    Path dir;

    AuthService auth;
    JettyApp app;

    @BeforeEach
    void start() throws Exception {
        auth = AuthService.create(ApiFixture.sqlite(dir).set("auth.jwt.secret", TestKeys.secret(TestKeys.randomBytes()))
                .build());
        auth.register("victor", ApiFixture.PASSWORD, null);
        app = new JettyApp().context("/", ctx -> {
            ServletHolder login = new ServletHolder(new LoginServlet(auth));
            login.setInitParameter(ClientAddresses.TRUSTED_PROXIES, "10.0.0.0/8, 127.0.0.1");
            ctx.addServlet(login, "/login");
        }).start();
    }

    @AfterEach
    void stop() {
        app.close();
        auth.close();
    }

    @Test
    void startWhenTrustedProxyEntryMalformedThenServletFailsNamingKeyAndEntry() {
        JettyApp broken = new JettyApp().context("/", ctx -> {
            ServletHolder login = new ServletHolder(new LoginServlet(auth));
            login.setInitParameter(ClientAddresses.TRUSTED_PROXIES, "10.0.0.0/8, 10.0.0.1/8");
            login.setInitOrder(1);
            ctx.addServlet(login, "/login");
        });
        try {
            assertThatThrownBy(broken::start).rootCause().isInstanceOfSatisfying(ConfigurationException.class, e -> {
                assertThat(e.key()).isEqualTo(ClientAddresses.TRUSTED_PROXIES);
                assertThat(e.getMessage()).contains("'10.0.0.1/8'");
            });
        } finally {
            broken.close();
        }
    }

    private HttpResponse<String> login(String username, String password, String... headers) throws Exception {
        return Http.postJson(app.uri("/login"), Map.of("username", username, "password", password), headers);
    }

    /** @return the status of a login with the right password for the registered user, forwarded for {@code client} */
    private int victorVia(String client) throws Exception {
        return login("victor", ApiFixture.PASSWORD, "X-Forwarded-For", client).statusCode();
    }

    /** Wrong passwords for a new username each time (so only the address counter grows), each with its own headers. */
    private void guessUntilThrottled(List<String[]> headersPerAttempt) throws Exception {
        for (int i = 0; i < FREE_FAILURES_PER_ADDRESS; i++) {
            String[] headers = headersPerAttempt.get(i % headersPerAttempt.size());
            assertThat(login("guess" + i, "wrong-password-" + i, headers).statusCode())
                    .as("attempt %d with %s", i + 1, List.of(headers)).isEqualTo(401);
        }
        String[] last = headersPerAttempt.get(FREE_FAILURES_PER_ADDRESS % headersPerAttempt.size());
        assertThat(login("guess-last", "wrong-password", last).statusCode()).as("with %s", List.of(last))
                .isEqualTo(429);
    }

    @Test
    void loginWhenOneForwardedAddressGuessesThenOnlyThatAddressIsThrottled() throws Exception {
        guessUntilThrottled(List.<String[]>of(new String[] {"X-Forwarded-For", "203.0.113.7"}));

        assertThat(victorVia("203.0.113.7")).isEqualTo(429);
        assertThat(victorVia("198.51.100.2")).isEqualTo(200);
    }

    @Test
    void loginWhenForwardedPortRotatesThenStillOneAddress() throws Exception {
        List<String[]> attempts = new ArrayList<>();
        for (int port = 40000; port < 40000 + FREE_FAILURES_PER_ADDRESS + 1; port++) {
            attempts.add(new String[] {"X-Forwarded-For", "198.51.100.2:" + port});
        }
        guessUntilThrottled(attempts);

        assertThat(victorVia("198.51.100.2")).isEqualTo(429);
        assertThat(victorVia("198.51.100.3")).isEqualTo(200);
    }

    @Test
    void loginWhenOneIpv6AddressSpelledManyWaysThenStillOneAddress() throws Exception {
        guessUntilThrottled(List.of(
                new String[] {"X-Forwarded-For", "2001:db8:1:2::7"},
                new String[] {"X-Forwarded-For", "2001:DB8:1:2:0:0:0:7"},
                new String[] {"X-Forwarded-For", "2001:0db8:0001:0002:0000:0000:0000:0007"},
                new String[] {"X-Forwarded-For", "[2001:db8:1:2::7]:443"},
                new String[] {"X-Forwarded-For", "[2001:db8:1:2::7]"},
                new String[] {"X-Forwarded-For", "2001:db8:1:2::7%eth0"},
                new String[] {"X-Forwarded-For", "2001:db8:1:2::7, 10.20.30.40"},
                new String[] {"Forwarded", "for=\"[2001:db8:1:2::7]:4711\""},
                new String[] {"Forwarded", "for=\"[2001:db8:1:2:0::7]\";proto=https"}));

        assertThat(victorVia("2001:db8:1:2::7")).isEqualTo(429);
        assertThat(victorVia("2001:db8:1:3::7")).isEqualTo(200);
    }

    @Test
    void loginWhenAddressesOfOneIpv6SlashSixtyFourGuessThenThrottledTogether() throws Exception {
        List<String[]> attempts = new ArrayList<>();
        for (int i = 1; i <= FREE_FAILURES_PER_ADDRESS + 1; i++) {
            String sameSlash64 = "2001:db8:1:2:" + Integer.toHexString(i * 3001 & 0xffff) + "::" + i;
            attempts.add(new String[] {"X-Forwarded-For", sameSlash64});
        }
        guessUntilThrottled(attempts);

        assertThat(victorVia("2001:db8:1:2:ffff:ffff:ffff:ffff")).isEqualTo(429);
        assertThat(victorVia("2001:db8:1:3::1")).isEqualTo(200);
    }
}
