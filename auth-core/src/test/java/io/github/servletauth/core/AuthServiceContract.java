package io.github.servletauth.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * End-to-end behaviour of {@link AuthService} on a real database; subclasses supply the database.
 */
abstract class AuthServiceContract {
    static final String PASSWORD = "correct horse battery staple";

    /** A clock tests can move forward. */
    static final class MovableClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration d) {
            now.updateAndGet(i -> i.plus(d));
        }
    }

    final MovableClock clock = new MovableClock();
    AuthService auth;

    /** @return a builder pointing at a fresh, empty database */
    abstract AuthConfig.Builder freshDatabase();

    /** @return a builder for the same database as the last {@link #freshDatabase()} */
    abstract AuthConfig.Builder sameDatabase();

    @BeforeEach
    void start() {
        auth = AuthService.create(freshDatabase().clock(clock).build());
    }

    @AfterEach
    void stop() {
        auth.close();
    }

    @Test
    void registerThenTokenVerifiesWithAccountClaims() {
        IssuedTokens t = auth.register("Alice", PASSWORD, "alice@example.org");
        VerifiedToken v = auth.verify(t.accessToken());
        assertThat(v.userId()).isEqualTo(t.account().userId()).isPositive();
        assertThat(v.username()).isEqualTo("Alice");
        assertThat(v.roles()).containsExactly("user");
        assertThat(t.account().email()).isEqualTo("alice@example.org");
        assertThat(t.expiresInSeconds(clock.instant())).isEqualTo(900);
        assertThat(t.toString()).doesNotContain(t.accessToken()).doesNotContain(t.refreshToken());
    }

    @Test
    void registerWhenSameNameInOtherCaseOrWidthThenDuplicate() {
        auth.register("Admin", PASSWORD, null);
        assertThatThrownBy(() -> auth.register("admin", PASSWORD, null)).isInstanceOf(DuplicateUsernameException.class);
        assertThatThrownBy(() -> auth.register("ＡＤＭＩＮ", PASSWORD, null)).isInstanceOf(DuplicateUsernameException.class);
    }

    @Test
    void registerWhenSeveralFieldsBadThenAllReported() {
        assertThatThrownBy(() -> auth.register("a b", "short", "not-an-email"))
                .isInstanceOfSatisfying(InvalidInputException.class, e ->
                        assertThat(e.fields()).containsOnlyKeys("username", "password", "email"));
    }

    @Test
    void registerWhenEmailHasControlFormatOrLoneSurrogateThenRefusedNamingEmail() {
        List<String> hostile = List.of("a\u0000b@example.org", "a@exam\u0000ple.org", "a\u0007@example.org",
                "a\u007f@example.org", "a\u0085@example.org", "a\u009b@example.org", "a\u202e@example.org",
                "a\u200b@example.org", "a\ufeff@example.org", "a\u2066@example.org", "a\ud800@example.org",
                "a\udc00@example.org", "a\u2028@example.org", "a\u00a0b@example.org", "a\uffff@example.org",
                "a\ufdd0@example.org", "a\udb40\udc01@example.org");
        int i = 0;
        for (String email : hostile) {
            String username = "mailer" + i++;
            assertThatThrownBy(() -> auth.register(username, PASSWORD, email)).as(email.codePoints()
                            .mapToObj(cp -> String.format("U+%04X", cp)).toList().toString())
                    .isInstanceOfSatisfying(InvalidInputException.class, e ->
                            assertThat(e.fields()).containsOnlyKeys("email"));
        }
        assertThat(auth.register("jorg", PASSWORD, " jörg@bücher.example\n").account().email())
                .isEqualTo("jörg@bücher.example");
    }

    @Test
    void registerWhenPasswordIsUsernameOrCommonThenRefused() {
        assertThatThrownBy(() -> auth.register("longusername", "LongUserName", null))
                .isInstanceOfSatisfying(InvalidInputException.class, e ->
                        assertThat(e.fields()).containsKey("password"));
        assertThatThrownBy(() -> auth.register("bob", "password1", null))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void loginWhenUsernameInOtherCaseThenSucceeds() {
        long id = auth.register("Carol", PASSWORD, null).account().userId();
        IssuedTokens t = auth.login("ＣＡＲＯＬ", PASSWORD);
        assertThat(auth.verify(t.accessToken()).userId()).isEqualTo(id);
        assertThat(auth.findAccount(id)).get().satisfies(a -> assertThat(a.lastLoginAt()).isNotNull());
    }

    @Test
    void loginWhenPasswordWrongOrUserUnknownThenSameInvalidCredentials() {
        auth.register("dave", PASSWORD, null);
        Throwable wrong = org.assertj.core.api.Assertions.catchThrowable(() -> auth.login("dave", PASSWORD + "!"));
        Throwable unknown = org.assertj.core.api.Assertions.catchThrowable(() -> auth.login("nobody", PASSWORD));
        assertThat(wrong).isInstanceOf(InvalidCredentialsException.class);
        assertThat(unknown).isInstanceOf(InvalidCredentialsException.class).hasMessage(wrong.getMessage());
    }

    @Test
    void loginWhenPasswordHasTrailingSpaceThenNotTrimmed() {
        auth.register("erin", PASSWORD + " ", null);
        assertThatThrownBy(() -> auth.login("erin", PASSWORD)).isInstanceOf(InvalidCredentialsException.class);
        assertThat(auth.login("erin", PASSWORD + " ").accessToken()).isNotBlank();
    }

    @Test
    void refreshThenRotatesAndReuseRevokesWholeFamily() {
        IssuedTokens first = auth.register("frank", PASSWORD, null);
        IssuedTokens second = auth.refresh(first.refreshToken());
        assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
        assertThat(auth.verify(second.accessToken()).sessionId()).isEqualTo(auth.verify(first.accessToken()).sessionId());

        assertThatThrownBy(() -> auth.refresh(first.refreshToken()))
                .isInstanceOfSatisfying(InvalidTokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.REUSED));
        assertThatThrownBy(() -> auth.refresh(second.refreshToken())).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> auth.verify(second.accessToken()))
                .isInstanceOfSatisfying(InvalidTokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.REVOKED));
    }

    @Test
    void refreshWhenMalformedOrUnknownThenInvalidToken() {
        assertThatThrownBy(() -> auth.refresh("nope")).isInstanceOfSatisfying(InvalidTokenException.class,
                e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.MALFORMED));
        assertThatThrownBy(() -> auth.refresh("A".repeat(43))).isInstanceOfSatisfying(InvalidTokenException.class,
                e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.UNKNOWN));
    }

    @Test
    void refreshWhenExpiredThenRefused() {
        IssuedTokens t = auth.register("gina", PASSWORD, null);
        clock.advance(Duration.ofDays(15));
        assertThatThrownBy(() -> auth.refresh(t.refreshToken())).isInstanceOfSatisfying(InvalidTokenException.class,
                e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.EXPIRED));
    }

    @Test
    void verifyWhenAccessTokenExpiredThenRefused() {
        IssuedTokens t = auth.register("hank", PASSWORD, null);
        clock.advance(Duration.ofMinutes(16));
        assertThatThrownBy(() -> auth.verify(t.accessToken())).isInstanceOfSatisfying(InvalidTokenException.class,
                e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.EXPIRED));
    }

    @Test
    void logoutThenAccessAndRefreshTokensOfThatSessionStop() {
        auth.register("ivan", PASSWORD, null);
        IssuedTokens a = auth.login("ivan", PASSWORD);
        IssuedTokens b = auth.login("ivan", PASSWORD);
        auth.logout(auth.verify(a.accessToken()), a.refreshToken());
        assertThatThrownBy(() -> auth.verify(a.accessToken())).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> auth.refresh(a.refreshToken())).isInstanceOf(InvalidTokenException.class);
        assertThat(auth.verify(b.accessToken()).username()).isEqualTo("ivan");
    }

    @Test
    void changePasswordThenEveryEarlierTokenStopsAndNewPasswordWorks() {
        IssuedTokens reg = auth.register("judy", PASSWORD, null);
        IssuedTokens other = auth.login("judy", PASSWORD);
        long id = reg.account().userId();
        assertThatThrownBy(() -> auth.changePassword(id, "wrong password!", "another long passphrase"))
                .isInstanceOf(InvalidCredentialsException.class);
        assertThatThrownBy(() -> auth.changePassword(id, PASSWORD, "password1"))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.fields()).containsOnlyKeys("new_password"));
        auth.changePassword(id, PASSWORD, "another long passphrase");
        for (IssuedTokens t : List.of(reg, other)) {
            assertThatThrownBy(() -> auth.verify(t.accessToken())).isInstanceOf(InvalidTokenException.class);
            assertThatThrownBy(() -> auth.refresh(t.refreshToken())).isInstanceOf(InvalidTokenException.class);
        }
        assertThatThrownBy(() -> auth.login("judy", PASSWORD)).isInstanceOf(InvalidCredentialsException.class);
        assertThat(auth.verify(auth.login("judy", "another long passphrase").accessToken()).userId()).isEqualTo(id);
    }

    @Test
    void disableThenTokensAndLoginRefusedAndEnableDoesNotRestoreOldTokens() {
        IssuedTokens t = auth.register("kate", PASSWORD, null);
        long id = t.account().userId();
        auth.setEnabled(id, false);
        assertThatThrownBy(() -> auth.verify(t.accessToken())).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> auth.refresh(t.refreshToken())).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> auth.login("kate", PASSWORD)).isInstanceOf(InvalidCredentialsException.class);
        auth.setEnabled(id, true);
        assertThatThrownBy(() -> auth.verify(t.accessToken())).isInstanceOf(InvalidTokenException.class);
        assertThat(auth.verify(auth.login("kate", PASSWORD).accessToken()).userId()).isEqualTo(id);
    }

    @Test
    void deleteThenTokensRefusedAndAccountGone() {
        IssuedTokens t = auth.register("liam", PASSWORD, null);
        long id = t.account().userId();
        auth.deleteAccount(id);
        assertThatThrownBy(() -> auth.verify(t.accessToken())).isInstanceOf(InvalidTokenException.class);
        assertThat(auth.findAccount(id)).isEmpty();
        assertThatThrownBy(() -> auth.deleteAccount(id)).isInstanceOf(AccountNotFoundException.class);
        assertThat(auth.register("liam", PASSWORD, null).account().userId()).isNotEqualTo(id);
    }

    @Test
    void setRolesThenNextTokensCarryThem() {
        IssuedTokens t = auth.register("mona", PASSWORD, null);
        auth.setRoles(t.account().userId(), Set.of("admin", "user"));
        assertThat(auth.verify(auth.refresh(t.refreshToken()).accessToken()).roles()).containsExactlyInAnyOrder("admin", "user");
        assertThatThrownBy(() -> auth.setRoles(t.account().userId(), Set.of("bad role")))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void revocationOnOneInstanceReachesAnotherWithinPollInterval() throws Exception {
        IssuedTokens t = auth.register("nina", PASSWORD, null);
        try (AuthService other = AuthService.create(sameDatabase().set("auth.revocation.poll-interval", "PT0.2S").build())) {
            assertThat(other.verify(t.accessToken()).username()).isEqualTo("nina");
            auth.logout(auth.verify(t.accessToken()), null);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            boolean refused = false;
            while (!refused && System.nanoTime() < deadline) {
                try {
                    other.verify(t.accessToken());
                    Thread.sleep(50);
                } catch (InvalidTokenException e) {
                    refused = e.reason() == InvalidTokenException.Reason.REVOKED;
                }
            }
            assertThat(refused).as("revocation seen by the second instance").isTrue();
        }
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
    void jwksForHs256IsEmptyKeySet() {
        assertThat(auth.jwks().replace(" ", "")).isEqualTo("{\"keys\":[]}");
    }
}
