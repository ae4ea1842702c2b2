package io.github.servletauth.core.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Counters of attempts per throttle key, in the shared database (table {@code auth_login_failures}; its column
 * {@code failures} counts the attempts that still count against the key).
 *
 * <p>An attempt is claimed <em>before</em> the work it guards (a password check), in one transaction that
 * locks each key's row, reads it, and either refuses (a key is still blocked: nothing changes) or counts the
 * attempt and blocks the key for the delay of its new count. Checking first and counting after the password
 * check let concurrent guesses all pass the check before any was counted; claiming under the row lock makes
 * every instance sharing the database take its turn.
 */
final class AttemptCounters {
    /** Inserts the row if missing and locks it either way (a no-op update), returning the current values. */
    private static final String LOCK = "INSERT INTO auth_login_failures (throttle_key, failures, last_failure_at, "
            + "blocked_until) VALUES (?, 0, ?, 0) ON CONFLICT (throttle_key) DO UPDATE SET failures = "
            + "auth_login_failures.failures RETURNING failures, last_failure_at, blocked_until";
    private static final String SET = "UPDATE auth_login_failures SET failures = ?, last_failure_at = ?, "
            + "blocked_until = ? WHERE throttle_key = ?";

    private final Transactions tx;

    AttemptCounters(Transactions tx) {
        this.tx = tx;
    }

    private record Row(int count, long lastAt, long blockedUntil) {
    }

    Optional<Instant> claim(List<ThrottleKey> keys, Instant now) {
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        long millis = now.toEpochMilli();
        // a key already blocked is refused by a plain read: a flood of throttled attempts then costs no write
        // transaction each (the claim below checks again under the lock, so this only ever refuses early)
        long blockedNow = blockedUntil(keys);
        if (blockedNow > millis) {
            return Optional.of(Instant.ofEpochMilli(blockedNow));
        }
        // one lock order for every caller, so that two claims sharing keys cannot deadlock on PostgreSQL
        List<ThrottleKey> ordered = keys.stream().sorted(Comparator.comparing(ThrottleKey::key)).toList();
        return tx.write(c -> {
            Row[] rows = new Row[ordered.size()];
            long blockedUntil = 0;
            for (int i = 0; i < rows.length; i++) {
                rows[i] = lock(c, ordered.get(i).key(), millis);
                blockedUntil = Math.max(blockedUntil, rows[i].blockedUntil());
            }
            if (blockedUntil > millis) {
                return Optional.of(Instant.ofEpochMilli(blockedUntil));
            }
            for (int i = 0; i < rows.length; i++) {
                ThrottleKey key = ordered.get(i);
                int count = (rows[i].lastAt() < millis - key.resetAfter().toMillis() ? 0 : rows[i].count()) + 1;
                long delay = key.delay().apply(count).toMillis();
                // a free attempt blocks nothing: writing "blocked until now" would refuse a concurrent claim whose
                // clock reading is a moment older (taken before it waited for this lock, or on another instance)
                long until = delay == 0 ? rows[i].blockedUntil() : Math.max(rows[i].blockedUntil(), millis + delay);
                JdbcAccountStore.update(c, SET, (long) count, Math.max(millis, rows[i].lastAt()), until, key.key());
            }
            return Optional.<Instant>empty();
        });
    }

    private long blockedUntil(List<ThrottleKey> keys) {
        return tx.read(c -> {
            String marks = String.join(", ", Collections.nCopies(keys.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(blocked_until) FROM auth_login_failures "
                    + "WHERE throttle_key IN (" + marks + ")")) {
                for (int i = 0; i < keys.size(); i++) {
                    ps.setString(i + 1, keys.get(i).key());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    void release(ThrottleKey key) {
        tx.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE auth_login_failures SET failures = failures "
                    + "WHERE throttle_key = ? RETURNING failures, last_failure_at, blocked_until")) {
                ps.setString(1, key.key());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getInt(1) == 0) {
                        return null;
                    }
                    int count = rs.getInt(1) - 1;
                    long lastAt = rs.getLong(2);
                    // the block the key would have had without the released attempt
                    long until = Math.min(rs.getLong(3), lastAt + key.delay().apply(count).toMillis());
                    JdbcAccountStore.update(c, SET, (long) count, lastAt, until, key.key());
                }
            }
            return null;
        });
    }

    void clear(String key) {
        tx.write(c -> JdbcAccountStore.update(c, "DELETE FROM auth_login_failures WHERE throttle_key = ?", key));
    }

    int purge(Instant olderThan) {
        long millis = olderThan.toEpochMilli();
        return tx.write(c -> JdbcAccountStore.update(c, "DELETE FROM auth_login_failures WHERE last_failure_at < ? "
                + "AND blocked_until < ?", millis, millis));
    }

    private static Row lock(Connection c, String key, long millis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LOCK)) {
            ps.setString(1, key);
            ps.setLong(2, millis);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Row(rs.getInt(1), rs.getLong(2), rs.getLong(3));
            }
        }
    }
}
