package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.servlet.testing.ApiClient;
import io.github.servletauth.servlet.testing.AuthNode;
import io.github.servletauth.servlet.testing.LoadRun;
import io.github.servletauth.servlet.testing.StoredRows;
import io.github.servletauth.servlet.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default under concurrent writers: "database is locked" must never become a 500. Writers wait
 * for the lock (busy timeout), and answer 503 with {@code Retry-After} only when it is held longer.
 */
class SqliteConcurrencyIT {

    @TempDir
    Path dir;

    private final ApiClient client = new ApiClient();
    private final List<AuthNode> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(AuthNode::close);
    }

    private AuthNode start(String secret) throws Exception {
        AuthNode node = new AuthNode(AuthConfig.builder().set("auth.data-dir", dir.toString())
                .set("auth.jwt.secret", secret).set("auth.db.pool-size", "16")
                .set("auth.register.address-limit", "0").build()); // every client is on loopback
        nodes.add(node);
        return node;
    }

    private Connection sqlite() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("accounts.db"));
    }

    @Test
    void manyWritersOnTwoInstancesOfOneFileThenNo500AndNothingLost() throws Exception {
        String secret = TestKeys.secret(TestKeys.randomBytes());
        // two webapps on one host sharing the data directory: two pools writing to one file
        List<URI> bases = List.of(start(secret).base(), start(secret).base());
        Set<String> burst = registerAtOnce(bases, 24);

        // 20 writers: every client is on loopback, and more than 20 logins in flight from one address are refused
        // (429) by the claim-first login throttle before they reach the database this test is about
        LoadRun load = new LoadRun(bases, "writer", LoadRun.Mix.WRITERS, 20, Set.of(503), false);
        TimeUnit.SECONDS.sleep(10);
        load.stop();
        System.out.printf("SqliteConcurrencyIT: burst of 24 registrations, then %s%n", load.stats);

        assertThat(load.stats.serverErrorsExcept(Set.of(503))).as("500 for a locked database").isZero();
        assertThat(load.stats.unexpectedSamples()).isEmpty();
        assertThat(load.stats.count("refresh", 200)).isPositive();
        try (Connection c = sqlite()) {
            Set<String> stored = StoredRows.usernames(c, "writer-").keySet();
            assertThat(stored).containsAll(load.acknowledged);
            Set<String> extra = new HashSet<>(stored);
            extra.removeAll(load.acknowledged);
            assertThat(load.unacknowledged).containsAll(extra);
            assertThat(StoredRows.sessionsWithSeveralLiveRefreshTokens(c, System.currentTimeMillis())).isEmpty();
            assertThat(StoredRows.usernames(c, "burst-").keySet()).containsAll(burst);
        }
        Set<String> check = new HashSet<>(load.acknowledged);
        check.removeAll(load.loggedIn);
        check.addAll(burst);
        assertThat(LoadRun.loginAll(bases.get(1), check)).isEmpty();
    }

    @Test
    void writeLockHeldLongerThanBusyTimeoutThen503AndRecovery() throws Exception {
        AuthNode node = start(TestKeys.secret(TestKeys.randomBytes()));
        ApiClient.Reply alice = client.register(node.base(), "alice");

        try (Connection locker = sqlite(); Statement s = locker.createStatement()) {
            // another process holding the write lock (a backup tool, a stuck transaction)
            s.execute("BEGIN IMMEDIATE");
            ApiClient.Reply register = client.register(node.base(), "bob");
            ApiClient.Reply refresh = client.refresh(node.base(), alice.string("refresh_token"));
            ApiClient.Reply validate = client.validate(node.base(), alice.string("token"));
            s.execute("ROLLBACK");

            assertThat(register.status()).isEqualTo(503);
            assertThat(register.retryAfter()).isNotNull();
            assertThat(refresh.status()).isEqualTo(503);
            assertThat(validate.status()).isEqualTo(200);
        }

        assertThat(client.register(node.base(), "bob").status()).isEqualTo(201);
        assertThat(client.refresh(node.base(), alice.string("refresh_token")).status()).isEqualTo(200);
        assertThat(node.pool().getActiveConnections()).isZero();
    }

    /** Registers {@code n} accounts from {@code n} threads released at the same instant. */
    private Set<String> registerAtOnce(List<URI> bases, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = "burst-" + i;
                URI base = bases.get(i % bases.size());
                calls.add(pool.submit(() -> {
                    go.await();
                    return client.register(base, name).status();
                }));
            }
            go.countDown();
            Set<String> created = new HashSet<>();
            for (int i = 0; i < n; i++) {
                int status = calls.get(i).get(60, TimeUnit.SECONDS);
                assertThat(status).as("burst registration " + i).isIn(201, 503);
                if (status == 201) {
                    created.add("burst-" + i);
                }
            }
            assertThat(created).as("the lock is waited for, not given up on").hasSize(n);
            return created;
        } finally {
            pool.shutdownNow();
        }
    }
}
