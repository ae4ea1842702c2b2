package io.github.servletauth.servlet;

import io.github.servletauth.servlet.testing.TestKeys;
import io.github.servletauth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.util.Map;

/** Restarts of an instance on PostgreSQL, with a configured secret. */
class PostgresRestartIT extends RestartContract {

    @RegisterExtension
    final PostgresTestDatabase pg = new PostgresTestDatabase();

    private final String secret = TestKeys.secret(TestKeys.randomBytes());

    @Override
    Map<String, String> config() {
        return Map.of("auth.data-dir", dir.toString(), "auth.db.url", pg.url("servlet-auth-restart"));
    }

    @Override
    Map<String, String> environment() {
        return Map.of("AUTH_JWT_SECRET", secret);
    }

    @Override
    Connection connect() throws Exception {
        return pg.connect();
    }
}
