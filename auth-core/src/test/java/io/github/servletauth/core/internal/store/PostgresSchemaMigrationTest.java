package io.github.servletauth.core.internal.store;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.SQLException;

/** Schema migration on a real PostgreSQL server, in a fresh schema per test. */
class PostgresSchemaMigrationTest extends SchemaMigrationContract {
    @RegisterExtension
    final PostgresTestDatabase pg = new PostgresTestDatabase();

    @Override
    AuthConfig.Builder config() {
        return AuthConfig.builder().set("auth.db.url", pg.jdbcUrl())
                .set("auth.jwt.secret", PostgresAccountStoreTest.randomSecret());
    }

    @Override
    Connection connect() throws SQLException {
        return pg.connect();
    }

    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
