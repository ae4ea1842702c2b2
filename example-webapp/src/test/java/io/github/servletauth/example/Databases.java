package io.github.servletauth.example;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/** The configurations the WAR is deployed with, as the environment variables an operator would set. */
final class Databases {

    static final String PG_URL = System.getenv().getOrDefault("AUTH_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private Databases() {
    }

    /** The embedded default: only a data directory (the secret is generated there). */
    static Map<String, String> sqlite(Path dataDir) {
        return Map.of("AUTH_DATA_DIR", dataDir.toString());
    }

    /**
     * Creates a fresh schema in the test PostgreSQL and returns the variables pointing the WAR at it, with a
     * random secret. Skips the test when PostgreSQL is unreachable, unless {@code CI=true}: then it fails.
     */
    static Map<String, String> postgres(String schema) {
        try (Connection c = DriverManager.getConnection(PG_URL); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("PostgreSQL at AUTH_TEST_PG_URL unreachable and CI=true: " + e.getMessage(), e);
            }
            Assumptions.abort("PostgreSQL unreachable at AUTH_TEST_PG_URL (" + e.getMessage() + "); skipped");
        }
        byte[] secret = new byte[48];
        new SecureRandom().nextBytes(secret);
        String url = PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return Map.of("AUTH_DB_URL", url,
                "AUTH_JWT_SECRET", "base64:" + Base64.getEncoder().encodeToString(secret));
    }

    static void dropSchema(String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(PG_URL); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** A schema name that no other run uses. */
    static String freshSchema(String prefix) {
        return (prefix + "_" + Long.toHexString(new SecureRandom().nextLong() & Long.MAX_VALUE)).toLowerCase(Locale.ROOT);
    }
}
