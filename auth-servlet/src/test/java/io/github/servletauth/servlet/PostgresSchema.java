package io.github.servletauth.servlet;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fresh PostgreSQL schema per test (server from env {@code AUTH_TEST_PG_URL}, default a local {@code test}
 * database), dropped after it. Skipped when the server is unreachable, unless {@code CI=true}: then it fails.
 * Register with {@code @RegisterExtension}. The pattern of auth-core's {@code PostgresTestDatabase}, plus an
 * {@code ApplicationName} per instance so that a test can count exactly its own server connections.
 */
final class PostgresSchema implements BeforeEachCallback, AfterEachCallback {
    private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static final Pattern HOST_PORT = Pattern.compile("^jdbc:postgresql://([^/:?]+)(?::(\\d+))?(/.*)$");

    private final String baseUrl;
    private String schema;

    PostgresSchema() {
        String env = System.getenv("AUTH_TEST_PG_URL");
        this.baseUrl = env == null || env.isBlank() ? DEFAULT_URL : env;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        String name = "rel_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = connect(baseUrl); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + name);
        } catch (SQLException e) {
            String message = "PostgreSQL not reachable (set AUTH_TEST_PG_URL): " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message + "; CI=true, so this is a failure, not a skip", e);
            }
            Assumptions.abort(message);
        }
        schema = name;
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        if (schema != null) {
            try (Connection c = connect(baseUrl); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
            schema = null;
        }
    }

    /** @return the URL of this test's schema, its connections named {@code applicationName} */
    String url(String applicationName) {
        return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema
                + "&ApplicationName=" + applicationName;
    }

    /** @return like {@link #url(String)}, through {@code 127.0.0.1:port} (a {@link TcpProxy}) */
    String urlVia(int port, String applicationName) {
        Matcher m = matcher();
        String path = m.group(3);
        return "jdbc:postgresql://127.0.0.1:" + port + path + (path.contains("?") ? "&" : "?")
                + "currentSchema=" + schema + "&ApplicationName=" + applicationName;
    }

    String host() {
        return matcher().group(1);
    }

    int port() {
        String port = matcher().group(2);
        return port == null ? 5432 : Integer.parseInt(port);
    }

    /** Opens a plain connection (no pool) to this test's schema. */
    Connection connect() throws SQLException {
        return connect(url("servlet-auth-test-observer"));
    }

    /** @return how many server connections carry {@code applicationName}, idle or not */
    int connections(String applicationName) throws SQLException {
        return count(applicationName, "");
    }

    /** @return how many connections named {@code applicationName} are in a query or a transaction right now */
    int busyConnections(String applicationName) throws SQLException {
        return count(applicationName, " AND state <> 'idle'");
    }

    private int count(String applicationName, String condition) throws SQLException {
        try (Connection c = connect(baseUrl); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ?" + condition)) {
            ps.setString(1, applicationName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static Connection connect(String url) throws SQLException {
        DriverManager.setLoginTimeout(3);
        return DriverManager.getConnection(url);
    }

    private Matcher matcher() {
        Matcher m = HOST_PORT.matcher(baseUrl);
        if (!m.matches()) {
            throw new IllegalStateException("AUTH_TEST_PG_URL must look like jdbc:postgresql://host[:port]/db[?...]");
        }
        return m;
    }
}
