package io.github.servletauth.core.internal.store;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Attempt counters on the real PostgreSQL server. */
class PostgresAttemptCountersTest extends AttemptCountersContract {
    @RegisterExtension
    final PostgresTestDatabase pg = new PostgresTestDatabase();

    @Override
    AuthConfig.Builder config() {
        return AuthConfig.builder().set("auth.db.url", pg.jdbcUrl())
                .set("auth.jwt.secret", PostgresAccountStoreTest.randomSecret());
    }
}
