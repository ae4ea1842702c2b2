package io.github.servletauth.core.internal.store;

import io.github.servletauth.core.AuthConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared login-failure counters, on each database. */
abstract class LoginFailuresContract {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration RESET = Duration.ofMinutes(15);

    @RegisterExtension
    final OpenedStores stores = new OpenedStores();

    abstract AuthConfig.Builder config();

    @Test
    void recordLoginFailureThenBlockedForBackoffOfTheCount() {
        AccountStore store = stores.open(config().build());
        AtomicInteger lastCount = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            store.recordLoginFailure("u:alice", T0, RESET, n -> {
                lastCount.set(n);
                return Duration.ofSeconds(n);
            });
        }
        assertThat(lastCount.get()).isEqualTo(3);
        assertThat(store.loginBlockedUntil(List.of("u:alice", "a:10.0.0.1"), T0)).contains(T0.plusSeconds(3));
        assertThat(store.loginBlockedUntil(List.of("u:alice"), T0.plusSeconds(3))).isEmpty();
        assertThat(store.loginBlockedUntil(List.of("u:bob"), T0)).isEmpty();
        assertThat(store.loginBlockedUntil(List.of(), T0)).isEmpty();
    }

    @Test
    void recordLoginFailureAfterQuietPeriodThenCountStartsOver() {
        AccountStore store = stores.open(config().build());
        AtomicInteger lastCount = new AtomicInteger();
        store.recordLoginFailure("u:carol", T0, RESET, n -> Duration.ZERO);
        store.recordLoginFailure("u:carol", T0.plusSeconds(1), RESET, n -> Duration.ZERO);
        store.recordLoginFailure("u:carol", T0.plus(RESET).plusSeconds(2), RESET, n -> {
            lastCount.set(n);
            return Duration.ZERO;
        });
        assertThat(lastCount.get()).isEqualTo(1);
    }

    @Test
    void clearLoginFailuresThenNotBlockedAndCountRestarts() {
        AccountStore store = stores.open(config().build());
        store.recordLoginFailure("u:dave", T0, RESET, n -> Duration.ofMinutes(1));
        store.clearLoginFailures("u:dave");
        assertThat(store.loginBlockedUntil(List.of("u:dave"), T0)).isEmpty();
        AtomicInteger lastCount = new AtomicInteger();
        store.recordLoginFailure("u:dave", T0, RESET, n -> {
            lastCount.set(n);
            return Duration.ZERO;
        });
        assertThat(lastCount.get()).isEqualTo(1);
    }

    @Test
    void recordLoginFailureFromSixteenThreadsThenEveryFailureCounted() throws Exception {
        AccountStore store = stores.open(config().build());
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                done.add(pool.submit(() -> store.recordLoginFailure("a:203.0.113.9", T0, RESET, n -> Duration.ZERO)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        AtomicInteger lastCount = new AtomicInteger();
        store.recordLoginFailure("a:203.0.113.9", T0, RESET, n -> {
            lastCount.set(n);
            return Duration.ZERO;
        });
        assertThat(lastCount.get()).isEqualTo(17);
    }
}
