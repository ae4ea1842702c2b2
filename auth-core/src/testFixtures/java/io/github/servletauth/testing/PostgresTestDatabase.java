package io.github.servletauth.testing;

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
 * A fresh PostgreSQL schema for every test: {@code t_<random>}, created before and dropped (with everything in
 * it) after, so that runs in parallel or later never see each other's rows. Register it with
 * {@code @RegisterExtension}; tests connect with {@link #jdbcUrl()}, or with {@link #url(String)} to name
 * their connections so that they can count them ({@link #connections(String)}).
 *
 * <p>The server comes from env {@code AUTH_TEST_PG_URL} (default
 * {@value #DEFAULT_URL}). When it cannot be reached the test is skipped with a message on a developer
 * machine, but fails when env {@code CI=true}, so that a CI run cannot pass by silently testing nothing.
 */
public final class PostgresTestDatabase implements BeforeEachCallback, AfterEachCallback {
    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static final Pattern HOST_PORT = Pattern.compile("^jdbc:postgresql://([^/:?]+)(?::(\\d+))?(/.*)$");

    private final String baseUrl;
    private String schema;

    public PostgresTestDatabase() {
        String env = System.getenv("AUTH_TEST_PG_URL");
        this.baseUrl = env == null || env.isBlank() ? DEFAULT_URL : env;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = connect(baseUrl); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + name);
        } catch (SQLException e) {
            String message = "PostgreSQL not reachable at " + withoutQuery(baseUrl) + " (set AUTH_TEST_PG_URL): "
                    + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message + "; CI=true, so this is a failure, not a skip", e);
            }
            Assumptions.abort(message);
        }
        this.schema = name;
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

    /** @return the URL of this test's schema */
    public String jdbcUrl() {
        return withParameter(baseUrl, "currentSchema=" + requireSchema());
    }

    /** @return {@link #jdbcUrl()} with the host and port replaced, e.g. to go through a proxy */
    public String jdbcUrlVia(String host, int port) {
        Matcher m = matcher();
        return withParameter("jdbc:postgresql://" + host + ":" + port + m.group(3), "currentSchema=" + requireSchema());
    }

    /** @return the server's host */
    public String host() {
        return matcher().group(1);
    }

    /** @return the server's port */
    public int port() {
        String port = matcher().group(2);
        return port == null ? 5432 : Integer.parseInt(port);
    }

    /** @return the schema this test runs in */
    public String schema() {
        return requireSchema();
    }

    /** Opens a plain connection (no pool) to this test's schema. */
    public Connection connect() throws SQLException {
        return connect(jdbcUrl());
    }

    /** @return the URL of this test's schema, its connections named {@code applicationName} */
    public String url(String applicationName) {
        return withParameter(jdbcUrl(), "ApplicationName=" + applicationName);
    }

    /** @return like {@link #url(String)}, through {@code 127.0.0.1:port} (a {@link TcpProxy}) */
    public String urlVia(int port, String applicationName) {
        return withParameter(jdbcUrlVia("127.0.0.1", port), "ApplicationName=" + applicationName);
    }

    /** @return how many server connections carry {@code applicationName}, idle or not */
    public int connections(String applicationName) throws SQLException {
        return count(applicationName, "");
    }

    /** @return how many connections named {@code applicationName} are in a query or a transaction right now */
    public int busyConnections(String applicationName) throws SQLException {
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

    private String requireSchema() {
        if (schema == null) {
            throw new IllegalStateException("no schema: use this extension with @RegisterExtension");
        }
        return schema;
    }

    private static String withParameter(String url, String parameter) {
        return url + (url.contains("?") ? "&" : "?") + parameter;
    }

    private static String withoutQuery(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }
}
