package io.github.servletauth.core.internal.store;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The receiving side of {@link RevocationNotices}: one thread holding one connection that {@code LISTEN}s on the
 * channel and hands each notice of its own schema to the {@link RevocationListener} as it arrives. When the
 * connection fails (the database restarts, the network drops) it reconnects with a doubling back-off; after
 * every (re)connection it tells the listener, whose poll then reads what was committed meanwhile: notices are
 * never queued for a listener that is away. A probe every few seconds finds a connection that died silently.
 * Loaded only for PostgreSQL, so the driver's classes are needed only there.
 */
final class PostgresRevocationListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresRevocationListener.class);
    /** How long one wait for notices blocks: also how soon {@link #close()} is noticed. */
    private static final int WAIT_MILLIS = 250;
    private static final Duration PROBE_EVERY = Duration.ofSeconds(5);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final ConnectionSource connections;
    private final RevocationListener listener;
    private final Thread thread;
    private volatile boolean closed;
    private boolean failing;

    PostgresRevocationListener(ConnectionSource connections, RevocationListener listener) {
        this.connections = connections;
        this.listener = listener;
        this.thread = new Thread(this::run, "servlet-auth-revocation-listener");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        long backoff = FIRST_BACKOFF.toMillis();
        while (!closed) {
            try (Connection c = connections.heldConnection()) {
                try {
                    listen(c);
                    return;
                } finally {
                    release(c);
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (!failing) {
                    LOG.warn("Listening for revocations failed ({}); other instances' revocations arrive by polling "
                            + "until it reconnects", e.toString());
                    failing = true;
                }
                if (!sleep(backoff)) {
                    return;
                }
                // a notice that came meanwhile was lost anyway: the poll after reconnecting finds it
                backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
            }
        }
    }

    /** Listens on {@code c} until closed; throws when the connection fails. */
    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        String schema;
        try (Statement s = c.createStatement()) {
            // visible in pg_stat_activity as what it is; RESET in release() restores the name a pool gave it
            s.execute("SELECT set_config('application_name', left(current_setting('application_name') "
                    + "|| ' (revocations)', 63), false)");
            s.execute("LISTEN " + RevocationNotices.CHANNEL);
            try (ResultSet rs = s.executeQuery("SELECT coalesce(current_schema(), '')")) {
                rs.next();
                schema = rs.getString(1);
            }
        }
        if (failing) {
            LOG.info("Listening for revocations again");
            failing = false;
        }
        // LISTEN is in force: whatever commits from now on is notified, and the poll this starts reads the rest
        listener.listening();
        long nextProbe = System.nanoTime() + PROBE_EVERY.toNanos();
        while (!closed) {
            PGNotification[] notices = pg.getNotifications(WAIT_MILLIS);
            if (notices != null) {
                for (PGNotification n : notices) {
                    deliver(schema, n);
                }
            }
            if (System.nanoTime() - nextProbe > 0) {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
                nextProbe = System.nanoTime() + PROBE_EVERY.toNanos();
            }
        }
    }

    private void deliver(String schema, PGNotification n) {
        String payload = n.getParameter();
        if (!RevocationNotices.CHANNEL.equals(n.getName()) || payload == null) {
            return;
        }
        List<String> parts = Arrays.asList(payload.split(" "));
        // another schema in the same database: another application's sessions
        if (parts.size() > 1 && parts.get(0).equals(schema)) {
            listener.revoked(parts.subList(1, parts.size()));
        }
    }

    /** Before a pooled connection goes back: it must not keep listening, nor keep our name. */
    private static void release(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("UNLISTEN *");
            s.execute("RESET application_name");
        } catch (SQLException e) {
            // a broken connection: the pool drops it
            LOG.debug("Could not reset the listening connection: {}", e.toString());
        }
    }

    private boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Stops listening and waits for the thread to end, so that no thread outlives the webapp. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
