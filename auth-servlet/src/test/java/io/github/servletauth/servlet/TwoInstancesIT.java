package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.servlet.testing.ApiClient;
import io.github.servletauth.servlet.testing.AuthNode;
import io.github.servletauth.servlet.testing.TestKeys;
import io.github.servletauth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances (each its own AuthService and Jetty, on its own port) sharing one PostgreSQL schema and one
 * secret, as behind a load balancer: accounts, sessions, refresh families, revocations and throttling
 * counters are shared; revocations made on one instance reach the other within the poll interval.
 */
class TwoInstancesIT {

    /** The revocation bound under test; tests wait at most {@link #HANG_GUARD} for it, never assert timing. */
    static final String POLL_INTERVAL = "PT0.5S";
    private static final Duration HANG_GUARD = Duration.ofSeconds(15);

    @RegisterExtension
    final PostgresTestDatabase pg = new PostgresTestDatabase();

    @TempDir
    Path dir;

    private final ApiClient client = new ApiClient();
    private AuthNode a;
    private AuthNode b;

    @BeforeEach
    void start() throws Exception {
        String secret = TestKeys.secret(TestKeys.randomBytes());
        a = new AuthNode(config(pg.url("servlet-auth-a"), secret));
        b = new AuthNode(config(pg.url("servlet-auth-b"), secret));
    }

    AuthConfig config(String url, String secret) {
        return AuthConfig.builder().set("auth.data-dir", dir.toString()).set("auth.db.url", url)
                .set("auth.jwt.secret", secret).set("auth.revocation.poll-interval", POLL_INTERVAL)
                .set("auth.db.pool-size", "4").build();
    }

    @AfterEach
    void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void registerOnALoginOnBThenTokenValidOnBoth() throws Exception {
        ApiClient.Reply reg = client.register(a.base(), "alice");
        assertThat(reg.status()).isEqualTo(201);

        ApiClient.Reply login = client.login(b.base(), "ALICE");
        assertThat(login.status()).isEqualTo(200);

        ApiClient.Reply valid = client.validate(a.base(), login.string("token"));
        assertThat(valid.status()).isEqualTo(200);
        assertThat(valid.number("user_id")).isEqualTo(reg.number("user_id"));
        assertThat(client.api(a.base(), login.string("token")).json()).containsEntry("remote_user", "alice");
        assertThat(client.api(b.base(), reg.string("token")).status()).isEqualTo(200);
    }

    @Test
    void logoutOnBThenRefusedOnAWithinRevocationBound() throws Exception {
        client.register(a.base(), "bob");
        ApiClient.Reply session = client.login(a.base(), "bob");
        String token = session.string("token");
        assertThat(client.validate(a.base(), token).status()).isEqualTo(200);

        assertThat(client.logout(b.base(), token, null).status()).isEqualTo(204);

        assertThat(client.validate(b.base(), token).status()).isEqualTo(401);
        awaitStatus(() -> client.validate(a.base(), token).status(), 401);
        assertThat(client.api(a.base(), token).status()).isEqualTo(401);
        assertThat(client.refresh(a.base(), session.string("refresh_token")).status()).isEqualTo(401);
        assertThat(client.login(a.base(), "bob").status()).isEqualTo(200);
    }

    @Test
    void passwordChangeOnBThenEveryEarlierTokenRefusedOnA() throws Exception {
        String first = client.register(a.base(), "carol").string("token");
        ApiClient.Reply second = client.login(a.base(), "carol");
        assertThat(client.api(a.base(), first).status()).isEqualTo(200);
        assertThat(client.api(a.base(), second.string("token")).status()).isEqualTo(200);
        String newPassword = "a-whole-new-passphrase-42";

        assertThat(client.changePassword(b.base(), second.string("token"), ApiClient.PASSWORD, newPassword).status())
                .isEqualTo(204);

        awaitStatus(() -> client.api(a.base(), first).status(), 401);
        awaitStatus(() -> client.validate(a.base(), second.string("token")).status(), 401);
        assertThat(client.refresh(a.base(), second.string("refresh_token")).status()).isEqualTo(401);
        assertThat(client.login(a.base(), "carol").status()).isEqualTo(401);
        assertThat(client.login(a.base(), "carol", newPassword).status()).isEqualTo(200);
    }

    @Test
    void refreshRotatedOnAReplayedOnBThenFamilyRevokedOnBoth() throws Exception {
        ApiClient.Reply first = client.register(a.base(), "dave");
        ApiClient.Reply rotated = client.refresh(a.base(), first.string("refresh_token"));
        assertThat(rotated.status()).isEqualTo(200);
        String current = rotated.string("token");
        assertThat(client.validate(a.base(), current).status()).isEqualTo(200);

        assertThat(client.refresh(b.base(), first.string("refresh_token")).status()).isEqualTo(401);

        // the newest refresh token is dead everywhere at once: the family lives in the database
        assertThat(client.refresh(a.base(), rotated.string("refresh_token")).status()).isEqualTo(401);
        assertThat(client.validate(b.base(), current).status()).isEqualTo(401);
        awaitStatus(() -> client.validate(a.base(), current).status(), 401);
        awaitStatus(() -> client.api(a.base(), first.string("token")).status(), 401);
        // other sessions of the same user are not part of the family
        assertThat(client.login(b.base(), "dave").status()).isEqualTo(200);
    }

    @Test
    void loginFailuresOnAAndBThenThrottledTogether() throws Exception {
        client.register(a.base(), "erin");
        int[] failures = new int[2];
        ApiClient.Reply throttled = null;
        for (int i = 0; i < 12 && throttled == null; i++) {
            AuthNode node = i % 2 == 0 ? a : b;
            ApiClient.Reply r = client.login(node.base(), "erin", "not-the-password-" + i);
            if (r.status() == 429) {
                throttled = r;
            } else {
                assertThat(r.status()).isEqualTo(401);
                failures[i % 2]++;
            }
        }

        assertThat(throttled).as("a 429 after failures on both instances").isNotNull();
        assertThat(throttled.retryAfter()).isNotNull();
        assertThat(Long.parseLong(throttled.retryAfter())).isPositive();
        // five free failures per username: neither instance made five on its own, so they counted together
        assertThat(failures[0] + failures[1]).isGreaterThanOrEqualTo(5);
        assertThat(failures[0]).isLessThan(5);
        assertThat(failures[1]).isLessThan(5);
    }

    /** Polls until {@code status} answers {@code expected}; fails after {@link #HANG_GUARD}. */
    static void awaitStatus(Callable<Integer> status, int expected) throws Exception {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        int last;
        do {
            last = status.call();
            if (last == expected) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("still " + last + " instead of " + expected + " after " + HANG_GUARD);
    }
}
