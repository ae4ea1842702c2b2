package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.InvalidTokenException;
import io.github.servletauth.servlet.testing.ApiClient;
import io.github.servletauth.servlet.testing.AuthNode;
import io.github.servletauth.servlet.testing.TestKeys;
import io.github.servletauth.testing.PostgresTestDatabase;
import io.github.servletauth.testing.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances (each its own AuthService and Jetty, on its own port) sharing one PostgreSQL schema and one
 * secret, as behind a load balancer: accounts, sessions, refresh families, revocations and throttling
 * counters are shared; revocations made on one instance reach the other as they commit (LISTEN/NOTIFY), within
 * the poll interval at worst, and also when they were made while the other was cut off from the database.
 */
class TwoInstancesIT {

    /** The revocation bound under test; tests wait at most {@link #HANG_GUARD} for it, never assert timing. */
    static final String POLL_INTERVAL = "PT0.5S";
    private static final Duration HANG_GUARD = Duration.ofSeconds(15);
    /** Issue 14: the propagation target is measured over at least 200 logouts. */
    private static final int LOGOUTS = 200;

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
        return config(url, secret, POLL_INTERVAL);
    }

    AuthConfig config(String url, String secret, String pollInterval) {
        return AuthConfig.builder().set("auth.data-dir", dir.toString()).set("auth.db.url", url)
                .set("auth.jwt.secret", secret).set("auth.revocation.poll-interval", pollInterval)
                .set("auth.db.pool-size", "4").build();
    }

    @AfterEach
    void stop() {
        if (b != null) {
            b.close();
            b = null;
        }
        if (a != null) {
            a.close();
            a = null;
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

    /**
     * Issue 14's target: a logout on B is refused on A within 100 ms at p99, over at least 200 logouts. Both
     * instances poll every 5 s (the default), so anything much faster came through LISTEN/NOTIFY. Measured from
     * B's 204 to the first refusal by A's verifier (the check its filter and every endpoint make), polled every
     * 50 µs; printed, and bounded only by half the poll interval, which a poll alone could not meet.
     */
    @Test
    void logoutsOnBWhenAListensThenRefusedOnAWithinMillisecondsMeasuredOver200() throws Exception {
        stop();
        String secret = TestKeys.secret(TestKeys.randomBytes());
        a = new AuthNode(config(pg.url("servlet-auth-a"), secret, "PT5S"));
        b = new AuthNode(config(pg.url("servlet-auth-b"), secret, "PT5S"));
        client.register(b.base(), "latency");
        List<String> tokens = sessions(b, "latency", LOGOUTS);

        long[] micros = new long[LOGOUTS];
        long[] fromRequest = new long[LOGOUTS];
        for (int i = 0; i < LOGOUTS; i++) {
            String token = tokens.get(i);
            assertThat(a.auth.verify(token).username()).isEqualTo("latency");
            long sent = System.nanoTime();
            assertThat(client.logout(b.base(), token, null).status()).isEqualTo(204);
            long acknowledged = System.nanoTime();
            long deadline = acknowledged + HANG_GUARD.toNanos();
            while (acceptedBy(a, token)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("logout " + i + " not refused on A after " + HANG_GUARD);
                }
                LockSupport.parkNanos(50_000);
            }
            long refused = System.nanoTime();
            micros[i] = (refused - acknowledged) / 1000;
            fromRequest[i] = (refused - sent) / 1000;
        }
        assertThat(client.api(a.base(), tokens.get(0)).status()).as("refused over HTTP too").isEqualTo(401);

        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        Arrays.sort(fromRequest);
        System.out.printf("TwoInstancesIT: logout on B refused on A, %d logouts (PostgreSQL LISTEN/NOTIFY, poll "
                + "interval PT5S)%n  from B's 204:        p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n"
                + "  from the logout sent: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", LOGOUTS,
                percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99), sorted[LOGOUTS - 1] / 1000.0,
                percentile(fromRequest, 50), percentile(fromRequest, 90), percentile(fromRequest, 99),
                fromRequest[LOGOUTS - 1] / 1000.0);
        assertThat(percentile(sorted, 99)).as("p99 in ms, far below what a 5 s poll could give").isLessThan(2500);
    }

    /**
     * The database restarts, or the network to it drops, as seen by A (through a proxy the test cuts); B, still
     * connected, ends 20 sessions meanwhile, whose notices A never gets. A polls only every 5 minutes here, so
     * what makes it refuse them all soon after the cut ends is the catch-up read after it listens again.
     */
    @Test
    void logoutsOnBWhileACutOffFromTheDatabaseThenAllRefusedOnAOnceItReconnects() throws Exception {
        stop();
        String secret = TestKeys.secret(TestKeys.randomBytes());
        try (TcpProxy proxy = new TcpProxy(pg.host(), pg.port())) {
            a = new AuthNode(config(pg.urlVia(proxy.port(), "servlet-auth-cut-a"), secret, "PT5M"));
            b = new AuthNode(config(pg.url("servlet-auth-cut-b"), secret, "PT5M"));
            client.register(b.base(), "cut");
            List<String> tokens = sessions(b, "cut", 20);
            for (String token : tokens) {
                assertThat(a.auth.verify(token).username()).isEqualTo("cut");
            }

            proxy.cut();
            for (String token : tokens) {
                assertThat(client.logout(b.base(), token, null).status()).isEqualTo(204);
            }
            assertThat(acceptedBy(a, tokens.get(0))).as("A cannot have heard of them").isTrue();
            long restored = System.nanoTime();
            proxy.restore();

            for (String token : tokens) {
                awaitStatus(() -> client.api(a.base(), token).status(), 401);
            }
            System.out.printf("TwoInstancesIT: 20 logouts made while A was cut off refused on A %d ms after the "
                    + "cut ended (poll interval PT5M)%n", (System.nanoTime() - restored) / 1_000_000);
            stop();
        }
    }

    /** Opens {@code n} sessions of {@code username} on {@code node}, a few at a time: each costs a password hash. */
    private List<String> sessions(AuthNode node, String username, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> logins = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                logins.add(pool.submit(() -> client.login(node.base(), username).string("token")));
            }
            List<String> tokens = new ArrayList<>();
            for (Future<String> login : logins) {
                tokens.add(login.get());
            }
            return tokens;
        } finally {
            pool.shutdown();
        }
    }

    private static boolean acceptedBy(AuthNode node, String token) {
        try {
            node.auth.verify(token);
            return true;
        } catch (InvalidTokenException e) {
            assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.REVOKED);
            return false;
        }
    }

    /** @return the nearest-rank percentile of sorted microseconds, in milliseconds */
    private static double percentile(long[] sortedMicros, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sortedMicros.length);
        return sortedMicros[Math.max(0, rank - 1)] / 1000.0;
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
