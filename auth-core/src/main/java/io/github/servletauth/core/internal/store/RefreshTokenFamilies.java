package io.github.servletauth.core.internal.store;

import io.github.servletauth.core.InvalidTokenException.Reason;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sessions and their refresh tokens. A session is one refresh-token family: each rotation marks the presented
 * token used and adds its successor to the same session, so presenting a used token again reveals a copy and
 * revokes the whole family.
 */
final class RefreshTokenFamilies {
    private final Transactions tx;

    RefreshTokenFamilies(Transactions tx) {
        this.tx = tx;
    }

    boolean open(String sessionId, long userId, String expectedHash, String refreshTokenHash, Instant now,
                 Instant refreshExpiresAt) {
        return tx.write(c -> {
            // the row lock makes a concurrent disable or password change wait for us, or us see its result
            Optional<StoredAccount> account = JdbcAccountStore.findById(c, userId, tx.dialect().lockRow());
            if (account.isEmpty() || !account.get().account().enabled()
                    || !sameHash(account.get().passwordHash(), expectedHash)) {
                return false;
            }
            insertSession(c, sessionId, userId, refreshTokenHash, now, refreshExpiresAt);
            return true;
        });
    }

    /** Inserts a session and its first refresh token, inside the caller's transaction. */
    static void insertSession(Connection c, String sessionId, long userId, String refreshTokenHash, Instant now,
                              Instant refreshExpiresAt) throws SQLException {
        JdbcAccountStore.update(c, "INSERT INTO auth_sessions (session_id, user_id, created_at, expires_at) "
                + "VALUES (?, ?, ?, ?)", sessionId, userId, now.toEpochMilli(), refreshExpiresAt.toEpochMilli());
        insertToken(c, refreshTokenHash, sessionId, userId, now, refreshExpiresAt);
    }

    /**
     * Exchanges a token; see {@link AccountStore#rotate(String, String, Instant, Instant, long)}. A used token
     * is a replay unless it was used within the grace: then another tab of the same browser renewed with it a
     * moment ago, and the cookie it holds by now is the successor.
     */
    RefreshResult rotate(String presentedHash, String newHash, Instant now, Instant newExpiresAt,
                         long graceMillis) {
        return tx.write(c -> {
            String sessionId;
            long userId;
            long expiresAt;
            Long usedAt;
            try (PreparedStatement ps = c.prepareStatement("SELECT session_id, user_id, expires_at, used_at "
                    + "FROM auth_refresh_tokens WHERE token_hash = ?")) {
                ps.setString(1, presentedHash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new RefreshResult.Refused(Reason.UNKNOWN, null);
                    }
                    sessionId = rs.getString(1);
                    userId = rs.getLong(2);
                    expiresAt = rs.getLong(3);
                    long used = rs.getLong(4);
                    usedAt = rs.wasNull() ? null : used;
                }
            }
            if (usedAt != null) {
                // another instance's clock may run a little ahead of ours, so the distance counts both ways
                return graceMillis > 0 && Math.abs(now.toEpochMilli() - usedAt) <= graceMillis
                        ? superseded(c, sessionId) : reused(c, sessionId, now);
            }
            // serialises against a concurrent rotation, logout, disable or password change of this session
            if (!sessionLive(c, sessionId)) {
                return new RefreshResult.Refused(Reason.REVOKED, null);
            }
            Optional<StoredAccount> account = JdbcAccountStore.findById(c, userId, "");
            if (account.isEmpty() || !account.get().account().enabled()) {
                return new RefreshResult.Refused(Reason.REVOKED, null);
            }
            if (expiresAt <= now.toEpochMilli()) {
                return new RefreshResult.Refused(Reason.EXPIRED, null);
            }
            // decides a race for the same token: only one transaction can flip used_at from NULL; the other
            // call's exchange is happening right now, so within any grace at all
            if (JdbcAccountStore.update(c, "UPDATE auth_refresh_tokens SET used_at = ? "
                    + "WHERE token_hash = ? AND used_at IS NULL", now.toEpochMilli(), presentedHash) == 0) {
                return graceMillis > 0 ? superseded(c, sessionId) : reused(c, sessionId, now);
            }
            insertToken(c, newHash, sessionId, userId, now, newExpiresAt);
            JdbcAccountStore.update(c, "UPDATE auth_sessions SET expires_at = ? WHERE session_id = ?",
                    newExpiresAt.toEpochMilli(), sessionId);
            return new RefreshResult.Rotated(account.get(), sessionId);
        });
    }

    /** A used token within the grace: refused, the session untouched; unless it has ended meanwhile. */
    private RefreshResult superseded(Connection c, String sessionId) throws SQLException {
        return new RefreshResult.Refused(sessionLive(c, sessionId) ? Reason.SUPERSEDED : Reason.REVOKED, null);
    }

    private boolean sessionLive(Connection c, String sessionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT revoked_at FROM auth_sessions WHERE session_id = ?" + tx.dialect().lockRow())) {
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                rs.getLong(1);
                return rs.wasNull();
            }
        }
    }

    private RefreshResult reused(Connection c, String sessionId, Instant now) throws SQLException {
        if (JdbcAccountStore.update(c, "UPDATE auth_sessions SET revoked_at = ? WHERE session_id = ? "
                + "AND revoked_at IS NULL", now.toEpochMilli(), sessionId) == 1) {
            RevocationNotices.publish(c, tx.dialect(), List.of(sessionId));
        }
        return new RefreshResult.Refused(Reason.REUSED, sessionId);
    }

    boolean revoke(String sessionId, long userId, Instant now) {
        return tx.write(c -> {
            boolean revoked = JdbcAccountStore.update(c, "UPDATE auth_sessions SET revoked_at = ? "
                    + "WHERE session_id = ? AND user_id = ? AND revoked_at IS NULL",
                    now.toEpochMilli(), sessionId, userId) == 1;
            if (revoked) {
                RevocationNotices.publish(c, tx.dialect(), List.of(sessionId));
            }
            return revoked;
        });
    }

    /**
     * Revokes every unrevoked session of the user inside the caller's transaction, notifying the other instances
     * on commit; returns their ids.
     */
    static List<String> revokeAll(Connection c, Dialect dialect, long userId, Instant now) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT session_id FROM auth_sessions WHERE user_id = ? AND revoked_at IS NULL")) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        for (String id : ids) {
            JdbcAccountStore.update(c, "UPDATE auth_sessions SET revoked_at = ? WHERE session_id = ? "
                    + "AND revoked_at IS NULL", now.toEpochMilli(), id);
        }
        RevocationNotices.publish(c, dialect, ids);
        return List.copyOf(ids);
    }

    Optional<String> sessionOf(String refreshTokenHash, long userId) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT session_id FROM auth_refresh_tokens WHERE token_hash = ? AND user_id = ?")) {
                ps.setString(1, refreshTokenHash);
                ps.setLong(2, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    Optional<RefreshTokenSession> sessionOf(String refreshTokenHash) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT s.session_id, s.user_id, s.expires_at, "
                    + "s.revoked_at FROM auth_refresh_tokens t JOIN auth_sessions s ON s.session_id = t.session_id "
                    + "WHERE t.token_hash = ?")) {
                ps.setString(1, refreshTokenHash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    String sessionId = rs.getString(1);
                    long userId = rs.getLong(2);
                    Instant expiresAt = Instant.ofEpochMilli(rs.getLong(3));
                    rs.getLong(4);
                    return Optional.of(new RefreshTokenSession(sessionId, userId, expiresAt, !rs.wasNull()));
                }
            }
        });
    }

    List<RevokedSession> revokedSince(Instant since) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT session_id, user_id, revoked_at FROM auth_sessions "
                    + "WHERE revoked_at >= ? ORDER BY revoked_at")) {
                ps.setLong(1, since.toEpochMilli());
                List<RevokedSession> result = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        result.add(new RevokedSession(rs.getString(1), rs.getLong(2),
                                Instant.ofEpochMilli(rs.getLong(3))));
                    }
                }
                return List.copyOf(result);
            }
        });
    }

    int purge(Instant now, Instant olderThan) {
        String stale = "(revoked_at < ? OR expires_at < ?)";
        long old = olderThan.toEpochMilli();
        return tx.write(c -> JdbcAccountStore.update(c, "DELETE FROM auth_refresh_tokens WHERE expires_at < ? "
                        + "OR session_id IN (SELECT session_id FROM auth_sessions WHERE " + stale + ")",
                now.toEpochMilli(), old, old)
                + JdbcAccountStore.update(c, "DELETE FROM auth_sessions WHERE " + stale, old, old));
    }

    private static void insertToken(Connection c, String tokenHash, String sessionId, long userId, Instant now,
                                    Instant expiresAt) throws SQLException {
        JdbcAccountStore.update(c, "INSERT INTO auth_refresh_tokens (token_hash, session_id, user_id, created_at, "
                + "expires_at) VALUES (?, ?, ?, ?, ?)", tokenHash, sessionId, userId, now.toEpochMilli(),
                expiresAt.toEpochMilli());
    }

    private static boolean sameHash(String stored, String expected) {
        return expected != null && MessageDigest.isEqual(stored.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }
}
