package io.github.servletauth.core.internal.store;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.ConfigurationException;
import io.github.servletauth.core.DuplicateUsernameException;
import io.github.servletauth.core.internal.password.Usernames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
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

    /** @return the database's dialect, to apply its scripts by hand */
    abstract Dialect dialect();

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
            assertThat(rs.getInt(1)).isEqualTo(SchemaMigrator.latestVersion());
            assertThat(rs.getInt(2)).isEqualTo(SchemaMigrator.latestVersion());
        }
    }

    @Test
    void openWhenMigrateFalseAndDatabaseEmptyThenConfigurationException() {
        AuthConfig config = config().set("auth.db.migrate", "false").build();

        assertThatThrownBy(() -> stores.open(config))
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.key()).isEqualTo("auth.db.migrate"))
                .hasMessageContaining("expects version " + SchemaMigrator.latestVersion())
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

    @Test
    void openWhenVersion1AccountsThenSkeletonsFilledAndLaterTwinsKeepNone() throws SQLException {
        createSchemaUpTo(1);
        long paypal = insertAccount("paypal");
        long pope = insertAccount("pope");
        long alice = insertAccount("Alice");
        long alphaTwin = insertAccount("p\u0251ypal");
        long cyrillicTwin = insertAccount("\u0440\u043E\u0440\u0435");
        long digitTwin = insertAccount("paypa1");

        AccountStore store = stores.open(config().build());

        Map<Long, String> skeletons = skeletons();
        assertThat(skeletons.get(paypal)).isEqualTo("paypal");
        assertThat(skeletons.get(pope)).isEqualTo("pope");
        assertThat(skeletons.get(alice)).isEqualTo(Usernames.skeleton("alice"));
        assertThat(skeletons).containsEntry(alphaTwin, null).containsEntry(cyrillicTwin, null)
                .containsEntry(digitTwin, null);
        assertThat(version()).isEqualTo(SchemaMigrator.latestVersion());
        assertThat(store.findByUsernameKey("p\u0251ypal")).isPresent();
        assertThatThrownBy(() -> store.create("p\u0251yp\u0251l", "p\u0251yp\u0251l", null, Set.of(), HASH, T0))
                .isInstanceOf(DuplicateUsernameException.class);
        assertThatThrownBy(() -> store.create("\u0440\u043E\u0440\u0435", "\u0440\u043E\u0440\u0435", null,
                Set.of(), HASH, T0)).isInstanceOf(DuplicateUsernameException.class);
        assertThat(store.create("bob", "bob", null, Set.of(), HASH, T0).account().userId())
                .isGreaterThan(digitTwin);
    }

    @Test
    void openWhenMigrateFalseAndVersion2AppliedByHandThenSkeletonsFilledAtStartUp() throws SQLException {
        createSchemaUpTo(1);
        long paypal = insertAccount("paypal");
        long twin = insertAccount("p\u0251ypal");
        createSchemaUpTo(2);

        AccountStore store = stores.open(config().set("auth.db.migrate", "false").build());

        assertThat(skeletons()).containsEntry(paypal, "paypal").containsEntry(twin, null);
        assertThat(store.usernameTaken("p\u0251yp\u0251l", "paypal")).isTrue();
    }

    @Test
    void openWhenEarlierTwinDeletedThenLaterAccountGetsSkeletonAtNextStart() throws SQLException {
        createSchemaUpTo(1);
        long paypal = insertAccount("paypal");
        long twin = insertAccount("p\u0251ypal");
        AccountStore first = stores.open(config().build());
        assertThat(skeletons()).containsEntry(twin, null);

        first.delete(paypal, T0);
        first.close();
        stores.open(config().build());

        assertThat(skeletons()).containsEntry(twin, "paypal");
    }

    @Test
    void openWhenMoreVersion1AccountsThanOneChunkThenEveryOneFilled() throws SQLException {
        createSchemaUpTo(1);
        int accounts = SkeletonBackfill.CHUNK * 2 + 7;
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(INSERT_ACCOUNT)) {
                for (int i = 0; i < accounts; i++) {
                    ps.setString(1, "user" + i);
                    ps.setString(2, "user" + i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }

        stores.open(config().build());

        Map<Long, String> skeletons = skeletons();
        assertThat(skeletons).hasSize(accounts);
        assertThat(skeletons.values()).doesNotContainNull().doesNotHaveDuplicates()
                .contains(Usernames.skeleton("user" + (accounts - 1)));
    }

    @Test
    void openWhenTwoInstancesStartTogetherOnVersion1AccountsThenBothSucceedAndFirstTwinKeepsSkeleton()
            throws Exception {
        createSchemaUpTo(1);
        long paypal = insertAccount("paypal");
        long twin = insertAccount("p\u0251ypal");
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
            a.get(30, TimeUnit.SECONDS);
            b.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertThat(skeletons()).containsEntry(paypal, "paypal").containsEntry(twin, null);
        assertThat(version()).isEqualTo(SchemaMigrator.latestVersion());
    }

    private static final String INSERT_ACCOUNT = "INSERT INTO auth_accounts (username, username_key, roles, "
            + "password_hash, enabled, created_at, updated_at) VALUES (?, ?, 'user', '" + HASH + "', TRUE, 0, 0)";

    /** Applies the scripts by hand, as a DBA does with auth.db.migrate=false. */
    private void createSchemaUpTo(int version) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS auth_schema_version "
                    + "(version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
            for (int v = version() + 1; v <= version; v++) {
                for (String sql : SchemaMigrator.statements(SchemaMigrator.script(dialect(), v))) {
                    s.execute(sql);
                }
                s.executeUpdate("INSERT INTO auth_schema_version (version, applied_at) VALUES (" + v + ", 0)");
            }
        }
    }

    /** Inserts an account as version 1 of the library did: no skeleton. */
    private long insertAccount(String username) throws SQLException {
        String key = Usernames.key(Usernames.canonical(username));
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(INSERT_ACCOUNT)) {
            ps.setString(1, username);
            ps.setString(2, key);
            ps.executeUpdate();
        }
        try (Connection c = connect();
             PreparedStatement ps = c.prepareStatement("SELECT user_id FROM auth_accounts WHERE username_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getLong(1);
            }
        }
    }

    private Map<Long, String> skeletons() throws SQLException {
        Map<Long, String> skeletons = new HashMap<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT user_id, username_skeleton FROM auth_accounts")) {
            while (rs.next()) {
                skeletons.put(rs.getLong(1), rs.getString(2));
            }
        }
        return skeletons;
    }

    private int version() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(version) FROM auth_schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
