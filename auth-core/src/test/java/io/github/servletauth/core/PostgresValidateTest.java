package io.github.servletauth.core;

import io.github.servletauth.testing.PostgresTestDatabase;
import io.github.servletauth.testing.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;

import static io.github.servletauth.core.AuthServiceContract.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link AuthService#validate} confirms the token's account in the database, as the original validate endpoint
 * did, while {@link AuthService#verify} stays local; on the real PostgreSQL server, reached through a proxy the
 * test can cut.
 */
class PostgresValidateTest {
    @RegisterExtension
    final PostgresTestDatabase pg = new PostgresTestDatabase();

    @TempDir
    Path otherDatabase;

    private final AuthServiceContract.MovableClock clock = new AuthServiceContract.MovableClock();
    private TcpProxy proxy;
    private AuthService auth;

    @BeforeEach
    void start() throws Exception {
        proxy = new TcpProxy(pg.host(), pg.port());
        auth = AuthService.create(AuthConfig.builder().set("auth.db.url", pg.jdbcUrlVia("127.0.0.1", proxy.port()))
                .set("auth.jwt.secret", AuthConfigTest.SECRET).clock(clock).build());
    }

    @AfterEach
    void stop() throws Exception {
        auth.close();
        proxy.close();
    }

    @Test
    void validateWhenTokenOfAnAccountThatDoesNotExistThenInactiveAccount() {
        // same secret, issuer and audience, another database: a correctly signed token for no account of ours
        try (AuthService elsewhere = AuthService.create(AuthConfig.builder()
                .set("auth.data-dir", otherDatabase.toString()).set("auth.jwt.secret", AuthConfigTest.SECRET)
                .clock(clock).build())) {
            String ghost = elsewhere.register("ghost", PASSWORD, null).accessToken();
            assertThatThrownBy(() -> auth.validate(ghost)).isInstanceOfSatisfying(InvalidTokenException.class,
                    e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.INACTIVE_ACCOUNT));
            assertThat(auth.verify(ghost).username()).isEqualTo("ghost"); // verify stays local
        }
    }

    @Test
    void validateWhenAccountDisabledBehindTheServicesBackThenRefusedWithinThePollInterval() throws Exception {
        IssuedTokens t = auth.register("alice", PASSWORD, null);
        assertThat(auth.validate(t.accessToken()).userId()).isEqualTo(t.account().userId());
        try (Connection c = pg.connect();
             PreparedStatement ps = c.prepareStatement("UPDATE auth_accounts SET enabled = false WHERE user_id = ?")) {
            ps.setLong(1, t.account().userId());
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        // remembered as confirmed for at most auth.revocation.poll-interval (5 s), like another instance's revocation
        assertThatNoException().isThrownBy(() -> auth.validate(t.accessToken()));
        clock.advance(Duration.ofSeconds(6));
        assertThatThrownBy(() -> auth.validate(t.accessToken())).isInstanceOfSatisfying(InvalidTokenException.class,
                e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.INACTIVE_ACCOUNT));
    }

    @Test
    void validateWhenAccountDisabledOrDeletedHereThenRefusedAtOnce() {
        IssuedTokens a = auth.register("bob", PASSWORD, null);
        IssuedTokens b = auth.register("carol", PASSWORD, null);
        auth.validate(a.accessToken());
        auth.validate(b.accessToken());
        auth.setEnabled(a.account().userId(), false);
        auth.deleteAccount(b.account().userId());
        assertThatThrownBy(() -> auth.validate(a.accessToken())).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> auth.validate(b.accessToken())).isInstanceOf(InvalidTokenException.class);
        // enabled again: its old sessions stay revoked, a new login validates
        auth.setEnabled(a.account().userId(), true);
        assertThat(auth.validate(auth.login("bob", PASSWORD).accessToken()).username()).isEqualTo("bob");
    }

    @Test
    void validateWhenDatabaseCutThenConfirmedAccountsStillValidOthersUnavailable() {
        IssuedTokens confirmed = auth.register("dave", PASSWORD, null);
        IssuedTokens unconfirmed = auth.register("erin", PASSWORD, null);
        auth.validate(confirmed.accessToken());
        proxy.cut();
        clock.advance(Duration.ofSeconds(30));
        assertThat(auth.validate(confirmed.accessToken()).username()).isEqualTo("dave");
        assertThatThrownBy(() -> auth.validate(unconfirmed.accessToken()))
                .isInstanceOf(StoreUnavailableException.class);
        proxy.restore();
        assertThat(auth.validate(unconfirmed.accessToken()).username()).isEqualTo("erin");
    }
}
