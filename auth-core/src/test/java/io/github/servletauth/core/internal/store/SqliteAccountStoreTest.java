package io.github.servletauth.core.internal.store;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.StoreUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The store contract on a real SQLite file, plus what only SQLite has: the file, its lock. */
class SqliteAccountStoreTest extends AccountStoreContract {
    @TempDir
    Path dir;

    @Override
    AuthConfig.Builder config() {
        return AuthConfig.builder().set("auth.data-dir", dir.resolve("data").toString());
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data").resolve(AccountStores.SQLITE_FILE));
    }

    @Test
    void openWhenNoUrlThenOwnerOnlyDataDirectoryWithDatabaseFile() throws Exception {
        store();

        Path data = dir.resolve("data");
        assertThat(data.resolve("accounts.db")).isRegularFile();
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("accounts.db"))))
                .isEqualTo("rw-------");
    }

    @Test
    void openWhenSqliteUrlGivenThenUsesThatFile() {
        Path file = dir.resolve("elsewhere.db");
        AccountStore other = stores.open(AuthConfig.builder().set("auth.db.url", "jdbc:sqlite:" + file).build());

        other.create("Alice", "alice", null, Set.of(), HASH, T0);

        assertThat(file).isRegularFile();
        assertThat(store().findByUsernameKey("alice")).isEmpty();
    }

    @Test
    void openWhenAnotherInstanceHoldsTheWriteLockThenWaitsForItInsteadOfFailing() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        try (Connection locker = connect(); Statement s = locker.createStatement()) {
            // a file not yet in WAL mode (as another instance starting on it a moment earlier has just made it),
            // locked for writing: the switch to WAL must wait for the lock, not fail at once
            s.execute("CREATE TABLE starting (x INTEGER)");
            s.execute("BEGIN IMMEDIATE");
            Thread release = new Thread(() -> {
                try {
                    Thread.sleep(500);
                    s.execute("ROLLBACK");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            release.start();
            AccountStore second = stores.open(config().build());
            release.join();
            assertThat(second.findByUsernameKey("alice")).isEmpty();
        }
        try (Connection c = connect(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void writeWhenLockHeldPastBusyTimeoutThenStoreUnavailableAndRecoversAfterwards() throws Exception {
        long id = create("alice").account().userId();
        try (Connection locker = connect(); Statement s = locker.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");

            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                assertThatThrownBy(() -> store().setRoles(id, Set.of("admin"), T0))
                        .isInstanceOf(StoreUnavailableException.class);
                assertThatThrownBy(() -> create("bob")).isInstanceOf(StoreUnavailableException.class);
            });
            // WAL: readers are not blocked by a writer
            assertThat(store().findById(id)).isPresent();

            s.execute("ROLLBACK");
        }

        store().setRoles(id, Set.of("admin"), T0);
        assertThat(store().findById(id).orElseThrow().account().roles()).containsExactly("admin");
        assertThat(((JdbcAccountStore) store()).pool().getActiveConnections()).isZero();
    }
}
