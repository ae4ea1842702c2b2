package io.github.servletauth.core.internal.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.ConfigurationException;
import io.github.servletauth.core.JndiBindings;
import io.github.servletauth.core.StoreUnavailableException;
import io.github.servletauth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Set;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** {@code auth.db.jndi-name}: the store on a DataSource the container owns, pools and closes. */
class ContainerSourceTest {
    private static final String NAME = "java:comp/env/jdbc/accounts";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @RegisterExtension
    final PostgresTestDatabase pg = new PostgresTestDatabase();
    @RegisterExtension
    final JndiBindings jndi = new JndiBindings();
    @RegisterExtension
    final OpenedStores stores = new OpenedStores();
    @TempDir
    Path dir;

    private AuthConfig config() {
        return AuthConfig.builder().set("auth.db.jndi-name", NAME)
                .set("auth.jwt.secret", PostgresAccountStoreTest.randomSecret()).build();
    }

    @Test
    void openWhenJndiNameBindsPostgresDataSourceThenSchemaMigratedThereAndAccountsStored() throws SQLException {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(pg.jdbcUrl());
        jndi.bind(NAME, dataSource);

        AccountStore store = stores.open(config());
        store.create("Alice", "alice", null, Set.of("user"), "{x}h", T0);

        assertThat(((JdbcAccountStore) store).pool()).isNull();
        try (Connection c = pg.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT username FROM auth_accounts")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("Alice");
        }
    }

    @Test
    void closeWhenStoreOnContainerDataSourceThenDataSourceStaysOpen() throws SQLException {
        HikariConfig containerPool = new HikariConfig();
        containerPool.setJdbcUrl(pg.jdbcUrl());
        containerPool.setMaximumPoolSize(2);
        try (HikariDataSource dataSource = new HikariDataSource(containerPool)) {
            jndi.bind(NAME, dataSource);

            AccountStore store = AccountStores.open(config());
            store.create("Alice", "alice", null, Set.of("user"), "{x}h", T0);
            store.close();

            assertThat(dataSource.isClosed()).isFalse();
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM auth_accounts")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void openWhenJndiNameBindsSqliteDataSourceThenStoreWorksOnThatFile() throws SQLException {
        Path file = dir.resolve("container.db");
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + file
                + "?journal_mode=WAL&busy_timeout=5000&foreign_keys=true&transaction_mode=IMMEDIATE");
        jndi.bind(NAME, dataSource);

        AccountStore store = stores.open(config());
        store.create("Alice", "alice", null, Set.of("user"), "{x}h", T0);

        assertThat(store.findByUsernameKey("alice")).isPresent();
        assertThat(file).isRegularFile();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA foreign_keys")) {
            // the URL's parameters reach the driver: the documented way to configure SQLite in a <Resource>
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    /**
     * Tomcat's pool, once exhausted past its maxWaitMillis, throws a plain SQLException without SQLState; that
     * must be the documented 503, not a 500. Mockito: Tomcat's pool is not on this module's class path, and
     * only its way of failing matters.
     */
    @Test
    void callWhenContainerPoolGivesNoConnectionThenStoreUnavailable() throws SQLException {
        PGSimpleDataSource real = new PGSimpleDataSource();
        real.setURL(pg.jdbcUrl());
        DataSource exhaustible = mock(DataSource.class);
        java.util.concurrent.atomic.AtomicBoolean exhausted = new java.util.concurrent.atomic.AtomicBoolean();
        when(exhaustible.getConnection()).thenAnswer(call -> {
            if (exhausted.get()) {
                throw new SQLException("Cannot get a connection, pool error Timeout waiting for idle object",
                        new java.util.NoSuchElementException("Timeout waiting for idle object"));
            }
            return real.getConnection();
        });
        jndi.bind(NAME, exhaustible);
        AccountStore store = stores.open(config());

        exhausted.set(true);

        assertThatThrownBy(() -> store.findByUsernameKey("alice")).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> store.create("Bob", "bob", null, Set.of(), "{x}h", T0))
                .isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void openWhenNothingBoundAtJndiNameThenConfigurationExceptionNamingKey() {
        assertThatThrownBy(() -> AccountStores.open(config()))
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.key()).isEqualTo("auth.db.jndi-name"))
                .hasMessageContaining(NAME);
    }

    @Test
    void openWhenJndiNameBindsSomethingElseThenConfigurationExceptionNamingKey() {
        jndi.bind(NAME, "a string");

        assertThatThrownBy(() -> AccountStores.open(config()))
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.key()).isEqualTo("auth.db.jndi-name"))
                .hasMessageContaining("java.lang.String").hasMessageContaining("javax.sql.DataSource");
    }

    /** Mockito: no database of another product is at hand, and only its metadata matters here. */
    @Test
    void openWhenDataSourceIsNeitherPostgresNorSqliteThenConfigurationExceptionNamingProduct() throws SQLException {
        DataSource other = mock(DataSource.class);
        Connection connection = mock(Connection.class);
        DatabaseMetaData metaData = mock(DatabaseMetaData.class);
        when(other.getConnection()).thenReturn(connection);
        when(connection.getMetaData()).thenReturn(metaData);
        when(metaData.getDatabaseProductName()).thenReturn("MySQL");
        jndi.bind(NAME, other);

        assertThatThrownBy(() -> AccountStores.open(config()))
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.key()).isEqualTo("auth.db.jndi-name"))
                .hasMessageContaining("MySQL");
    }
}
