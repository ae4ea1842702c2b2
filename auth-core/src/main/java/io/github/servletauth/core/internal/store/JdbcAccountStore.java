package io.github.servletauth.core.internal.store;

import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.servletauth.core.Account;
import io.github.servletauth.core.AccountNotFoundException;
import io.github.servletauth.core.DuplicateUsernameException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The {@link AccountStore} for PostgreSQL and SQLite: the same SQL for both, with the few differences in
 * {@link Dialect}. Times are stored as epoch milliseconds; roles as one space-separated column (role names
 * cannot contain spaces). Session and refresh-token work is in {@link RefreshTokenFamilies}.
 */
final class JdbcAccountStore implements AccountStore {
    static final String ACCOUNT_COLUMNS = "user_id, username, email, roles, enabled, created_at, updated_at, "
            + "last_login_at, password_hash";

    private final Transactions tx;
    private final RefreshTokenFamilies families;
    private final AttemptCounters attempts;
    private PostgresRevocationListener revocationListener;

    JdbcAccountStore(Transactions tx) {
        this.tx = tx;
        this.families = new RefreshTokenFamilies(tx);
        this.attempts = new AttemptCounters(tx);
    }

    @Override
    public StoredAccount create(String username, String usernameKey, String usernameSkeleton, String email,
                                Set<String> roles, String passwordHash, Instant now, FirstSession firstSession) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(usernameKey, "usernameKey");
        Objects.requireNonNull(usernameSkeleton, "usernameSkeleton");
        Objects.requireNonNull(passwordHash, "passwordHash");
        long millis = now.toEpochMilli();
        long userId = tx.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO auth_accounts (username, username_key, "
                    + "username_skeleton, email, roles, password_hash, enabled, created_at, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, username);
                ps.setString(2, usernameKey);
                ps.setString(3, usernameSkeleton);
                if (email == null) {
                    ps.setNull(4, Types.VARCHAR);
                } else {
                    ps.setString(4, email);
                }
                ps.setString(5, joinRoles(roles));
                ps.setString(6, passwordHash);
                ps.setBoolean(7, true);
                ps.setLong(8, millis);
                ps.setLong(9, millis);
                ps.executeUpdate();
                long id;
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    // the first column: SQLite's last_insert_rowid(), PostgreSQL's RETURNING * starts with user_id
                    id = keys.getLong(1);
                }
                if (firstSession != null) {
                    RefreshTokenFamilies.insertSession(c, firstSession.sessionId(), id,
                            firstSession.refreshTokenHash(), now, firstSession.refreshExpiresAt());
                }
                return id;
            } catch (SQLException e) {
                // the key's index or the skeleton's: either way the name is taken, and which one stays unsaid
                if (SqlErrors.isUniqueViolation(e)) {
                    throw new DuplicateUsernameException();
                }
                throw e;
            }
        });
        Instant created = Instant.ofEpochMilli(millis);
        return new StoredAccount(new Account(userId, username, email, roles, true, created, created, null),
                passwordHash);
    }

    @Override
    public Optional<StoredAccount> findById(long userId) {
        return tx.read(c -> findById(c, userId, ""));
    }

    /** Reads an account inside a caller's transaction; {@code lock} is "" or {@link Dialect#lockRow()}. */
    static Optional<StoredAccount> findById(Connection c, long userId, String lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + ACCOUNT_COLUMNS + " FROM auth_accounts WHERE user_id = ?" + lock)) {
            ps.setLong(1, userId);
            return readAccount(ps);
        }
    }

    @Override
    public Optional<StoredAccount> findByUsernameKey(String usernameKey) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + ACCOUNT_COLUMNS + " FROM auth_accounts WHERE username_key = ?")) {
                ps.setString(1, usernameKey);
                return readAccount(ps);
            }
        });
    }

    private static Optional<StoredAccount> readAccount(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            long lastLogin = rs.getLong(8);
            Instant lastLoginAt = rs.wasNull() ? null : Instant.ofEpochMilli(lastLogin);
            Account account = new Account(rs.getLong(1), rs.getString(2), rs.getString(3), splitRoles(rs.getString(4)),
                    rs.getBoolean(5), Instant.ofEpochMilli(rs.getLong(6)), Instant.ofEpochMilli(rs.getLong(7)),
                    lastLoginAt);
            return Optional.of(new StoredAccount(account, rs.getString(9)));
        }
    }

    @Override
    public boolean usernameTaken(String usernameKey, String usernameSkeleton) {
        Objects.requireNonNull(usernameKey, "usernameKey");
        Objects.requireNonNull(usernameSkeleton, "usernameSkeleton");
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM auth_accounts "
                    + "WHERE username_key = ? OR username_skeleton = ? LIMIT 1")) {
                ps.setString(1, usernameKey);
                ps.setString(2, usernameSkeleton);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public void recordLogin(long userId, Instant at) {
        tx.write(c -> update(c, "UPDATE auth_accounts SET last_login_at = ? WHERE user_id = ?",
                at.toEpochMilli(), userId));
    }

    @Override
    public boolean upgradeHash(long userId, String expectedHash, String newHash) {
        return tx.write(c -> update(c, "UPDATE auth_accounts SET password_hash = ? WHERE user_id = ? "
                + "AND password_hash = ?", newHash, userId, expectedHash)) == 1;
    }

    @Override
    public Optional<List<String>> changePassword(long userId, String expectedHash, String newHash, Instant now) {
        return tx.write(c -> {
            int changed = update(c, "UPDATE auth_accounts SET password_hash = ?, updated_at = ? "
                    + "WHERE user_id = ? AND password_hash = ?", newHash, now.toEpochMilli(), userId, expectedHash);
            if (changed == 0) {
                requireAccount(c, userId);
                return Optional.empty();
            }
            return Optional.of(RefreshTokenFamilies.revokeAll(c, tx.dialect(), userId, now));
        });
    }

    @Override
    public List<String> setEnabled(long userId, boolean enabled, Instant now) {
        return tx.write(c -> {
            if (update(c, "UPDATE auth_accounts SET enabled = ?, updated_at = ? WHERE user_id = ?",
                    enabled, now.toEpochMilli(), userId) == 0) {
                throw new AccountNotFoundException(userId);
            }
            return enabled ? List.of() : RefreshTokenFamilies.revokeAll(c, tx.dialect(), userId, now);
        });
    }

    @Override
    public void setRoles(long userId, Set<String> roles, Instant now) {
        int changed = tx.write(c -> update(c, "UPDATE auth_accounts SET roles = ?, updated_at = ? WHERE user_id = ?",
                joinRoles(roles), now.toEpochMilli(), userId));
        if (changed == 0) {
            throw new AccountNotFoundException(userId);
        }
    }

    @Override
    public List<String> delete(long userId, Instant now) {
        return tx.write(c -> {
            if (update(c, "DELETE FROM auth_accounts WHERE user_id = ?", userId) == 0) {
                throw new AccountNotFoundException(userId);
            }
            return RefreshTokenFamilies.revokeAll(c, tx.dialect(), userId, now);
        });
    }

    @Override
    public boolean openSession(String sessionId, long userId, String expectedHash, String refreshTokenHash,
                               Instant now, Instant refreshExpiresAt) {
        return families.open(sessionId, userId, expectedHash, refreshTokenHash, now, refreshExpiresAt);
    }

    @Override
    public RefreshResult rotate(String presentedHash, String newHash, Instant now, Instant newExpiresAt,
                                long supersededGraceMillis) {
        return families.rotate(presentedHash, newHash, now, newExpiresAt, supersededGraceMillis);
    }

    @Override
    public boolean revokeSession(String sessionId, long userId, Instant now) {
        return families.revoke(sessionId, userId, now);
    }

    @Override
    public Optional<String> sessionOfRefreshToken(String refreshTokenHash, long userId) {
        return families.sessionOf(refreshTokenHash, userId);
    }

    @Override
    public Optional<RefreshTokenSession> findSessionOfRefreshToken(String refreshTokenHash) {
        return families.sessionOf(refreshTokenHash);
    }

    @Override
    public List<RevokedSession> revokedSince(Instant since) {
        return families.revokedSince(since);
    }

    @Override
    public synchronized void listenForRevocations(RevocationListener listener) {
        if (tx.dialect() != Dialect.POSTGRESQL) {
            return;
        }
        if (revocationListener != null) {
            throw new IllegalStateException("already listening");
        }
        revocationListener = new PostgresRevocationListener(tx.connections(), listener);
        revocationListener.start();
    }

    @Override
    public int purge(Instant now, Instant olderThan) {
        return families.purge(now, olderThan) + attempts.purge(olderThan);
    }

    @Override
    public Optional<Instant> claimAttempt(List<ThrottleKey> keys, Instant now) {
        return attempts.claim(keys, now);
    }

    @Override
    public void releaseAttempt(ThrottleKey key) {
        attempts.release(key);
    }

    @Override
    public void clearAttempts(String key) {
        attempts.clear(key);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (revocationListener != null) {
                // before the pool and the driver go: the listener's connection is the driver's
                revocationListener.close();
                revocationListener = null;
            }
        }
        tx.close();
    }

    /** For tests and monitoring: the pool's live counters, or null if the container pools the connections. */
    HikariPoolMXBean pool() {
        return tx.connections() instanceof HikariSource own ? own.counters() : null;
    }

    private static void requireAccount(Connection c, long userId) throws SQLException {
        if (findById(c, userId, "").isEmpty()) {
            throw new AccountNotFoundException(userId);
        }
    }

    /** Runs an update with positional parameters (String, Long, Boolean) and returns the row count. */
    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                Object p = params[i];
                if (p instanceof Long l) {
                    ps.setLong(i + 1, l);
                } else if (p instanceof Boolean b) {
                    ps.setBoolean(i + 1, b);
                } else {
                    ps.setString(i + 1, (String) p);
                }
            }
            return ps.executeUpdate();
        }
    }

    static String joinRoles(Set<String> roles) {
        return String.join(" ", new TreeSet<>(roles));
    }

    static Set<String> splitRoles(String column) {
        return column == null || column.isEmpty() ? Set.of()
                : Arrays.stream(column.split(" ")).collect(Collectors.toUnmodifiableSet());
    }
}
