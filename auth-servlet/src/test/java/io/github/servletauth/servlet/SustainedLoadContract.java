package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.servlet.testing.AuthNode;
import io.github.servletauth.servlet.testing.LoadRun;
import io.github.servletauth.servlet.testing.StoredRows;
import io.github.servletauth.servlet.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded run of mixed traffic (register, login, refresh, validate, the filter, logout) from many client
 * threads, then checks: no 5xx and no unexpected answer, every acknowledged account stored exactly once and
 * able to log in, at most one live refresh token per session, no leaked pool connection, heap after GC back
 * near its level after warm-up, and no thread of the stack left once the instances are closed.
 *
 * <p>CI runs {@value #DEFAULT_DURATION} per database; a soak sets {@code -Dreliability.load.duration=PT10M}
 * (and optionally {@code -Dreliability.load.threads=32}); see the root README.
 */
abstract class SustainedLoadContract {
    static final String DEFAULT_DURATION = "PT25S";
    static final int POOL_SIZE = 8;
    /** Heap may differ by GC timing and caches that fill up; a leak per request grows far beyond this. */
    private static final long HEAP_MARGIN_BYTES = 32L << 20;
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    /** Threads that belong to the JDK or the JDBC driver, not to an instance, and end on their own. */
    private static final List<String> SHARED_THREADS = List.of("HttpClient-", "ForkJoinPool", "PostgreSQL-JDBC-Cleaner",
            "process reaper", "Attach Listener", "surefire", "Common-Cleaner");

    @TempDir
    Path dir;

    /** @return the configuration of every instance (same database, same secret) */
    abstract AuthConfig.Builder config(Path dir, String applicationName);

    /** @return how many instances share the database */
    abstract int instances();

    /** Opens a plain connection to the database the instances use. */
    abstract Connection connect() throws SQLException;

    /** Checks the database server's view of an instance's connections; nothing to check on SQLite. */
    void assertServerConnectionsAtRest(String applicationName) throws Exception {
    }

    @Test
    void mixedTrafficFromManyClientsThenNothingLostAndNothingLeaked() throws Exception {
        Duration duration = duration();
        int threads = Integer.getInteger("reliability.load.threads", 16);
        Set<String> threadsBefore = liveThreadNames();
        String secret = TestKeys.secret(TestKeys.randomBytes());
        List<AuthNode> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < instances(); i++) {
                nodes.add(new AuthNode(config(dir, "servlet-auth-load-" + i).set("auth.jwt.secret", secret)
                        .set("auth.db.pool-size", String.valueOf(POOL_SIZE))
                        // every load client comes from one loopback address
                        .set("auth.register.address-limit", "0").build()));
            }
            List<URI> bases = nodes.stream().map(AuthNode::base).toList();

            LoadRun warmUp = new LoadRun(bases, "warm", LoadRun.Mix.REALISTIC, threads, Set.of(), false);
            TimeUnit.MILLISECONDS.sleep(WARM_UP.toMillis());
            warmUp.stop();
            long heapBefore = usedHeapAfterGc();

            long started = System.nanoTime();
            // 503 + Retry-After is the documented overload answer (every hashing slot busy past the queue timeout,
            // as on a machine shared with other work): allowed, and the client retries; 503 without it is not
            LoadRun load = new LoadRun(bases, "load", LoadRun.Mix.REALISTIC, threads, Set.of(503), false);
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
            load.stop();
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
            long heapAfter = usedHeapAfterGc();
            System.out.printf("%s: %d instance(s), %d client threads, %d s, %d requests (%d/s), heap after GC "
                            + "%d MiB -> %d MiB%n  %s%n", getClass().getSimpleName(), instances(), threads, seconds,
                    load.stats.total(), load.stats.total() / seconds, heapBefore >> 20, heapAfter >> 20, load.stats);

            assertThat(load.stats.serverErrorsExcept(Set.of(503))).as("5xx answers other than 503").isZero();
            assertThat(load.stats.unexpectedSamples()).as("unexpected answers").isEmpty();
            assertThat(load.stats.count("register", 201)).isPositive();
            assertThat(load.stats.count("refresh", 200)).isPositive();
            assertThat(load.stats.count("logout", 204)).isPositive();
            for (int i = 0; i < nodes.size(); i++) {
                assertPoolAtRest(nodes.get(i), "servlet-auth-load-" + i);
            }
            assertStoredState(load);
            assertThat(LoadRun.loginAll(bases.get(0), notYetLoggedIn(load))).as("accounts that cannot log in")
                    .isEmpty();
            assertThat(heapAfter - heapBefore).as("heap growth after GC, bytes").isLessThan(HEAP_MARGIN_BYTES);
        } finally {
            nodes.forEach(AuthNode::close);
        }
        assertNoThreadLeftBehind(threadsBefore);
    }

    private void assertStoredState(LoadRun load) throws SQLException {
        try (Connection c = connect()) {
            Map<String, Integer> stored = StoredRows.usernames(c, "load-");
            assertThat(stored.values()).as("no username stored twice").allMatch(n -> n == 1);
            assertThat(stored.keySet()).as("acknowledged registrations stored").containsAll(load.acknowledged);
            Set<String> extra = new HashSet<>(stored.keySet());
            extra.removeAll(load.acknowledged);
            assertThat(load.unacknowledged).as("accounts nobody was told of, only from unanswered or 503 requests")
                    .containsAll(extra);
            assertThat(StoredRows.incompleteAccounts(c, "load-")).isEmpty();
            assertThat(StoredRows.sessionsWithSeveralLiveRefreshTokens(c, System.currentTimeMillis())).isEmpty();
            assertThat(StoredRows.orphanRefreshTokens(c)).isZero();
            System.out.printf("  stored: %d accounts, %d sessions%n", stored.size(), StoredRows.sessions(c));
        }
    }

    private void assertPoolAtRest(AuthNode node, String applicationName) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (node.pool().getActiveConnections() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        assertThat(node.pool().getActiveConnections()).as("connections still borrowed").isZero();
        assertThat(node.pool().getTotalConnections()).isLessThanOrEqualTo(POOL_SIZE);
        assertServerConnectionsAtRest(applicationName);
    }

    private static Set<String> notYetLoggedIn(LoadRun load) {
        Set<String> rest = new HashSet<>(load.acknowledged);
        rest.removeAll(load.loggedIn);
        return rest;
    }

    static Duration duration() {
        String value = System.getProperty("reliability.load.duration", "");
        return Duration.parse(value.isBlank() ? DEFAULT_DURATION : value);
    }

    static long usedHeapAfterGc() throws InterruptedException {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            TimeUnit.MILLISECONDS.sleep(100);
            min = Math.min(min, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return min;
    }

    private static Set<String> liveThreadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(Collectors.toSet());
    }

    /** Every thread an instance started (Jetty, HikariCP, the revocation poller, load clients) ends with it. */
    static void assertNoThreadLeftBehind(Set<String> before) throws InterruptedException {
        Set<String> left = Set.of();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        do {
            left = liveThreadNames().stream().filter(n -> !before.contains(n))
                    .filter(n -> SHARED_THREADS.stream().noneMatch(n::startsWith)).collect(Collectors.toSet());
            if (left.isEmpty()) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        } while (System.nanoTime() < deadline);
        assertThat(left).as("threads left after closing the instances").isEmpty();
    }
}
