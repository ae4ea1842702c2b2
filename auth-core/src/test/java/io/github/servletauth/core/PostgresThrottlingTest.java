package io.github.servletauth.core;

import io.github.servletauth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ThrottlingContract} on the real PostgreSQL server, in a schema of its own per test. */
class PostgresThrottlingTest extends ThrottlingContract {
    @RegisterExtension
    final PostgresTestDatabase pg = new PostgresTestDatabase();

    private final String secret = AuthConfigTest.SECRET;

    @Override
    AuthConfig.Builder freshDatabase() {
        return sameDatabase();
    }

    @Override
    AuthConfig.Builder sameDatabase() {
        return AuthConfig.builder().set("auth.db.url", pg.jdbcUrl()).set("auth.jwt.secret", secret);
    }
}
