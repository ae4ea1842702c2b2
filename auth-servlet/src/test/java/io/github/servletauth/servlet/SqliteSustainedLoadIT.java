package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Sustained load on the embedded default: one instance, one SQLite file. */
class SqliteSustainedLoadIT extends SustainedLoadContract {

    @Override
    AuthConfig.Builder config(Path dir, String applicationName) {
        return AuthConfig.builder().set("auth.data-dir", dir.toString());
    }

    @Override
    int instances() {
        return 1;
    }

    @Override
    Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("accounts.db"));
    }
}
