package io.github.servletauth.core.internal.store;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.StoreUnavailableException;
import io.github.servletauth.testing.PostgresTestDatabase;
import io.github.servletauth.testing.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The store behind a proxy that the test cuts and restores: calls fail fast with
 * {@link StoreUnavailableException} while the database is unreachable and succeed again afterwards, on the
 * same store, without leaking pool connections. Bounds here are hang guards, not performance assertions.
 */
class PostgresStoreFaultTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(20);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @RegisterExtension
    final PostgresTestDatabase pg = new PostgresTestDatabase();

    private TcpProxy proxy;
    private AccountStore store;

    @BeforeEach
    void startProxy() throws IOException {
        proxy = new TcpProxy(pg.host(), pg.port());
    }

    @AfterEach
    void stop() throws IOException {
        if (store != null) {
            store.close();
        }
        proxy.close();
    }

    private AuthConfig config() {
        return AuthConfig.builder()
                .set("auth.db.url", pg.jdbcUrlVia("127.0.0.1", proxy.port()))
                .set("auth.jwt.secret", PostgresAccountStoreTest.randomSecret())
                .build();
    }

    @Test
    void callsWhenConnectionCutThenStoreUnavailableAndServeAgainAfterRestore() {
        store = AccountStores.open(config());
        long id = store.create("Alice", "alice", null, Set.of("user"), "{x}h", T0).account().userId();

        proxy.cut();

        assertTimeoutPreemptively(HANG_GUARD, () -> {
            assertThatThrownBy(() -> store.findById(id)).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> store.create("Bob", "bob", null, Set.of(), "{x}h", T0))
                    .isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> store.rotate("a", "b", T0, T0.plusSeconds(60)))
                    .isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> store.rotate("a", "b", T0, T0.plusSeconds(60), 10_000))
                    .isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> store.findSessionOfRefreshToken("a"))
                    .isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> store.findByUsernameKey("alice")).isInstanceOf(StoreUnavailableException.class);
        });

        proxy.restore();

        assertTimeoutPreemptively(HANG_GUARD, () -> {
            assertThat(store.findById(id)).isPresent();
            assertThat(store.create("Bob", "bob", null, Set.of(), "{x}h", T0).account().userId()).isNotEqualTo(id);
        });
        assertThat(((JdbcAccountStore) store).pool().getActiveConnections()).isZero();
    }

    @Test
    void callWhenConnectionCutWhileWaitingInTransactionThenStoreUnavailable() throws Exception {
        store = AccountStores.open(config());
        long id = store.create("Alice", "alice", null, Set.of("user"), "{x}h", T0).account().userId();
        try (Connection locker = pg.connect()) {
            locker.setAutoCommit(false);
            try (Statement s = locker.createStatement()) {
                s.execute("SELECT 1 FROM auth_accounts WHERE user_id = " + id + " FOR UPDATE");
            }
            // openSession needs the same row lock, so it waits inside its transaction
            CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(
                    () -> store.openSession("s1", id, "{x}h", "t1", T0, T0.plusSeconds(60)));
            awaitLockWaiter(locker);

            proxy.cut();

            assertThatThrownBy(() -> waiting.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(StoreUnavailableException.class);
            locker.rollback();
        }

        proxy.restore();

        assertTimeoutPreemptively(HANG_GUARD,
                () -> assertThat(store.openSession("s2", id, "{x}h", "t2", T0, T0.plusSeconds(60))).isTrue());
        assertThat(store.sessionOfRefreshToken("t1", id)).isEmpty();
        assertThat(((JdbcAccountStore) store).pool().getActiveConnections()).isZero();
    }

    @Test
    void openWhenDatabaseUnreachableThenStoreUnavailable() {
        proxy.cut();

        assertTimeoutPreemptively(HANG_GUARD, () ->
                assertThatThrownBy(() -> AccountStores.open(config())).isInstanceOf(StoreUnavailableException.class));
    }

    /** Polls PostgreSQL until some backend of the store waits for a lock; no sleeps with guessed lengths. */
    private static void awaitLockWaiter(Connection observer) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        try (PreparedStatement ps = observer.prepareStatement(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'servlet-auth' "
                        + "AND wait_event_type = 'Lock'")) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the store's transaction never started waiting for the row lock");
    }
}
