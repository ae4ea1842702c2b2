package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.servlet.testing.ApiClient;
import io.github.servletauth.servlet.testing.AuthNode;
import io.github.servletauth.servlet.testing.Await;
import io.github.servletauth.servlet.testing.LoadRun;
import io.github.servletauth.servlet.testing.StoredRows;
import io.github.servletauth.servlet.testing.TestKeys;
import io.github.servletauth.testing.PostgresTestDatabase;
import io.github.servletauth.testing.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances reach PostgreSQL through a TCP proxy the test cuts while mixed traffic runs, then restores.
 * During the cut: calls that need the database answer 503 with {@code Retry-After}, issued access tokens keep
 * working in the {@link JwtFilter} (it verifies locally) and in validate when their account was confirmed before
 * the cut (validate of an account never confirmed answers 503), nothing answers 500. After it: everything works
 * without a restart, no pool connection leaked, every acknowledged account can log in, and no account is
 * left half-made. Durations are reported, and bounded only by hang guards.
 */
class DatabaseFaultIT {
    private static final int POOL_SIZE = 4;
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);
    /** Far above the pool's 3 s connect timeout: only catches a call that hangs instead of failing. */
    private static final long MAX_503_MILLIS = 15_000;

    @RegisterExtension
    final PostgresTestDatabase pg = new PostgresTestDatabase();

    @TempDir
    Path dir;

    private final ApiClient client = new ApiClient();
    private TcpProxy proxy;
    private AuthNode a;
    private AuthNode b;

    @AfterEach
    void stop() throws Exception {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    private AuthConfig config(String applicationName, String secret) {
        return AuthConfig.builder().set("auth.data-dir", dir.toString())
                .set("auth.db.url", pg.urlVia(proxy.port(), applicationName))
                .set("auth.jwt.secret", secret).set("auth.db.pool-size", String.valueOf(POOL_SIZE))
                .set("auth.revocation.poll-interval", "PT0.5S")
                .set("auth.register.address-limit", "0").build(); // every client is on loopback
    }

    @Test
    void databaseCutUnderLoadThen503WhileCutAndFullRecoveryAfter() throws Exception {
        proxy = new TcpProxy(pg.host(), pg.port());
        String secret = TestKeys.secret(TestKeys.randomBytes());
        a = new AuthNode(config("servlet-auth-fault-a", secret));
        b = new AuthNode(config("servlet-auth-fault-b", secret));
        List<URI> nodes = List.of(a.base(), b.base());
        ApiClient.Reply before = client.register(a.base(), "probe-before");
        assertThat(before.status()).isEqualTo(201);
        Set<String> probesAcknowledged = new HashSet<>(Set.of("probe-before"));
        for (URI node : nodes) {
            // validate confirms the account in the database; what it confirmed stays confirmed during the cut
            assertThat(client.validate(node, before.string("token")).status()).isEqualTo(200);
        }

        LoadRun load = new LoadRun(nodes, "fault", LoadRun.Mix.REALISTIC, 8, Set.of(503), false);
        try {
            await(() -> load.stats.total() >= 200, "traffic before the cut");

            proxy.cut();
            for (URI node : nodes) {
                assertUnavailable(client.register(node, "probe-during-" + node.getPort()), node);
                assertUnavailable(client.login(node, "probe-before"), node);
                assertUnavailable(client.refresh(node, before.string("refresh_token")), node);
                assertThat(client.validate(node, before.string("token")).status()).isEqualTo(200);
                assertThat(client.api(node, before.string("token")).json())
                        .containsEntry("remote_user", "probe-before");
            }
            long unavailableBefore = load.stats.count(503);
            await(() -> load.stats.count(503) >= unavailableBefore + 8, "the load meeting the cut");

            proxy.restore();
            await(() -> probe(a.base(), probesAcknowledged), "recovery on instance A");
            await(() -> probe(b.base(), probesAcknowledged), "recovery on instance B");
            long registeredAfter = load.stats.count("register", 201);
            await(() -> load.stats.count("register", 201) >= registeredAfter + 4, "the load recovering");
        } finally {
            load.stop();
        }
        System.out.printf("DatabaseFaultIT: %s%n  acknowledged registrations=%d, unacknowledged=%d%n", load.stats,
                load.acknowledged.size(), load.unacknowledged.size());

        assertThat(load.stats.serverErrorsExcept(Set.of(503))).as("5xx other than 503").isZero();
        assertThat(load.stats.unexpectedSamples()).as("unexpected answers").isEmpty();
        assertThat(load.stats.count(503)).isPositive();
        for (String op : List.of("register", "login", "refresh", "logout")) {
            assertThat(load.stats.slowestMillis(op, 503)).as(op + " 503 hang guard").isLessThan(MAX_503_MILLIS);
        }
        assertThat(load.stats.count("api", 503)).as("the filter verifies locally, database or not").isZero();

        assertNoLeakedConnections(a, "servlet-auth-fault-a");
        assertNoLeakedConnections(b, "servlet-auth-fault-b");
        assertAccountsConsistent(load, probesAcknowledged);
    }

    private void assertUnavailable(ApiClient.Reply reply, URI node) {
        assertThat(reply.status()).as("answer of " + node + " while cut: " + reply.body()).isEqualTo(503);
        assertThat(reply.retryAfter()).isNotNull();
        assertThat(Long.parseLong(reply.retryAfter())).isPositive();
    }

    /** One register, login and refresh on {@code node}; @return whether all three succeeded. */
    private boolean probe(URI node, Set<String> acknowledged) {
        try {
            String name = "probe-after-" + node.getPort() + "-" + System.nanoTime();
            ApiClient.Reply reg = client.register(node, name);
            if (reg.status() != 201) {
                assertThat(reg.status()).isEqualTo(503);
                return false;
            }
            acknowledged.add(name);
            assertThat(client.login(node, name).status()).isEqualTo(200);
            assertThat(client.refresh(node, reg.string("refresh_token")).status()).isEqualTo(200);
            return true;
        } catch (IOException e) {
            throw new AssertionError("transport failure", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void assertNoLeakedConnections(AuthNode node, String applicationName) throws Exception {
        await(() -> node.pool().getActiveConnections() == 0, "pool of " + applicationName + " at rest");
        assertThat(node.pool().getTotalConnections()).isLessThanOrEqualTo(POOL_SIZE);
        await(() -> {
            try {
                return pg.connections(applicationName) <= POOL_SIZE && pg.busyConnections(applicationName) == 0;
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        }, "server connections of " + applicationName);
    }

    private void assertAccountsConsistent(LoadRun load, Set<String> probes) throws Exception {
        try (Connection c = pg.connect()) {
            Map<String, Integer> stored = StoredRows.usernames(c, "fault-");
            assertThat(stored.values()).as("no username stored twice").allMatch(n -> n == 1);
            assertThat(stored.keySet()).containsAll(load.acknowledged);
            Set<String> unexplained = new HashSet<>(stored.keySet());
            unexplained.removeAll(load.acknowledged);
            unexplained.removeAll(load.unacknowledged);
            assertThat(unexplained).as("accounts nobody asked for").isEmpty();
            Set<String> ambiguous = new HashSet<>(stored.keySet());
            ambiguous.retainAll(load.unacknowledged);
            List<String> incomplete = StoredRows.incompleteAccounts(c, "fault-");
            assertThat(incomplete).as("acknowledged accounts are complete")
                    .doesNotContainAnyElementsOf(load.acknowledged);
            System.out.printf("  unacknowledged registrations stored anyway=%d, incomplete rows=%d%n",
                    ambiguous.size(), incomplete.size());
            assertThat(StoredRows.sessionsWithSeveralLiveRefreshTokens(c, System.currentTimeMillis())).isEmpty();
            assertThat(StoredRows.orphanRefreshTokens(c)).isZero();

            Set<String> toCheck = new HashSet<>(load.acknowledged);
            toCheck.removeAll(load.loggedIn);
            toCheck.addAll(ambiguous);
            toCheck.addAll(probes);
            // registrations refused during the cut either never happened or are usable accounts
            toCheck.addAll(StoredRows.usernames(c, "probe-during-").keySet());
            assertThat(LoadRun.loginAll(a.base(), toCheck)).as("accounts that cannot log in").isEmpty();
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Await.until(condition, HANG_GUARD, what);
    }
}
