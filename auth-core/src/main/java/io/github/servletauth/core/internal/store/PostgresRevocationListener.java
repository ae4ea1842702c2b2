package io.github.servletauth.core.internal.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
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
 *
 * <p>The driver's {@code PGConnection} is reached by reflection, through the class loader of the connection
 * itself: a container's pool hands out connections of the driver in the container's {@code lib/}, whose classes
 * are not the ones a copy of the driver in the webapp would give. Where no {@code PGConnection} can be had, it
 * says so once and stops: revocations of other instances then arrive by polling alone.
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
    /** The listening connection's name before we renamed it; only the listener thread uses it. */
    private String applicationName;

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
            } catch (NoNotices e) {
                LOG.info("Not listening for revocations: {}; revocations made by other instances arrive by polling, "
                        + "every auth.revocation.poll-interval", e.getMessage());
                return;
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
        Notifications pg = Notifications.of(c);
        String schema;
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT current_setting('application_name')")) {
                rs.next();
                applicationName = rs.getString(1);
            }
            // visible in pg_stat_activity as what it is; release() gives a pooled connection its name back
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
            for (String[] notice : pg.await(WAIT_MILLIS)) {
                deliver(schema, notice[0], notice[1]);
            }
            if (System.nanoTime() - nextProbe > 0) {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
                nextProbe = System.nanoTime() + PROBE_EVERY.toNanos();
            }
        }
    }

    private void deliver(String schema, String channel, String payload) {
        if (!RevocationNotices.CHANNEL.equals(channel) || payload == null) {
            return;
        }
        List<String> parts = Arrays.asList(payload.split(" "));
        // another schema in the same database: another application's sessions
        if (parts.size() > 1 && parts.get(0).equals(schema)) {
            listener.revoked(parts.subList(1, parts.size()));
        }
    }

    /** The driver's {@code PGConnection.getNotifications(int)} of one connection, by reflection. */
    private static final class Notifications {
        private static final String[][] NONE = new String[0][];
        private final Object connection;
        private final Method getNotifications;
        private Method getName;
        private Method getParameter;

        private Notifications(Object connection, Method getNotifications) {
            this.connection = connection;
            this.getNotifications = getNotifications;
        }

        static Notifications of(Connection c) throws SQLException {
            Class<?> type;
            try {
                type = Class.forName("org.postgresql.PGConnection", false, c.getClass().getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new NoNotices("the connection's class loader has no org.postgresql.PGConnection");
            }
            if (!c.isWrapperFor(type)) {
                throw new NoNotices(c.getClass().getName() + " does not unwrap to the PostgreSQL driver's connection");
            }
            try {
                return new Notifications(c.unwrap(type), type.getMethod("getNotifications", int.class));
            } catch (NoSuchMethodException e) {
                throw new NoNotices("the PostgreSQL driver has no getNotifications(int)");
            }
        }

        /** @return each notice received within {@code millis} as its channel and payload; often none */
        String[][] await(int millis) throws SQLException {
            Object[] notices = (Object[]) invoke(getNotifications, connection, millis);
            if (notices == null || notices.length == 0) {
                return NONE;
            }
            String[][] result = new String[notices.length][];
            for (int i = 0; i < notices.length; i++) {
                if (getName == null) {
                    Class<?> type = getNotifications.getReturnType().getComponentType();
                    try {
                        getName = type.getMethod("getName");
                        getParameter = type.getMethod("getParameter");
                    } catch (NoSuchMethodException e) {
                        throw new NoNotices("the PostgreSQL driver's notifications have no name or parameter");
                    }
                }
                result[i] = new String[] {(String) invoke(getName, notices[i]), (String) invoke(getParameter, notices[i])};
            }
            return result;
        }

        private static Object invoke(Method m, Object target, Object... args) throws SQLException {
            try {
                return m.invoke(target, args);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new SQLException("getNotifications failed", e.getCause());
            } catch (IllegalAccessException e) {
                throw new NoNotices("the PostgreSQL driver's notifications are not accessible");
            }
        }
    }

    /** Listening is impossible on this kind of connection: retrying would not help. */
    private static final class NoNotices extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoNotices(String message) {
            super(message, null, false, false);
        }
    }

    /** Before a pooled connection goes back: it must not keep listening, nor keep our name. */
    private void release(Connection c) {
        String name = applicationName;
        applicationName = null;
        try (Statement s = c.createStatement()) {
            s.execute("UNLISTEN *");
            if (name != null) {
                try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT set_config('application_name', ?, "
                        + "false)")) {
                    ps.setString(1, name);
                    ps.execute();
                }
            }
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
