package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthService;
import io.github.servletauth.core.IssuedTokens;
import io.github.servletauth.servlet.testing.ApiFixture;
import io.github.servletauth.servlet.testing.Http;
import io.github.servletauth.servlet.testing.JettyApp;
import io.github.servletauth.servlet.testing.ProbeServlet;
import io.github.servletauth.servlet.testing.TestKeys;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A filter-only webapp (no database: {@link JwtFilter} with a secret and {@code auth.revocation.feed-url}) beside
 * the accounts webapp, both in embedded Jetty: revocations reach it through the feed, an unreachable feed leaves
 * it with its last list (or, failing closed, refusing every token), and undeploying it ends its poller thread.
 * Waits are bounded by a hang guard; no timing is asserted.
 */
class RevocationFeedHttpTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(15);
    private static final String POLL = "PT0.2S";

    @TempDir
    Path dir;

    private final String secret = TestKeys.secret(TestKeys.randomBytes());
    private AuthService accounts;
    private JettyApp accountsApp;
    private JettyApp legacyApp;

    @BeforeEach
    void startAccounts() throws Exception {
        accounts = AuthService.create(ApiFixture.sqlite(dir).set("auth.jwt.secret", secret).build());
        accountsApp = new JettyApp().context("/accounts",
                ctx -> ctx.addServlet(new ServletHolder(new AuthApiServlet(accounts)), "/auth/*")).start();
    }

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {legacyApp, accountsApp, accounts}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void startLegacy(Map<String, String> extra) throws Exception {
        Map<String, String> params = new HashMap<>(Map.of("realm", "legacy", "auth.jwt.secret", secret,
                "auth.revocation.feed-url", accountsApp.uri("/accounts/auth/revocations").toString(),
                "auth.revocation.poll-interval", POLL));
        params.putAll(extra);
        legacyApp = new JettyApp().context("/legacy", ctx -> {
            ctx.addServlet(ProbeServlet.class, "/*");
            FilterHolder filter = new FilterHolder(JwtFilter.class);
            filter.setInitParameters(params);
            ctx.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        }).start();
    }

    private HttpResponse<String> report(String token) throws Exception {
        return Http.send("GET", legacyApp.uri("/legacy/report"), "Authorization", "Bearer " + token);
    }

    @Test
    void logoutPasswordChangeDisableAndDeleteInTheAccountsWebappThenRefusedByTheFilterOnlyWebapp() throws Exception {
        startLegacy(Map.of());
        IssuedTokens kept = accounts.register("rita", ApiFixture.PASSWORD, null);
        IssuedTokens loggedOut = accounts.login("rita", ApiFixture.PASSWORD);
        IssuedTokens beforePassword = accounts.register("sam", ApiFixture.PASSWORD, null);
        IssuedTokens disabled = accounts.register("tess", ApiFixture.PASSWORD, null);
        IssuedTokens deleted = accounts.register("ugo", ApiFixture.PASSWORD, null);
        for (IssuedTokens t : new IssuedTokens[] {kept, loggedOut, beforePassword, disabled, deleted}) {
            assertThat(report(t.accessToken()).statusCode()).isEqualTo(200);
        }

        HttpResponse<String> logout = Http.postJson(accountsApp.uri("/accounts/auth/logout"), Map.of(),
                "Authorization", "Bearer " + loggedOut.accessToken());
        assertThat(logout.statusCode()).isEqualTo(204);
        HttpResponse<String> password = Http.postJson(accountsApp.uri("/accounts/auth/password"),
                Map.of("current_password", ApiFixture.PASSWORD, "new_password", "An0ther-long-passphrase!"),
                "Authorization", "Bearer " + beforePassword.accessToken());
        assertThat(password.statusCode()).isEqualTo(204);
        accounts.setEnabled(disabled.account().userId(), false);
        accounts.deleteAccount(deleted.account().userId());

        for (IssuedTokens t : new IssuedTokens[] {loggedOut, beforePassword, disabled, deleted}) {
            await(() -> report(t.accessToken()).statusCode() == 401, "refusal of " + t.account().username());
            HttpResponse<String> refused = report(t.accessToken());
            assertThat(Http.json(refused)).containsEntry("error", "Invalid token: token revoked");
            assertThat(refused.headers().firstValue("WWW-Authenticate"))
                    .hasValue("Bearer realm=\"legacy\", error=\"invalid_token\"");
        }
        assertThat(report(kept.accessToken()).statusCode()).as("another session of the same user").isEqualTo(200);
    }

    @Test
    void accountsWebappDownThenLastListKeptTokensStillAcceptedAndTheOutageLoggedOnce() throws Exception {
        startLegacy(Map.of());
        IssuedTokens kept = accounts.register("vera", ApiFixture.PASSWORD, null);
        IssuedTokens revoked = accounts.login("vera", ApiFixture.PASSWORD);
        accounts.logout(accounts.verify(revoked.accessToken()), null);
        await(() -> report(revoked.accessToken()).statusCode() == 401, "the revocation");

        try (LogCapture log = new LogCapture()) {
            accountsApp.close();
            await(() -> log.text().contains("Cannot read the revocation feed"), "the outage in the log");
            // several polls later: still one line, and still the last list
            for (int i = 0; i < 10; i++) {
                assertThat(report(revoked.accessToken()).statusCode()).isEqualTo(401);
                assertThat(report(kept.accessToken()).statusCode()).isEqualTo(200);
                Thread.sleep(100);
            }
            assertThat(log.text().split("Cannot read the revocation feed", -1)).hasSize(2);
        }
    }

    @Test
    void failingClosedWhenTheFeedStaysUnreadableLongerThanMaxStalenessThen503WithRetryAfter() throws Exception {
        startLegacy(Map.of("auth.revocation.max-staleness", "PT1S"));
        IssuedTokens t = accounts.register("wes", ApiFixture.PASSWORD, null);
        await(() -> report(t.accessToken()).statusCode() == 200, "the first answer");

        accountsApp.close();

        await(() -> report(t.accessToken()).statusCode() == 503, "failing closed");
        HttpResponse<String> closed = report(t.accessToken());
        assertThat(closed.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(Http.json(closed)).containsEntry("error", "Service temporarily unavailable");
        assertThat(closed.headers().firstValue("WWW-Authenticate")).as("the token is not said to be bad").isEmpty();
        HttpResponse<String> garbage = report("garbage");
        assertThat(garbage.statusCode()).as("a bad token is still a 401").isEqualTo(401);
    }

    @Test
    void filterOnlyWebappUndeployedThenItsPollerThreadIsGone() throws Exception {
        startLegacy(Map.of());
        assertThat(feedThreads()).isTrue();

        legacyApp.close();
        legacyApp = null;

        assertThat(feedThreads()).as("a poller thread left behind").isFalse();
    }

    private static boolean feedThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("servlet-auth-revocation-feed") && t.isAlive());
    }

    private static void await(Callable<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + HANG_GUARD);
            }
            Thread.sleep(20);
        }
    }
}
