package io.github.servletauth.core.internal.store;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Schema creation and checking at start-up, run against each database by a subclass that says how to reach a
 * fresh, empty one.
 */
abstract class SchemaMigrationContract {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final String HASH = "{pbkdf2}first";

    @RegisterExtension
    final OpenedStores stores = new OpenedStores();

    /** @return a configuration pointing at this test's own, initially empty, database */
    abstract AuthConfig.Builder config();

    /** @return a plain connection to this test's database, bypassing the store */
    abstract Connection connect() throws SQLException;

    @Test
    void openTwiceThenSchemaKeptAndDataIntact() throws SQLException {
        long id = stores.open(config().build()).create("Alice", "alice", null, Set.of(), HASH, T0)
                .account().userId();

        AccountStore second = stores.open(config().build());
        AccountStore checkOnly = stores.open(config().set("auth.db.migrate", "false").build());

        assertThat(second.findById(id)).isPresent();
        assertThat(checkOnly.findByUsernameKey("alice")).isPresent();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), MAX(version) FROM auth_schema_version")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.getInt(2)).isEqualTo(SchemaMigrator.latestVersion());
        }
    }

    @Test
    void openWhenMigrateFalseAndDatabaseEmptyThenConfigurationException() {
        AuthConfig config = config().set("auth.db.migrate", "false").build();

        assertThatThrownBy(() -> stores.open(config))
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.key()).isEqualTo("auth.db.migrate"))
                .hasMessageContaining("version 1")
                .hasMessageContaining("io/github/servletauth/core/schema/");
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT COUNT(*) FROM auth_accounts"))
                    .isInstanceOf(SQLException.class);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void openWhenSchemaNewerThanLibraryThenConfigurationException() throws SQLException {
        stores.open(config().build()).close();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO auth_schema_version (version, applied_at) VALUES (99, 0)");
        }

        assertThatThrownBy(() -> stores.open(config().build())).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("99");
        assertThatThrownBy(() -> stores.open(config().set("auth.db.migrate", "false").build()))
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void openWhenTwoInstancesStartTogetherOnEmptyDatabaseThenBothSucceed() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<AccountStore> opening = () -> {
                start.await();
                return stores.open(config().build());
            };
            Future<AccountStore> a = pool.submit(opening);
            Future<AccountStore> b = pool.submit(opening);
            start.countDown();
            AccountStore first = a.get(30, TimeUnit.SECONDS);
            AccountStore second = b.get(30, TimeUnit.SECONDS);

            long id = first.create("Alice", "alice", null, Set.of(), HASH, T0).account().userId();
            assertThat(second.findById(id)).isPresent();
        } finally {
            pool.shutdownNow();
        }
    }
}
