package io.github.servletauth.core.internal.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;
import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.AuthException;
import io.github.servletauth.core.StoreUnavailableException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/** The store's own HikariCP pool over {@code auth.db.url}, with the driver registered for as long as it lives. */
final class HikariSource implements ConnectionSource {
    /** Long enough for a busy writer to finish, short enough that a stuck lock surfaces as unavailable. */
    static final Duration SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(5);

    /** Bounds every PostgreSQL socket read, so that a connection cut without a FIN cannot hang a call. */
    static final Duration POSTGRES_SOCKET_TIMEOUT = Duration.ofSeconds(10);

    /** SQLite's primary result code for "the database file is locked". */
    private static final int SQLITE_BUSY = 5;

    private final HikariDataSource pool;
    private final Dialect dialect;
    private final String url;
    /** The pool's driver properties and credentials, for {@link #heldConnection()}. */
    private final Properties driverProperties;

    private HikariSource(HikariDataSource pool, Dialect dialect, String url, Properties driverProperties) {
        this.pool = pool;
        this.dialect = dialect;
        this.url = url;
        this.driverProperties = driverProperties;
    }

    /**
     * Registers the dialect's driver and opens the pool.
     *
     * @throws StoreUnavailableException if the database cannot be reached
     */
    static HikariSource open(AuthConfig config, String url, Dialect dialect) {
        JdbcDrivers.acquire(dialect);
        try {
            HikariConfig settings = settings(config, url, dialect);
            Properties driverProperties = new Properties();
            driverProperties.putAll(settings.getDataSourceProperties());
            config.databaseUsername().ifPresent(u -> driverProperties.setProperty("user", u));
            config.databasePassword().ifPresent(p -> driverProperties.setProperty("password", p));
            return new HikariSource(pool(settings, config, dialect), dialect, url, driverProperties);
        } catch (RuntimeException e) {
            JdbcDrivers.release(dialect.driverClassName());
            throw e;
        }
    }

    private static HikariConfig settings(AuthConfig config, String url, Dialect dialect) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("servlet-auth-" + dialect.name().toLowerCase(Locale.ROOT));
        hikari.setJdbcUrl(url);
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(Math.min(2, config.poolSize()));
        long connectMillis = config.connectTimeout().toMillis();
        hikari.setConnectionTimeout(connectMillis);
        hikari.setValidationTimeout(Math.min(connectMillis, Duration.ofSeconds(5).toMillis()));
        if (dialect == Dialect.POSTGRESQL) {
            config.databaseUsername().ifPresent(hikari::setUsername);
            config.databasePassword().ifPresent(hikari::setPassword);
            long connectSeconds = Math.max(1, config.connectTimeout().toSeconds());
            // URL parameters override these, so an operator can still tune them
            hikari.addDataSourceProperty("connectTimeout", String.valueOf(connectSeconds));
            hikari.addDataSourceProperty("loginTimeout", String.valueOf(connectSeconds));
            hikari.addDataSourceProperty("socketTimeout", String.valueOf(POSTGRES_SOCKET_TIMEOUT.toSeconds()));
            hikari.addDataSourceProperty("tcpKeepAlive", "true");
            hikari.addDataSourceProperty("ApplicationName", "servlet-auth");
        } else {
            // no journal_mode here: see enableWal
            hikari.addDataSourceProperty("synchronous", "NORMAL");
            hikari.addDataSourceProperty("foreign_keys", "true");
            hikari.addDataSourceProperty("busy_timeout", String.valueOf(SQLITE_BUSY_TIMEOUT.toMillis()));
            hikari.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        }
        return hikari;
    }

    private static HikariDataSource pool(HikariConfig hikari, AuthConfig config, Dialect dialect) {
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (HikariPool.PoolInitializationException e) {
            throw e.getCause() instanceof SQLException sql ? unavailable(sql) : new StoreUnavailableException(e);
        }
        if (dialect == Dialect.SQLITE) {
            try {
                enableWal(pool, config.connectTimeout());
            } catch (RuntimeException e) {
                pool.close();
                throw e;
            }
        }
        return pool;
    }

    /**
     * Puts the SQLite file in WAL mode (kept in the file: once is enough for every connection). The switch needs
     * the file to itself for a moment, and SQLite answers SQLITE_BUSY at once, without its busy handler, while
     * another connection holds the write lock, as another instance starting on the same file does; so it is
     * retried here, within the connect timeout.
     */
    private static void enableWal(HikariDataSource pool, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                return;
            } catch (SQLException e) {
                boolean busy = (e.getErrorCode() & 0xff) == SQLITE_BUSY;
                if (!busy || System.nanoTime() > deadline) {
                    throw unavailable(e);
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreUnavailableException(e);
            }
        }
    }

    private static AuthException unavailable(SQLException e) {
        AuthException translated = SqlErrors.translate(e);
        // at start-up any failure to connect (bad host, refused, wrong credentials) means "cannot reach"
        return translated instanceof StoreUnavailableException ? translated : new StoreUnavailableException(e);
    }

    /** @return the pool's live counters (for tests and monitoring) */
    HikariPoolMXBean counters() {
        return pool.getHikariPoolMXBean();
    }

    @Override
    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** One connection outside the pool, with the pool's settings, so that holding it takes nothing from the pool. */
    @Override
    public Connection heldConnection() throws SQLException {
        Connection c = DriverManager.getDriver(url).connect(url, driverProperties);
        if (c == null) {
            throw new SQLException("the JDBC driver does not accept the URL of auth.db.url");
        }
        return c;
    }

    @Override
    public void evictIdle() {
        HikariPoolMXBean counters = pool.getHikariPoolMXBean();
        if (counters != null) {
            // HikariCP evicts the connection that failed; one of its idle siblings used within the last 500 ms
            // would be handed out again without validation
            counters.softEvictConnections();
        }
    }

    @Override
    public void close() {
        pool.close();
        JdbcDrivers.release(dialect.driverClassName());
    }
}
