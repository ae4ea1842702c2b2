package io.github.servletauth.core;

import io.github.servletauth.core.InvalidTokenException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.github.servletauth.core.AuthServiceContract.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What browser sign-in needs of {@link AuthService} on a real database: renewal that forgives two tabs renewing at
 * once ({@code auth.browser.renew-grace}, default 10 s), and ending a session by its refresh token when the access
 * token has expired. Subclasses supply the database.
 */
abstract class BrowserSessionContract {
    final AuthServiceContract.MovableClock clock = new AuthServiceContract.MovableClock();
    AuthService auth;

    /** @return a builder pointing at this test's database */
    abstract AuthConfig.Builder database();

    @BeforeEach
    void start() {
        auth = AuthService.create(database().clock(clock).build());
    }

    @AfterEach
    void stop() {
        auth.close();
    }

    @Test
    void renewWhenSameTokenTwiceWithinGraceThenSecondSupersededAndTheSessionLivesOn() {
        IssuedTokens first = auth.register("ada", PASSWORD, null);
        IssuedTokens renewed = auth.renew(first.refreshToken());
        clock.advance(Duration.ofSeconds(9));

        assertReason(() -> auth.renew(first.refreshToken()), Reason.SUPERSEDED);

        assertThat(auth.verify(renewed.accessToken()).sessionId())
                .isEqualTo(auth.verify(first.accessToken()).sessionId());
        IssuedTokens next = auth.renew(renewed.refreshToken());
        assertThat(auth.verify(next.accessToken()).username()).isEqualTo("ada");
    }

    @Test
    void renewWhenSameTokenAfterGraceThenReusedAndTheSessionRevoked() {
        IssuedTokens first = auth.register("bert", PASSWORD, null);
        IssuedTokens renewed = auth.renew(first.refreshToken());
        clock.advance(Duration.ofSeconds(11));

        assertReason(() -> auth.renew(first.refreshToken()), Reason.REUSED);

        assertReason(() -> auth.verify(renewed.accessToken()), Reason.REVOKED);
        assertReason(() -> auth.renew(renewed.refreshToken()), Reason.REVOKED);
    }

    @Test
    void renewWhenGraceIsZeroThenAReplayRevokesAtOnceLikeRefresh() {
        auth.close();
        auth = AuthService.create(database().set("auth.browser.renew-grace", "PT0S").clock(clock).build());
        IssuedTokens first = auth.register("cleo", PASSWORD, null);
        IssuedTokens renewed = auth.renew(first.refreshToken());

        assertReason(() -> auth.renew(first.refreshToken()), Reason.REUSED);
        assertReason(() -> auth.verify(renewed.accessToken()), Reason.REVOKED);
    }

    @Test
    void refreshWhenTokenExchangedByRenewalMomentsAgoThenStillRevokesAtOnce() {
        IssuedTokens first = auth.register("dora", PASSWORD, null);
        IssuedTokens renewed = auth.renew(first.refreshToken());

        assertReason(() -> auth.refresh(first.refreshToken()), Reason.REUSED);
        assertReason(() -> auth.verify(renewed.accessToken()), Reason.REVOKED);
    }

    @Test
    void renewWhenTokenExchangedByRefreshMomentsAgoThenSupersededToo() {
        IssuedTokens first = auth.register("emil", PASSWORD, null);
        IssuedTokens refreshed = auth.refresh(first.refreshToken());

        assertReason(() -> auth.renew(first.refreshToken()), Reason.SUPERSEDED);
        assertThat(auth.verify(refreshed.accessToken()).username()).isEqualTo("emil");
    }

    @Test
    void renewWhenSessionEndedWithinGraceThenRevokedNotSuperseded() {
        IssuedTokens first = auth.register("fay", PASSWORD, null);
        IssuedTokens renewed = auth.renew(first.refreshToken());
        auth.endSession(renewed.refreshToken());

        assertReason(() -> auth.renew(first.refreshToken()), Reason.REVOKED);
    }

    @Test
    void renewWhenMalformedUnknownOrExpiredThenRefusedLikeRefresh() {
        IssuedTokens t = auth.register("gus", PASSWORD, null);
        assertReason(() -> auth.renew("nope"), Reason.MALFORMED);
        assertReason(() -> auth.renew(null), Reason.MALFORMED);
        assertReason(() -> auth.renew("A".repeat(43)), Reason.UNKNOWN);
        clock.advance(Duration.ofDays(15));
        assertReason(() -> auth.renew(t.refreshToken()), Reason.EXPIRED);
    }

    @Test
    void endSessionThenItsAccessTokenRevokedAndItsRefreshTokenRefusedAndOtherSessionsUntouched() {
        auth.register("hana", PASSWORD, null);
        IssuedTokens browser = auth.login("hana", PASSWORD);
        IssuedTokens phone = auth.login("hana", PASSWORD);

        auth.endSession(browser.refreshToken());

        assertReason(() -> auth.verify(browser.accessToken()), Reason.REVOKED);
        assertReason(() -> auth.refresh(browser.refreshToken()), Reason.REVOKED);
        assertReason(() -> auth.renew(browser.refreshToken()), Reason.REVOKED);
        assertThat(auth.verify(phone.accessToken()).username()).isEqualTo("hana");
        assertThat(auth.refresh(phone.refreshToken()).accessToken()).isNotBlank();
    }

    @Test
    void endSessionWhenGivenAnAlreadyExchangedTokenThenEndsTheSessionItBelongedTo() {
        IssuedTokens first = auth.register("ines", PASSWORD, null);
        IssuedTokens renewed = auth.renew(first.refreshToken());

        auth.endSession(first.refreshToken());

        assertReason(() -> auth.verify(renewed.accessToken()), Reason.REVOKED);
        assertReason(() -> auth.renew(renewed.refreshToken()), Reason.REVOKED);
    }

    @Test
    void endSessionWhenAccessTokenExpiredThenTheSessionStillEnds() {
        IssuedTokens t = auth.register("jon", PASSWORD, null);
        clock.advance(Duration.ofMinutes(16));
        assertReason(() -> auth.verify(t.accessToken()), Reason.EXPIRED);

        auth.endSession(t.refreshToken());

        assertReason(() -> auth.renew(t.refreshToken()), Reason.REVOKED);
        assertThat(auth.sessionOfRefreshToken(t.refreshToken())).isEmpty();
    }

    @Test
    void endSessionWhenMalformedUnknownOrNullThenNothingHappens() {
        IssuedTokens t = auth.register("kai", PASSWORD, null);

        assertThatNoException().isThrownBy(() -> {
            auth.endSession(null);
            auth.endSession("");
            auth.endSession("nope");
            auth.endSession("A".repeat(43));
            auth.endSession(t.refreshToken() + "=");
        });

        assertThat(auth.verify(t.accessToken()).username()).isEqualTo("kai");
        assertThat(auth.renew(t.refreshToken()).accessToken()).isNotBlank();
    }

    @Test
    void endSessionWhenCalledTwiceThenSecondIsHarmless() {
        IssuedTokens t = auth.register("lea", PASSWORD, null);
        auth.endSession(t.refreshToken());
        auth.endSession(t.refreshToken());
        assertReason(() -> auth.verify(t.accessToken()), Reason.REVOKED);
    }

    @Test
    void sessionOfRefreshTokenWhenLiveOrExchangedThenItsSessionOtherwiseEmpty() {
        IssuedTokens first = auth.register("mia", PASSWORD, null);
        String sid = auth.verify(first.accessToken()).sessionId();
        assertThat(auth.sessionOfRefreshToken(first.refreshToken())).contains(sid);

        IssuedTokens renewed = auth.renew(first.refreshToken());
        assertThat(auth.sessionOfRefreshToken(first.refreshToken())).contains(sid);
        assertThat(auth.sessionOfRefreshToken(renewed.refreshToken())).contains(sid);

        for (String bad : new String[] {null, "", "nope", "A".repeat(43), renewed.refreshToken() + "x"}) {
            assertThat(auth.sessionOfRefreshToken(bad)).as(String.valueOf(bad)).isEmpty();
        }
        auth.endSession(renewed.refreshToken());
        assertThat(auth.sessionOfRefreshToken(first.refreshToken())).isEmpty();
        assertThat(auth.sessionOfRefreshToken(renewed.refreshToken())).isEmpty();
    }

    @Test
    void sessionOfRefreshTokenWhenSessionRevokedByReuseOrDisabledAccountOrExpiredThenEmpty() {
        IssuedTokens replayed = auth.register("noor", PASSWORD, null);
        auth.refresh(replayed.refreshToken());
        assertReason(() -> auth.refresh(replayed.refreshToken()), Reason.REUSED);
        assertThat(auth.sessionOfRefreshToken(replayed.refreshToken())).isEmpty();

        IssuedTokens disabled = auth.register("omar", PASSWORD, null);
        auth.setEnabled(disabled.account().userId(), false);
        assertThat(auth.sessionOfRefreshToken(disabled.refreshToken())).isEmpty();

        IssuedTokens expiring = auth.register("pia", PASSWORD, null);
        clock.advance(Duration.ofDays(14));
        assertThat(auth.sessionOfRefreshToken(expiring.refreshToken())).isEmpty();
    }

    static void assertReason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidTokenException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
