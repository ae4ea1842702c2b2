package io.github.servletauth.core.internal.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/** Counters of consecutive failed logins per throttle key, in the shared database. */
final class LoginFailures {
    private final Transactions tx;

    LoginFailures(Transactions tx) {
        this.tx = tx;
    }

    Optional<Instant> blockedUntil(List<String> keys, Instant now) {
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        return tx.read(c -> {
            String marks = String.join(", ", java.util.Collections.nCopies(keys.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(blocked_until) FROM auth_login_failures "
                    + "WHERE throttle_key IN (" + marks + ")")) {
                for (int i = 0; i < keys.size(); i++) {
                    ps.setString(i + 1, keys.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    long until = rs.next() ? rs.getLong(1) : 0;
                    return until > now.toEpochMilli() ? Optional.of(Instant.ofEpochMilli(until)) : Optional.empty();
                }
            }
        });
    }

    void recordFailure(String key, Instant now, Duration resetAfter, IntFunction<Duration> backoff) {
        long millis = now.toEpochMilli();
        tx.write(c -> {
            // one statement for "first failure" and "one more", so concurrent failures on several instances
            // all count; a count whose last failure is older than resetAfter starts over
            JdbcAccountStore.update(c, "INSERT INTO auth_login_failures (throttle_key, failures, last_failure_at, "
                    + "blocked_until) VALUES (?, 1, ?, 0) ON CONFLICT (throttle_key) DO UPDATE SET failures = "
                    + "CASE WHEN auth_login_failures.last_failure_at < ? THEN 1 "
                    + "ELSE auth_login_failures.failures + 1 END, last_failure_at = excluded.last_failure_at",
                    key, millis, millis - resetAfter.toMillis());
            int failures;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT failures FROM auth_login_failures WHERE throttle_key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    failures = rs.getInt(1);
                }
            }
            JdbcAccountStore.update(c, "UPDATE auth_login_failures SET blocked_until = ? WHERE throttle_key = ?",
                    millis + backoff.apply(failures).toMillis(), key);
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
}
