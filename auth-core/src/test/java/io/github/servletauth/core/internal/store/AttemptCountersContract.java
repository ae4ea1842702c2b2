package io.github.servletauth.core.internal.store;

import io.github.servletauth.core.AuthConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared attempt counters behind throttling, on each database. */
abstract class AttemptCountersContract {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration RESET = Duration.ofMinutes(15);
    /** Three free attempts, then one second per attempt beyond them. */
    static final IntFunction<Duration> THREE_FREE = n -> n < 3 ? Duration.ZERO : Duration.ofSeconds(n - 2);

    @RegisterExtension
    final OpenedStores stores = new OpenedStores();

    abstract AuthConfig.Builder config();

    static ThrottleKey key(String key) {
        return new ThrottleKey(key, RESET, THREE_FREE);
    }

    @Test
    void claimAttemptWhenFreeAttemptsUsedThenBlockedForTheDelayOfTheCount() {
        AccountStore store = stores.open(config().build());
        assertThat(store.claimAttempt(List.of(key("u:alice")), T0)).isEmpty();
        assertThat(store.claimAttempt(List.of(key("u:alice")), T0)).isEmpty();
        assertThat(store.claimAttempt(List.of(key("u:alice")), T0)).isEmpty(); // the third blocks for 1 s
        assertThat(store.claimAttempt(List.of(key("u:alice"), key("a:10.0.0.1")), T0)).contains(T0.plusSeconds(1));
        assertThat(store.claimAttempt(List.of(key("u:alice")), T0.plusSeconds(1))).isEmpty(); // 4th: 2 s
        assertThat(store.claimAttempt(List.of(key("u:alice")), T0.plusMillis(2999))).contains(T0.plusSeconds(3));
        assertThat(store.claimAttempt(List.of(key("u:bob")), T0)).isEmpty();
        assertThat(store.claimAttempt(List.of(), T0)).isEmpty();
    }

    @Test
    void claimAttemptWhenOneKeyBlockedThenNoKeyCounted() {
        AccountStore store = stores.open(config().build());
        for (int i = 0; i < 3; i++) {
            store.claimAttempt(List.of(key("a:192.0.2.1")), T0);
        }
        assertThat(store.claimAttempt(List.of(key("u:erin"), key("a:192.0.2.1")), T0)).isPresent();
        // erin's counter did not move: her three free attempts are all left
        for (int i = 0; i < 3; i++) {
            assertThat(store.claimAttempt(List.of(key("u:erin")), T0)).isEmpty();
        }
        assertThat(store.claimAttempt(List.of(key("u:erin")), T0)).isPresent();
    }

    @Test
    void claimAttemptWithAClockReadingAMomentOlderThenFreeAttemptsStillPass() {
        AccountStore store = stores.open(config().build());
        // a claim whose clock was read before it waited for the row lock, or on an instance a little behind
        assertThat(store.claimAttempt(List.of(key("a:192.0.2.7")), T0.plusMillis(5))).isEmpty();
        assertThat(store.claimAttempt(List.of(key("a:192.0.2.7")), T0)).isEmpty();
    }

    @Test
    void claimAttemptAfterQuietPeriodThenCountStartsOver() {
        AccountStore store = stores.open(config().build());
        for (int i = 0; i < 3; i++) {
            store.claimAttempt(List.of(key("u:carol")), T0);
        }
        Instant later = T0.plus(RESET).plusSeconds(2);
        for (int i = 0; i < 3; i++) {
            assertThat(store.claimAttempt(List.of(key("u:carol")), later)).isEmpty();
        }
        assertThat(store.claimAttempt(List.of(key("u:carol")), later)).contains(later.plusSeconds(1));
    }

    @Test
    void clearAttemptsThenNotBlockedAndCountRestarts() {
        AccountStore store = stores.open(config().build());
        for (int i = 0; i < 3; i++) {
            store.claimAttempt(List.of(key("u:dave")), T0);
        }
        store.clearAttempts("u:dave");
        for (int i = 0; i < 3; i++) {
            assertThat(store.claimAttempt(List.of(key("u:dave")), T0)).isEmpty();
        }
    }

    @Test
    void releaseAttemptThenCountAndBlockAsWithoutIt() {
        AccountStore store = stores.open(config().build());
        for (int i = 0; i < 3; i++) {
            store.claimAttempt(List.of(key("a:198.51.100.1")), T0);
        }
        store.releaseAttempt(key("a:198.51.100.1"));
        // two attempts count: the block of the third is gone and one free attempt is left
        assertThat(store.claimAttempt(List.of(key("a:198.51.100.1")), T0)).isEmpty();
        assertThat(store.claimAttempt(List.of(key("a:198.51.100.1")), T0)).contains(T0.plusSeconds(1));
        store.releaseAttempt(key("a:198.51.100.9")); // unknown key: nothing to give back, no error
    }

    @Test
    void claimAttemptFromSixteenThreadsAtOnceThenOnlyTheFreeAttemptsPass() throws Exception {
        AccountStore store = stores.open(config().build());
        List<Optional<Instant>> outcomes = claimConcurrently(store, 16, "u:frank");
        assertThat(outcomes).filteredOn(Optional::isEmpty).hasSize(3);
        assertThat(outcomes).filteredOn(Optional::isPresent).hasSize(13)
                .allSatisfy(o -> assertThat(o).contains(T0.plusSeconds(1)));
    }

    @Test
    void claimAttemptFromTwoStoresAtOnceThenCountedTogether() throws Exception {
        AuthConfig config = config().build();
        AccountStore first = stores.open(config);
        AccountStore second = stores.open(config);
        List<Optional<Instant>> outcomes = new ArrayList<>(claimConcurrently(first, 8, "u:gina"));
        outcomes.addAll(claimConcurrently(second, 8, "u:gina"));
        assertThat(outcomes).filteredOn(Optional::isEmpty).hasSize(3);
    }

    private static List<Optional<Instant>> claimConcurrently(AccountStore store, int threads, String key)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Optional<Instant>>> done = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                done.add(pool.submit(() -> {
                    start.await();
                    return store.claimAttempt(List.of(key(key), key("a:203.0.113.9")), T0);
                }));
            }
            start.countDown();
            List<Optional<Instant>> outcomes = new ArrayList<>();
            for (Future<Optional<Instant>> f : done) {
                outcomes.add(f.get());
            }
            return outcomes;
        } finally {
            pool.shutdown();
        }
    }
}
