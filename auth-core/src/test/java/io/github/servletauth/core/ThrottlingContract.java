package io.github.servletauth.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.github.servletauth.core.AuthServiceContract.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Login, password-change and registration throttling of {@link AuthService} on a real database, including
 * attempts that arrive at the same moment; subclasses supply the database.
 */
abstract class ThrottlingContract {
    final AuthServiceContract.MovableClock clock = new AuthServiceContract.MovableClock();
    AuthService auth;

    /** @return a builder pointing at a fresh, empty database */
    abstract AuthConfig.Builder freshDatabase();

    /** @return a builder for the same database as the last {@link #freshDatabase()} */
    abstract AuthConfig.Builder sameDatabase();

    @BeforeEach
    void start() {
        auth = AuthService.create(freshDatabase().clock(clock).set("auth.register.address-limit", "3").build());
    }

    @AfterEach
    void stop() {
        auth.close();
    }

    @Test
    void loginWhenFiveConsecutiveFailuresThenThrottledEvenWithRightPasswordUntilDelayPasses() {
        auth.register("pete", PASSWORD, null);
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> auth.login("pete", "wrong password", "192.0.2.1"))
                    .isInstanceOf(InvalidCredentialsException.class);
        }
        assertThatThrownBy(() -> auth.login("PETE", PASSWORD, "192.0.2.2"))
                .isInstanceOfSatisfying(LoginThrottledException.class,
                        e -> assertThat(e.retryAfterSeconds()).isEqualTo(1));
        clock.advance(Duration.ofSeconds(2));
        assertThat(auth.login("pete", PASSWORD, "192.0.2.2").accessToken()).isNotBlank();
        // the success cleared the count: the next failure is free again
        assertThatThrownBy(() -> auth.login("pete", "wrong password", "192.0.2.2"))
                .isInstanceOf(InvalidCredentialsException.class);
        assertThat(auth.login("pete", PASSWORD, "192.0.2.2").accessToken()).isNotBlank();
    }

    @Test
    void loginWhenUsernameAttackedForLongThenDelayCappedAtThirtySeconds() {
        auth.register("quinn", PASSWORD, null);
        int counted = 0;
        while (counted < 12) {
            try {
                auth.login("quinn", "wrong password", null);
            } catch (InvalidCredentialsException e) {
                counted++;
            } catch (LoginThrottledException e) {
                clock.advance(e.retryAfter());
            }
        }
        assertThatThrownBy(() -> auth.login("quinn", PASSWORD, null))
                .isInstanceOfSatisfying(LoginThrottledException.class,
                        e -> assertThat(e.retryAfterSeconds()).isEqualTo(30));
        clock.advance(Duration.ofSeconds(31));
        assertThat(auth.login("quinn", PASSWORD, null).accessToken()).isNotBlank();
    }

    @Test
    void loginWhenOneAddressGuessesManyUsernamesThenAddressThrottledOthersNot() {
        auth.register("rita", PASSWORD, null);
        for (int i = 0; i < 20; i++) {
            String user = "victim" + i;
            assertThatThrownBy(() -> auth.login(user, "wrong password", "198.51.100.7"))
                    .isInstanceOf(InvalidCredentialsException.class);
        }
        assertThatThrownBy(() -> auth.login("rita", PASSWORD, "198.51.100.7"))
                .isInstanceOf(LoginThrottledException.class);
        assertThat(auth.login("rita", PASSWORD, "198.51.100.8").accessToken()).isNotBlank();
    }

    @Test
    void loginFailuresOnTwoInstancesCountTogether() {
        auth.register("sven", PASSWORD, null);
        try (AuthService other = AuthService.create(sameDatabase().clock(clock).build())) {
            for (int i = 0; i < 5; i++) {
                AuthService node = i % 2 == 0 ? auth : other;
                assertThatThrownBy(() -> node.login("sven", "wrong password", null))
                        .isInstanceOf(InvalidCredentialsException.class);
            }
            assertThatThrownBy(() -> other.login("sven", PASSWORD, null)).isInstanceOf(LoginThrottledException.class);
            assertThatThrownBy(() -> auth.login("sven", PASSWORD, null)).isInstanceOf(LoginThrottledException.class);
        }
    }

    @Test
    void changePasswordWhenCurrentPasswordGuessedRepeatedlyThenThrottled() {
        long id = auth.register("tess", PASSWORD, null).account().userId();
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> auth.changePassword(id, "guess number x", "another long passphrase"))
                    .isInstanceOf(InvalidCredentialsException.class);
        }
        assertThatThrownBy(() -> auth.changePassword(id, PASSWORD, "another long passphrase"))
                .isInstanceOf(LoginThrottledException.class);
        assertThatThrownBy(() -> auth.login("tess", PASSWORD)).isInstanceOf(LoginThrottledException.class);
        clock.advance(Duration.ofSeconds(2));
        auth.changePassword(id, PASSWORD, "another long passphrase");
    }

    @Test
    void loginWhenSixteenWrongPasswordsAtOnceFromSixteenAddressesThenOnlyTheFreeAttemptsCostAHash()
            throws Exception {
        auth.register("ursula", PASSWORD, null);
        long hashesBefore = auth.passwordHashesComputed();
        List<Callable<Void>> guesses = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String address = "198.51.100." + (i + 1);
            guesses.add(() -> {
                auth.login("ursula", "wrong password " + address, address);
                return null;
            });
        }
        List<Throwable> outcomes = atOnce(guesses);
        assertThat(outcomes).filteredOn(InvalidCredentialsException.class::isInstance).hasSize(5);
        assertThat(outcomes).filteredOn(LoginThrottledException.class::isInstance).hasSize(11);
        assertThat(auth.passwordHashesComputed() - hashesBefore).isEqualTo(5);
        // the right password after the burst waits its turn like any other attempt
        assertThatThrownBy(() -> auth.login("ursula", PASSWORD, "192.0.2.99"))
                .isInstanceOf(LoginThrottledException.class);
        clock.advance(Duration.ofSeconds(1));
        assertThat(auth.login("ursula", PASSWORD, "192.0.2.99").accessToken()).isNotBlank();
    }

    @Test
    void loginWhenManyGuessesAtOnceOnTwoInstancesThenCountedTogether() throws Exception {
        auth.register("vera", PASSWORD, null);
        try (AuthService other = AuthService.create(sameDatabase().clock(clock).build())) {
            List<Callable<Void>> guesses = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                AuthService node = i % 2 == 0 ? auth : other;
                guesses.add(() -> {
                    node.login("vera", "wrong password", null);
                    return null;
                });
            }
            assertThat(atOnce(guesses)).filteredOn(InvalidCredentialsException.class::isInstance).hasSize(5);
        }
    }

    @Test
    void loginWhenRightPasswordThenTheAddressGetsItsAttemptBack() {
        auth.register("wanda", PASSWORD, null);
        for (int i = 0; i < 19; i++) {
            String user = "nobody" + i;
            assertThatThrownBy(() -> auth.login(user, "wrong password", "203.0.113.5"))
                    .isInstanceOf(InvalidCredentialsException.class);
        }
        assertThat(auth.login("wanda", PASSWORD, "203.0.113.5").accessToken()).isNotBlank();
        // 19 failures count, the success does not: the address has one free attempt left
        assertThatThrownBy(() -> auth.login("nobody", "wrong password", "203.0.113.5"))
                .isInstanceOf(InvalidCredentialsException.class);
        assertThatThrownBy(() -> auth.login("wanda", PASSWORD, "203.0.113.5"))
                .isInstanceOf(LoginThrottledException.class);
    }

    @Test
    void registerWhenAddressRegistersPastTheLimitThenThrottledOtherAddressesNot() {
        auth.register("xena1", PASSWORD, null, "192.0.2.10");
        assertThatThrownBy(() -> auth.register("xena1", PASSWORD, null, "192.0.2.10"))
                .isInstanceOf(DuplicateUsernameException.class);
        auth.register("xena2", PASSWORD, null, "192.0.2.10");
        assertThatThrownBy(() -> auth.register("xena3", PASSWORD, null, "192.0.2.10"))
                .isInstanceOfSatisfying(RegistrationThrottledException.class,
                        e -> assertThat(e.retryAfterSeconds()).isEqualTo(1))
                .hasMessage("Too many registrations from this address; try again later");
        assertThatThrownBy(() -> auth.register("xena1", PASSWORD, null, "192.0.2.10"))
                .isInstanceOf(RegistrationThrottledException.class);
        auth.register("xena3", PASSWORD, null, "192.0.2.11");
        clock.advance(Duration.ofSeconds(1));
        auth.register("xena4", PASSWORD, null, "192.0.2.10");
        // refused input costs nothing and does not count
        assertThatThrownBy(() -> auth.register("x", PASSWORD, null, "192.0.2.12"))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void registerWhenUsernameTakenThenRefusedWithoutHashing() {
        auth.register("yusuf", PASSWORD, null);
        auth.register("modern", PASSWORD, null);
        long hashesBefore = auth.passwordHashesComputed();
        for (String twin : new String[] {"YUSUF", "yusuf", "rnodern"}) { // the last only looks the same (UTS #39)
            assertThatThrownBy(() -> auth.register(twin, "another long passphrase", null))
                    .isInstanceOf(DuplicateUsernameException.class);
        }
        assertThat(auth.passwordHashesComputed()).isEqualTo(hashesBefore);
    }

    @Test
    void registerWhenLimitIsZeroThenNotThrottled() {
        try (AuthService unthrottled = AuthService.create(sameDatabase().clock(clock)
                .set("auth.register.address-limit", "0").build())) {
            for (int i = 0; i < 5; i++) {
                unthrottled.register("zoe" + i, PASSWORD, null, "192.0.2.20");
            }
        }
    }

    /** Runs every call at the same moment, each on its own thread, and returns what each threw (or null). */
    private static List<Throwable> atOnce(List<Callable<Void>> calls) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (Callable<Void> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Throwable> outcomes = new ArrayList<>();
            for (Future<Void> f : futures) {
                try {
                    f.get();
                    outcomes.add(null);
                } catch (ExecutionException e) {
                    outcomes.add(e.getCause());
                }
            }
            return outcomes;
        } finally {
            pool.shutdown();
        }
    }
}
