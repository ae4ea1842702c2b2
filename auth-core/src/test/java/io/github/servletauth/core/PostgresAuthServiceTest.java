package io.github.servletauth.core;

import io.github.servletauth.testing.PostgresTestDatabase;
import io.github.servletauth.testing.TcpProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link AuthServiceContract} on the real PostgreSQL server, in a schema of its own per test. */
class PostgresAuthServiceTest extends AuthServiceContract {
    /** Far beyond any test: a revocation seen sooner came through LISTEN/NOTIFY, not through a poll. */
    private static final String NO_POLL = "PT5M";
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);

    @RegisterExtension
    final PostgresTestDatabase pg = new PostgresTestDatabase();

    private final String secret = AuthConfigTest.SECRET;

    @Override
    AuthConfig.Builder freshDatabase() {
        return sameDatabase();
    }

    @Override
    AuthConfig.Builder sameDatabase() {
        return AuthConfig.builder().set("auth.db.url", pg.jdbcUrl()).set("auth.jwt.secret", secret);
    }

    @Test
    void revocationOnOneInstanceWhenAnotherListensThenRefusedThereWithoutWaitingForAPoll() throws Exception {
        IssuedTokens t = auth.register("nora", PASSWORD, null);
        long listenersBefore = listenerThreads();
        try (AuthService other = AuthService.create(AuthConfig.builder().set("auth.db.url", pg.url("notify-listener"))
                .set("auth.jwt.secret", secret).set("auth.revocation.poll-interval", NO_POLL).build())) {
            await(() -> pg.connections("notify-listener (revocations)") == 1, "the listening connection");
            assertThat(other.verify(t.accessToken()).username()).isEqualTo("nora");

            auth.logout(auth.verify(t.accessToken()), null);

            await(() -> refused(other, t.accessToken()), "the revocation on the other instance");
        }
        assertThat(pg.connections("notify-listener (revocations)")).as("listening connection after close").isZero();
        assertThat(listenerThreads()).as("listener threads after close").isEqualTo(listenersBefore);
    }

    private static long listenerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(th -> th.getName().equals("servlet-auth-revocation-listener") && th.isAlive()).count();
    }

    @Test
    void revocationWhileAnotherInstanceCutOffFromTheDatabaseThenSeenThereOnceItReconnects() throws Exception {
        IssuedTokens t = auth.register("otto", PASSWORD, null);
        IssuedTokens later = auth.login("otto", PASSWORD);
        try (TcpProxy proxy = new TcpProxy(pg.host(), pg.port());
             AuthService other = AuthService.create(AuthConfig.builder()
                     .set("auth.db.url", pg.urlVia(proxy.port(), "notify-cut")).set("auth.jwt.secret", secret)
                     .set("auth.revocation.poll-interval", NO_POLL).build())) {
            await(() -> pg.connections("notify-cut (revocations)") == 1, "the listening connection");

            proxy.cut();
            auth.logout(auth.verify(t.accessToken()), null);
            assertThat(other.verify(t.accessToken()).username()).as("no notice can reach it").isEqualTo("otto");
            proxy.restore();

            // the notice was lost; the poll that follows the reconnection finds the revocation
            await(() -> refused(other, t.accessToken()), "the revocation made during the cut");
            auth.logout(auth.verify(later.accessToken()), null);
            await(() -> refused(other, later.accessToken()), "a revocation after the reconnection");
        }
    }

    private static boolean refused(AuthService service, String token) {
        try {
            service.verify(token);
            return false;
        } catch (InvalidTokenException e) {
            assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.REVOKED);
            return true;
        }
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
