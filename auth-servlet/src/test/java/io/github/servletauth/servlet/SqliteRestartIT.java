package io.github.servletauth.servlet;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;

/** Restarts of the embedded default: SQLite file and generated secret in the data directory. */
class SqliteRestartIT extends RestartContract {

    @Override
    Map<String, String> config() {
        return Map.of("auth.data-dir", dir.toString());
    }

    @Override
    Map<String, String> environment() {
        return Map.of();
    }

    @Override
    Connection connect() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("accounts.db"));
    }

    @Test
    void serverTerminatedMidLoadThenNothingAcknowledgedLost() throws Exception {
        restartMidLoad(false);
    }
}
