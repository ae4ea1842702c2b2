package io.github.servletauth.core.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * The sending side of revocation notices: inside the transaction that revokes sessions, one PostgreSQL
 * {@code NOTIFY} on {@link #CHANNEL}, which the server delivers to every listening instance when (and only if)
 * the transaction commits. The payload is the schema name, then the session ids, separated by spaces: a channel
 * is shared by the whole database, and an instance only takes the notices of its own schema. SQLite has no
 * notices: its instances rely on polling alone.
 */
final class RevocationNotices {
    /** The channel every instance listens on. */
    static final String CHANNEL = "servlet_auth_revoked";
    /** Below PostgreSQL's limit of 8000 bytes per payload, with room for a schema name. */
    static final int MAX_PAYLOAD = 7000;

    private RevocationNotices() {
    }

    /**
     * Queues the notices of {@code sessionIds} in the caller's transaction.
     *
     * @param c the connection of the revoking transaction
     * @param dialect the database's dialect: only PostgreSQL notifies
     * @param sessionIds the sessions just revoked (base64url ids, without spaces)
     */
    static void publish(Connection c, Dialect dialect, Collection<String> sessionIds) throws SQLException {
        if (dialect != Dialect.POSTGRESQL || sessionIds.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT pg_notify('" + CHANNEL + "', coalesce(current_schema(), '') || ' ' || ?)")) {
            StringBuilder chunk = new StringBuilder();
            for (String id : sessionIds) {
                if (chunk.length() > 0 && chunk.length() + 1 + id.length() > MAX_PAYLOAD) {
                    send(ps, chunk);
                }
                chunk.append(chunk.length() == 0 ? "" : " ").append(id);
            }
            send(ps, chunk);
        }
    }

    private static void send(PreparedStatement ps, StringBuilder chunk) throws SQLException {
        ps.setString(1, chunk.toString());
        ps.execute();
        chunk.setLength(0);
    }
}
