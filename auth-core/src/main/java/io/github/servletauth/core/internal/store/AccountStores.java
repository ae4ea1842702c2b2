package io.github.servletauth.core.internal.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.AuthException;
import io.github.servletauth.core.ConfigurationException;
import io.github.servletauth.core.StoreUnavailableException;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Opens the {@link AccountStore} a configuration names: a connection pool, then the schema migrated (or
 * checked, with {@code auth.db.migrate=false}), then the username skeletons SQL cannot compute filled in.
 *
 * <pre>{@code
 * try (AccountStore store = AccountStores.open(config)) {
 *     store.findByUsernameKey("alice");
 * }
 * }</pre>
 */
public final class AccountStores {
    static final String SQLITE_FILE = "accounts.db";

    /** Long enough for a busy writer to finish, short enough that a stuck lock surfaces as unavailable. */
    static final Duration SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(5);

    /** Bounds every PostgreSQL socket read, so that a connection cut without a FIN cannot hang a call. */
    static final Duration POSTGRES_SOCKET_TIMEOUT = Duration.ofSeconds(10);

    private AccountStores() {
    }

    /**
     * Opens the pool (an SQLite file {@value #SQLITE_FILE} in the data directory unless {@code auth.db.url} is
     * set), then migrates or checks the schema and gives accounts without a username skeleton theirs.
     *
     * @param config a validated configuration
     * @return the open store; close it to close the pool
     * @throws StoreUnavailableException if the database cannot be reached
     * @throws ConfigurationException if the schema is missing or outdated with {@code auth.db.migrate=false},
     *         newer than this library, or the data directory cannot be created
     */
    public static AccountStore open(AuthConfig config) {
        Objects.requireNonNull(config, "config");
        String url = config.databaseUrl().orElseGet(() -> "jdbc:sqlite:" + sqliteFile(config.dataDirectory()));
        Dialect dialect = Dialect.of(url);
        JdbcDrivers.acquire(dialect.driverClassName());
        HikariDataSource dataSource;
        try {
            dataSource = pool(config, url, dialect);
        } catch (RuntimeException e) {
            JdbcDrivers.release(dialect.driverClassName());
            throw e;
        }
        Transactions transactions = new Transactions(dataSource, dialect);
        try {
            SchemaMigrator migrator = new SchemaMigrator(transactions);
            if (config.migrateSchema()) {
                migrator.migrate();
            } else {
                migrator.verify();
            }
            new SkeletonBackfill(transactions).run();
            return new JdbcAccountStore(transactions);
        } catch (RuntimeException e) {
            transactions.close();
            throw e;
        }
    }

    private static HikariDataSource pool(AuthConfig config, String url, Dialect dialect) {
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
            hikari.addDataSourceProperty("journal_mode", "WAL");
            hikari.addDataSourceProperty("synchronous", "NORMAL");
            hikari.addDataSourceProperty("foreign_keys", "true");
            hikari.addDataSourceProperty("busy_timeout", String.valueOf(SQLITE_BUSY_TIMEOUT.toMillis()));
            hikari.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        }
        try {
            return new HikariDataSource(hikari);
        } catch (HikariPool.PoolInitializationException e) {
            throw e.getCause() instanceof SQLException sql ? unavailable(sql) : new StoreUnavailableException(e);
        }
    }

    private static AuthException unavailable(SQLException e) {
        AuthException translated = SqlErrors.translate(e);
        // at start-up any failure to connect (bad host, refused, wrong credentials) means "cannot reach"
        return translated instanceof StoreUnavailableException ? translated : new StoreUnavailableException(e);
    }

    private static Path sqliteFile(Path dataDirectory) {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            if (!Files.isDirectory(dataDirectory)) {
                Files.createDirectories(dataDirectory, posix
                        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rwx------"))}
                        : new FileAttribute<?>[0]);
            }
            Path file = dataDirectory.resolve(SQLITE_FILE);
            if (posix && !Files.exists(file)) {
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
                } catch (FileAlreadyExistsException raceLost) {
                    // another instance created it a moment ago: fine
                }
            }
            return file;
        } catch (IOException e) {
            throw new ConfigurationException("auth.data-dir", "cannot create the database file in "
                    + dataDirectory, e);
        }
    }
}
