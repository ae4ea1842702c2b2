package io.github.servletauth.core;

import io.github.servletauth.testing.PostgresTestDatabase;
import io.github.servletauth.testing.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;

import static io.github.servletauth.core.AuthServiceContract.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link BrowserSessionContract} on the real PostgreSQL server, in a schema of its own per test, reached through
 * a proxy so that one test can cut the database off.
 */
class PostgresBrowserSessionTest extends BrowserSessionContract {
    @RegisterExtension
    final PostgresTestDatabase pg = new PostgresTestDatabase();

    private TcpProxy proxy;

    @Override
    AuthConfig.Builder database() {
        if (proxy == null) {
            try {
                proxy = new TcpProxy(pg.host(), pg.port());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return AuthConfig.builder().set("auth.db.url", pg.jdbcUrlVia("127.0.0.1", proxy.port()))
                .set("auth.jwt.secret", AuthConfigTest.SECRET);
    }

    @AfterEach
    @Override
    void stop() {
        try {
            super.stop();
        } finally {
            closeProxy();
        }
    }

    private void closeProxy() {
        if (proxy == null) {
            return;
        }
        try {
            proxy.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void browserCallsWhenDatabaseCutThenStoreUnavailableAndWorkAgainAfterRestore() {
        IssuedTokens t = auth.register("quinn", PASSWORD, null);
        proxy.cut();

        assertThatThrownBy(() -> auth.sessionOfRefreshToken(t.refreshToken()))
                .isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> auth.endSession(t.refreshToken())).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> auth.renew(t.refreshToken())).isInstanceOf(StoreUnavailableException.class);
        assertThat(auth.verify(t.accessToken()).username()).isEqualTo("quinn"); // verify stays local

        proxy.restore();

        assertThat(auth.sessionOfRefreshToken(t.refreshToken())).isPresent();
        auth.endSession(t.refreshToken());
        assertThat(auth.sessionOfRefreshToken(t.refreshToken())).isEmpty();
    }
}
