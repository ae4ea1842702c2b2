package io.github.servletauth.core;

import io.github.servletauth.testing.QueryCountingDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the performance work must not break: the token cache still honours revocation, validation makes no
 * database round trip, and a saturated password hash sheds load with {@link ServiceBusyException} only.
 */
class AuthServiceHotPathTest {
    static final String PASSWORD = AuthServiceContract.PASSWORD;

    @TempDir
    Path dir;
    AuthService auth;

    @BeforeAll
    static void countQueries() throws Exception {
        QueryCountingDriver.install();
    }

    @AfterEach
    void stop() {
        if (auth != null) {
            auth.close();
        }
    }

    AuthConfig.Builder sqlite() {
        // a long poll interval keeps the revocation poller (the one reader that is allowed) out of the way
        return AuthConfig.builder().set("auth.data-dir", dir.toString())
                .set("auth.revocation.poll-interval", "PT5M");
    }

    @Test
    void verifyWhenTokenCachedAndThenLoggedOutThenRevoked() {
        auth = AuthService.create(sqlite().build());
        IssuedTokens t = auth.register("alice", PASSWORD, null);
        VerifiedToken v = auth.verify(t.accessToken());
        assertThat(auth.verify(t.accessToken())).isSameAs(v);

        auth.logout(v, null);

        assertThatThrownBy(() -> auth.verify(t.accessToken())).isInstanceOfSatisfying(InvalidTokenException.class,
                e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.REVOKED));
    }

    @Test
    void verifyWhenCachedAndAccountDisabledOrPasswordChangedThenRevoked() {
        auth = AuthService.create(sqlite().build());
        IssuedTokens a = auth.register("bob", PASSWORD, null);
        IssuedTokens b = auth.register("carl", PASSWORD, null);
        auth.verify(a.accessToken());
        auth.verify(b.accessToken());

        auth.setEnabled(a.account().userId(), false);
        auth.changePassword(b.account().userId(), PASSWORD, PASSWORD + " again");

        for (String token : List.of(a.accessToken(), b.accessToken())) {
            assertThatThrownBy(() -> auth.verify(token)).isInstanceOfSatisfying(InvalidTokenException.class,
                    e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.REVOKED));
        }
    }

    @Test
    void verifyWhenRepeatedManyTimesThenNoDatabaseRoundTrip() {
        auth = AuthService.create(sqlite().build());
        IssuedTokens t = auth.register("dora", PASSWORD, null);
        IssuedTokens other = auth.login("dora", PASSWORD);
        long before = QueryCountingDriver.roundTrips();

        for (int i = 0; i < 1000; i++) {
            assertThat(auth.verify(t.accessToken()).username()).isEqualTo("dora");
            assertThat(auth.verify(other.accessToken()).username()).isEqualTo("dora");
        }

        assertThat(QueryCountingDriver.roundTrips() - before).isZero();
    }

    @Test
    void verifyWhenCacheOffThenStillNoDatabaseRoundTrip() {
        auth = AuthService.create(sqlite().set("auth.jwt.cache-size", "0").build());
        IssuedTokens t = auth.register("edna", PASSWORD, null);
        long before = QueryCountingDriver.roundTrips();

        for (int i = 0; i < 200; i++) {
            assertThat(auth.verify(t.accessToken()).username()).isEqualTo("edna");
        }

        assertThat(QueryCountingDriver.roundTrips() - before).isZero();
    }

    @Test
    void roundTripCounterWhenLoginThenCountsQueries() {
        auth = AuthService.create(sqlite().build());
        auth.register("fred", PASSWORD, null);
        long before = QueryCountingDriver.roundTrips();

        auth.login("fred", PASSWORD);

        // proves the counter sees this service's pool, so the zero above means something
        assertThat(QueryCountingDriver.roundTrips() - before).isPositive();
    }

    @Test
    void loginWhenHashSlotsSaturatedThenServiceBusyAndNoOtherError() throws Exception {
        auth = AuthService.create(sqlite().set("auth.password.hash-threads", "1")
                .set("auth.password.hash-queue-timeout", "PT0S").build());
        auth.register("gwen", PASSWORD, null);
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Throwable> failures = new ArrayList<>();
        int succeeded = 0;
        try {
            // rounds until one saturates: a pbkdf2 hash takes ~100 ms, so in practice the first round does
            for (int round = 0; round < 20 && failures.isEmpty(); round++) {
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    String user = i % 2 == 0 ? "gwen" : "nobody" + i;
                    calls.add(pool.submit(() -> {
                        start.await();
                        return user.equals("gwen") ? auth.login(user, PASSWORD) : tryUnknown(user);
                    }));
                }
                for (Future<?> f : calls) {
                    try {
                        f.get(60, TimeUnit.SECONDS);
                        succeeded++;
                    } catch (java.util.concurrent.ExecutionException e) {
                        failures.add(e.getCause());
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(failures).isNotEmpty().allSatisfy(f -> assertThat(f).isInstanceOf(ServiceBusyException.class));
        assertThat(succeeded).isPositive();
        ServiceBusyException busy = (ServiceBusyException) failures.get(0);
        assertThat(busy.retryAfterSeconds()).isEqualTo(1);
        assertThat(auth.login("gwen", PASSWORD).accessToken()).isNotBlank();
    }

    /** An unknown user costs a dummy hash, so it competes for the slot too; success here means "refused". */
    private Object tryUnknown(String user) {
        try {
            auth.login(user, PASSWORD);
            throw new AssertionError("unknown user logged in");
        } catch (InvalidCredentialsException expected) {
            return expected;
        }
    }
}
