package io.github.servletauth.core.internal.store;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.InvalidTokenException.Reason;
import io.github.servletauth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The store contract on a real PostgreSQL server, in a schema of its own per test. */
class PostgresAccountStoreTest extends AccountStoreContract {
    @RegisterExtension
    final PostgresTestDatabase pg = new PostgresTestDatabase();

    /** A shared database needs an explicit JWT secret; its value does not matter here. */
    static String randomSecret() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return "base64:" + Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    AuthConfig.Builder config() {
        return AuthConfig.builder().set("auth.db.url", pg.jdbcUrl()).set("auth.jwt.secret", randomSecret());
    }

    @Test
    void rotateWhenBothReadTheTokenUnusedBeforeEitherWritesThenTheLoserIsSupersededWithinGraceReusedWithout()
            throws Exception {
        StoredAccount alice = create("alice");
        login(alice, "graced", "g1");
        login(alice, "strict", "s1");

        List<RefreshResult> graced = raceWhereBothReadFirst("graced", "g1", GRACE_MILLIS);
        assertThat(graced).filteredOn(r -> r instanceof RefreshResult.Rotated).hasSize(1);
        assertThat(graced).contains(new RefreshResult.Refused(Reason.SUPERSEDED, null));
        assertThat(store().findSessionOfRefreshToken("g1").orElseThrow().revoked()).isFalse();

        List<RefreshResult> strict = raceWhereBothReadFirst("strict", "s1", 0);
        assertThat(strict).filteredOn(r -> r instanceof RefreshResult.Rotated).hasSize(1);
        assertThat(strict).contains(new RefreshResult.Refused(Reason.REUSED, "strict"));
        assertThat(store().findSessionOfRefreshToken("s1").orElseThrow().revoked()).isTrue();
    }

    /**
     * Holds the session's row lock while two exchanges of one token start: both read the token unused, then wait
     * for the lock; released, one flips {@code used_at} and the other finds it flipped: the race branch of
     * rotate, which the plain race test of the contract reaches only by chance.
     */
    private List<RefreshResult> raceWhereBothReadFirst(String sessionId, String token, long graceMillis)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Connection locker = pg.connect(); Connection observer = pg.connect()) {
            locker.setAutoCommit(false);
            try (PreparedStatement ps = locker.prepareStatement(
                    "SELECT 1 FROM auth_sessions WHERE session_id = ? FOR UPDATE")) {
                ps.setString(1, sessionId);
                ps.executeQuery().close();
            }
            List<Future<RefreshResult>> racing = new ArrayList<>();
            for (String suffix : List.of("a", "b")) {
                racing.add(pool.submit(() -> store().rotate(token, token + suffix, T0.plusSeconds(60), EXPIRY,
                        graceMillis)));
            }
            awaitBlockedBy(observer, backendPid(locker), 2);
            locker.rollback();
            List<RefreshResult> results = new ArrayList<>();
            for (Future<RefreshResult> f : racing) {
                results.add(f.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * Polls until {@code count} backends wait, directly or queued behind each other, for a lock that
     * {@code lockerPid} holds; other tests on the same server cannot be counted. No sleeps of guessed lengths.
     */
    private static void awaitBlockedBy(Connection observer, int lockerPid, int count)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (PreparedStatement ps = observer.prepareStatement("WITH RECURSIVE blocked(pid) AS ("
                + "SELECT pid FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid)) UNION "
                + "SELECT a.pid FROM pg_stat_activity a JOIN blocked b ON b.pid = ANY(pg_blocking_pids(a.pid))) "
                + "SELECT COUNT(*) FROM blocked")) {
            ps.setInt(1, lockerPid);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) >= count) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the two exchanges never both waited for the session's row lock");
    }
}
