package io.github.servletauth.core.internal.store;

import io.github.servletauth.core.ConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates or checks the schema at start-up. Scripts ship in the jar under
 * {@code io/github/servletauth/core/schema/<dialect>/V<n>__<name>.sql}; {@code auth_schema_version} records
 * which ones were applied. All pending scripts run in one transaction; on PostgreSQL a transaction-scoped
 * advisory lock makes a second instance starting at the same moment wait and then find nothing to do.
 */
final class SchemaMigrator {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    /** The scripts in order; version n is element n - 1. */
    static final List<String> SCRIPTS = List.of("V1__accounts.sql", "V2__username_skeletons.sql");

    /** An arbitrary constant shared by every instance of the library ("servauth" in ASCII). */
    private static final long ADVISORY_LOCK_KEY = 0x7365727661757468L;

    private final Transactions transactions;

    SchemaMigrator(Transactions transactions) {
        this.transactions = transactions;
    }

    static int latestVersion() {
        return SCRIPTS.size();
    }

    /** Applies every script newer than the database's version. */
    void migrate() {
        Dialect dialect = transactions.dialect();
        transactions.write(c -> {
            lock(c, dialect);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS auth_schema_version "
                        + "(version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
            }
            int current = currentVersion(c);
            refuseNewer(current);
            for (int version = current + 1; version <= latestVersion(); version++) {
                apply(c, dialect, version);
            }
            return null;
        });
    }

    /**
     * Makes a second instance's schema work wait for this transaction's end: on PostgreSQL with a
     * transaction-scoped advisory lock; SQLite write transactions already run one at a time.
     */
    static void lock(Connection c, Dialect dialect) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, ADVISORY_LOCK_KEY);
                lock.execute();
            }
        }
    }

    /** Only checks that the database has exactly the schema version this library expects. */
    void verify() {
        Dialect dialect = transactions.dialect();
        int current = transactions.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(dialect.versionTableExists())) {
                rs.next();
                return rs.getBoolean(1) ? currentVersion(c) : 0;
            }
        });
        refuseNewer(current);
        if (current < latestVersion()) {
            throw new ConfigurationException("auth.db.migrate", "is false but the database schema is at version "
                    + current + " and this library expects version " + latestVersion() + "; set auth.db.migrate=true "
                    + "or apply the scripts from the jar's " + dialect.schemaLocation() + " folder ("
                    + String.join(", ", SCRIPTS.subList(current, latestVersion())) + ")");
        }
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(version) FROM auth_schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void refuseNewer(int current) {
        if (current > latestVersion()) {
            throw new ConfigurationException("auth.db.url", "the database schema is at version " + current
                    + ", newer than version " + latestVersion() + " which this library knows; upgrade the library");
        }
    }

    private static void apply(Connection c, Dialect dialect, int version) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements(script(dialect, version))) {
                s.execute(sql);
            }
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO auth_schema_version (version, applied_at) VALUES (?, ?)")) {
            insert.setInt(1, version);
            insert.setLong(2, Instant.now().toEpochMilli());
            insert.executeUpdate();
        }
        LOG.info("Applied account schema {} ({})", version, SCRIPTS.get(version - 1));
    }

    /** Splits a script on semicolons after dropping comment lines; the scripts contain no other semicolons. */
    static List<String> statements(String script) {
        StringBuilder withoutComments = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                withoutComments.append(line).append('\n');
            }
        }
        List<String> result = new ArrayList<>();
        for (String sql : withoutComments.toString().split(";")) {
            if (!sql.isBlank()) {
                result.add(sql.strip());
            }
        }
        return result;
    }

    /** @return the text of the script that brings the schema to {@code version} */
    static String script(Dialect dialect, int version) {
        return read(dialect.schemaLocation() + SCRIPTS.get(version - 1));
    }

    private static String read(String resource) {
        try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing schema resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
