package io.github.servletauth.core;

import io.github.servletauth.core.internal.RevocationFeed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    void registerWhenConfusableTwinOfTakenNameThenDuplicate() {
        for (String taken : List.of("paypal", "paypol", "bitcoin", "pope", "cocoa")) {
            auth.register(taken, PASSWORD, null);
        }

        // mixed Latin and Cyrillic was refused before skeletons existed, and still is, as invalid input
        assertThatThrownBy(() -> auth.register("p\u0430ypal", PASSWORD, null))
                .isInstanceOf(InvalidInputException.class);
        for (String twin : List.of(
                "payp\u0585l",                                // Armenian small oh
                "b\u13A5tcoin",                               // Cherokee letter v, shaped like i
                "p\u0251yp\u0251l",                           // Latin small alpha
                "\u0440\u043E\u0440\u0435",                   // all-Cyrillic "pope"
                "\u0441\u043E\u0441\u043E\u0430",             // all-Cyrillic "cocoa"
                "\u0421\u041E\u0421\u041E\u0410")) {          // the same in capitals
            assertThatThrownBy(() -> auth.register(twin, PASSWORD, null))
                    .as(twin).isInstanceOf(DuplicateUsernameException.class);
        }
    }

    @Test
    void registerWhenNamesOnlyLookAlikeAsUts39SaysThenSecondRefusedButDistinctNamesRegister() {
        auth.register("modern", PASSWORD, null);
        auth.register("paypal", PASSWORD, null);

        // UTS #39 takes "rn" for "m" and the digit 1 for the letter l; refusing those twins is intended
        assertThatThrownBy(() -> auth.register("rnodern", PASSWORD, null))
                .isInstanceOf(DuplicateUsernameException.class);
        assertThatThrownBy(() -> auth.register("modem", PASSWORD, null))
                .isInstanceOf(DuplicateUsernameException.class);
        assertThatThrownBy(() -> auth.register("paypa1", PASSWORD, null))
                .isInstanceOf(DuplicateUsernameException.class);
        for (String distinct : List.of("paypals", "dave", "clave", "alice", "alicia")) {
            assertThat(auth.register(distinct, PASSWORD, null).account().username()).isEqualTo(distinct);
        }
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
    void revocationFeedWhenLogoutPasswordChangeDisableAndDeleteThenEachSessionListedOnceWithNothingPersonal() {
        String cursor = read(auth.revocationFeed(null)).cursor();
        assertThat(read(auth.revocationFeed(null)).revoked()).isEmpty();
        IssuedTokens first = auth.register("feed-ann", PASSWORD, null);
        IssuedTokens second = auth.login("feed-ann", PASSWORD);
        IssuedTokens disabled = auth.register("feed-ben", PASSWORD, null);
        IssuedTokens deleted = auth.register("feed-cid", PASSWORD, null);
        long until = clock.instant().plus(config().accessTokenTtl()).plus(config().clockSkew()).plusSeconds(60)
                .toEpochMilli();
        Map<IssuedTokens, String> sid = new HashMap<>();
        for (IssuedTokens t : List.of(first, second, disabled, deleted)) {
            sid.put(t, auth.verify(t.accessToken()).sessionId());
        }

        auth.logout(auth.verify(first.accessToken()), null);
        RevocationFeed.Page afterLogout = read(auth.revocationFeed(cursor));
        auth.changePassword(first.account().userId(), PASSWORD, "another horse battery staple");
        RevocationFeed.Page afterPassword = read(auth.revocationFeed(afterLogout.cursor()));
        auth.setEnabled(disabled.account().userId(), false);
        auth.deleteAccount(deleted.account().userId());
        String json = auth.revocationFeed(afterPassword.cursor());
        RevocationFeed.Page afterAdmin = read(json);

        assertThat(afterLogout.revoked()).extracting(RevocationFeed.Entry::sessionId)
                .containsExactly(sid.get(first));
        assertThat(afterPassword.revoked()).extracting(RevocationFeed.Entry::sessionId)
                .containsExactly(sid.get(second));
        assertThat(afterAdmin.revoked()).extracting(RevocationFeed.Entry::sessionId)
                .containsExactly(sid.get(disabled), sid.get(deleted));
        assertThat(afterAdmin.revoked()).extracting(RevocationFeed.Entry::untilMillis)
                .containsOnly((until + 999) / 1000 * 1000);
        assertThat(read(auth.revocationFeed(afterAdmin.cursor())).revoked()).isEmpty();
        assertThat(read(auth.revocationFeed(null)).revoked()).hasSize(4);
        assertThat(json).doesNotContain("feed-", "user", String.valueOf(deleted.account().userId()) + ",");
        assertThatThrownBy(() -> auth.revocationFeed("not a cursor")).isInstanceOfSatisfying(
                InvalidInputException.class, e -> assertThat(e.fields()).containsOnlyKeys("since"));

        clock.advance(config().accessTokenTtl().plus(config().clockSkew()).plusSeconds(61));
        assertThat(read(auth.revocationFeed(null)).revoked()).as("every token of those sessions has expired").isEmpty();
    }

    private AuthConfig config() {
        return auth.config();
    }

    private static RevocationFeed.Page read(String json) {
        return RevocationFeed.read(json);
    }

    @Test
    void jwksForHs256IsEmptyKeySet() {
        assertThat(auth.jwks().replace(" ", "")).isEqualTo("{\"keys\":[]}");
    }
}
