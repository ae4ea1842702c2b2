package io.github.servletauth.core.internal.store;

import io.github.servletauth.core.AuthConfig;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Schema migration on a real SQLite file in a fresh directory per test. */
class SqliteSchemaMigrationTest extends SchemaMigrationContract {
    @TempDir
    Path dir;

    @Override
    AuthConfig.Builder config() {
        return AuthConfig.builder().set("auth.data-dir", dir.toString());
    }

    @Override
    Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(AccountStores.SQLITE_FILE));
    }

    @Override
    Dialect dialect() {
        return Dialect.SQLITE;
    }
}
