package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP contract against PostgreSQL ({@code AUTH_TEST_PG_URL}, default a local {@code test} database), in a
 * fresh schema per run. Skipped if the server is unreachable, unless {@code CI=true}: then it fails.
 */
class PostgresHttpApiTest extends HttpApiContract {

    private static final String URL = System.getenv().getOrDefault("AUTH_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static final String SCHEMA = "servlet_http_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    @BeforeAll
    static void checkReachable() {
        try (Connection c = DriverManager.getConnection(URL)) {
            c.isValid(2);
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("PostgreSQL unreachable at AUTH_TEST_PG_URL on CI", e);
            }
            Assumptions.abort("PostgreSQL unreachable: " + e.getMessage());
        }
    }

    @AfterAll
    static void dropSchemas() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select nspname from pg_namespace where nspname like '" + SCHEMA + "%'")) {
                List<String> names = new ArrayList<>();
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
                for (String name : names) {
                    s.execute("drop schema " + name + " cascade");
                }
            }
        }
    }

    @Override
    AuthConfig.Builder config(Path dir) throws SQLException {
        // a schema per test: every test starts with no accounts and no throttling counters
        String schema = (SCHEMA + "_" + SCHEMAS.getAndIncrement()).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
            s.execute("create schema " + schema);
        }
        String url = URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return AuthConfig.builder().set("auth.data-dir", dir.toString()).set("auth.db.url", url);
    }
}
