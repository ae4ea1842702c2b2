package io.github.servletauth.core.internal.store;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.ConfigurationException;
import io.github.servletauth.core.StoreUnavailableException;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Opens the {@link AccountStore} a configuration names: a connection pool (or the container's
 * {@code DataSource}), then the schema migrated (or checked, with {@code auth.db.migrate=false}), then the
 * username skeletons SQL cannot compute filled in.
 *
 * <pre>{@code
 * try (AccountStore store = AccountStores.open(config)) {
 *     store.findByUsernameKey("alice");
 * }
 * }</pre>
 */
public final class AccountStores {
    static final String SQLITE_FILE = "accounts.db";

    private AccountStores() {
    }

    /**
     * Opens the store: on the container's {@code DataSource} if {@code auth.db.jndi-name} is set, otherwise a
     * HikariCP pool over {@code auth.db.url} (by default an SQLite file {@value #SQLITE_FILE} in the data
     * directory); then migrates or checks the schema and gives accounts without a username skeleton theirs.
     *
     * @param config a validated configuration
     * @return the open store; close it to close the pool (never the container's {@code DataSource})
     * @throws StoreUnavailableException if the database cannot be reached
     * @throws ConfigurationException if the schema is missing or outdated with {@code auth.db.migrate=false},
     *         newer than this library, the data directory cannot be created, the JDBC driver is missing, or
     *         {@code auth.db.jndi-name} names no PostgreSQL or SQLite {@code DataSource}
     */
    public static AccountStore open(AuthConfig config) {
        Objects.requireNonNull(config, "config");
        if (config.databaseJndiName().isPresent()) {
            ContainerSource container = ContainerSource.lookup(config.databaseJndiName().get());
            return open(config, container, container.dialect());
        }
        String url = config.databaseUrl().orElseGet(() -> "jdbc:sqlite:" + sqliteFile(config.dataDirectory()));
        Dialect dialect = Dialect.of(url);
        return open(config, HikariSource.open(config, url, dialect), dialect);
    }

    /** Opens the store on a {@code DataSource} someone else owns, as if the container had bound it. */
    static AccountStore open(AuthConfig config, DataSource containerDataSource) {
        ContainerSource container = ContainerSource.of(containerDataSource);
        return open(config, container, container.dialect());
    }

    private static AccountStore open(AuthConfig config, ConnectionSource connections, Dialect dialect) {
        Transactions transactions = new Transactions(connections, dialect);
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
