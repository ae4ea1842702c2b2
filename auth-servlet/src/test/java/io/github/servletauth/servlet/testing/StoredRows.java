package io.github.servletauth.servlet.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the library's tables directly (plain JDBC, same SQL on PostgreSQL and SQLite) to check what the HTTP
 * answers claimed: accounts present exactly once, complete, and refresh families consistent.
 */
public final class StoredRows {

    private StoredRows() {
    }

    /** @return every username starting with {@code prefix}, with how many rows carry it */
    public static Map<String, Integer> usernames(Connection c, String prefix) throws SQLException {
        Map<String, Integer> names = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT username FROM auth_accounts WHERE username LIKE ?")) {
            ps.setString(1, prefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.merge(rs.getString(1), 1, Integer::sum);
                }
            }
        }
        return names;
    }

    /**
     * @return usernames starting with {@code prefix} whose row is not what a finished registration writes: a
     *         PBKDF2 hash in {@code {id}hash} form, roles, enabled, and at least one session
     */
    public static List<String> incompleteAccounts(Connection c, String prefix) throws SQLException {
        List<String> incomplete = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.username FROM auth_accounts a "
                + "WHERE a.username LIKE ? AND (a.password_hash NOT LIKE '{pbkdf2%}%' OR a.roles = '' "
                + "OR a.enabled <> ? OR NOT EXISTS (SELECT 1 FROM auth_sessions s WHERE s.user_id = a.user_id))")) {
            ps.setString(1, prefix + "%");
            ps.setBoolean(2, true);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    incomplete.add(rs.getString(1));
                }
            }
        }
        return incomplete;
    }

    /**
     * @return sessions with more than one live refresh token (unused and unexpired): rotation must leave
     *         exactly one, and a revoked family none that can still be exchanged
     */
    public static List<String> sessionsWithSeveralLiveRefreshTokens(Connection c, long nowMillis) throws SQLException {
        List<String> broken = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT session_id FROM auth_refresh_tokens "
                + "WHERE used_at IS NULL AND expires_at > ? GROUP BY session_id HAVING COUNT(*) > 1")) {
            ps.setLong(1, nowMillis);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    broken.add(rs.getString(1));
                }
            }
        }
        return broken;
    }

    /** @return how many refresh tokens point to a session row that does not exist */
    public static int orphanRefreshTokens(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM auth_refresh_tokens t "
                + "WHERE NOT EXISTS (SELECT 1 FROM auth_sessions s WHERE s.session_id = t.session_id)");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** @return how many sessions the table holds (for the report) */
    public static int sessions(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM auth_sessions");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
