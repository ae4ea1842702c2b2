package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** Sustained load on PostgreSQL, spread over two instances sharing the schema. */
class PostgresSustainedLoadIT extends SustainedLoadContract {

    @RegisterExtension
    final PostgresTestDatabase pg = new PostgresTestDatabase();

    @Override
    AuthConfig.Builder config(Path dir, String applicationName) {
        return AuthConfig.builder().set("auth.data-dir", dir.toString()).set("auth.db.url", pg.url(applicationName))
                .set("auth.revocation.poll-interval", "PT0.5S");
    }

    @Override
    int instances() {
        return 2;
    }

    @Override
    Connection connect() throws SQLException {
        return pg.connect();
    }

    @Override
    void assertServerConnectionsAtRest(String applicationName) throws Exception {
        assertThat(pg.busyConnections(applicationName)).as("connections in a query or transaction").isZero();
        assertThat(pg.connections(applicationName)).isLessThanOrEqualTo(POOL_SIZE);
    }
}
