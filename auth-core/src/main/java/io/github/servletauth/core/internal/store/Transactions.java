package io.github.servletauth.core.internal.store;

import io.github.servletauth.core.AuthException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs units of work on pooled connections and translates every failure in one place. Reads run in
 * auto-commit mode; writes in one transaction each, which on SQLite begins with {@code BEGIN IMMEDIATE} (set
 * on the connection), so a second writer waits for the lock up to {@code busy_timeout} instead of failing
 * when it upgrades a read lock.
 */
final class Transactions {
    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);

    /** A unit of work on one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final ConnectionSource connections;
    private final Dialect dialect;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    Transactions(ConnectionSource connections, Dialect dialect) {
        this.connections = connections;
        this.dialect = dialect;
    }

    Dialect dialect() {
        return dialect;
    }

    ConnectionSource connections() {
        return connections;
    }

    /**
     * Runs {@code work} in auto-commit mode: for reads only. Even single-statement writes go through
     * {@link #write}, because on SQLite an auto-commit write starts as a read and can fail to upgrade
     * ({@code SQLITE_BUSY_SNAPSHOT}) without waiting for the lock.
     */
    <T> T read(Work<T> work) {
        try (Connection c = connections.connection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /**
     * Runs {@code work} in one transaction, committed when it returns normally and rolled back when it throws
     * (an {@link AuthException} thrown by the work itself, such as an unknown account, propagates unchanged).
     */
    <T> T write(Work<T> work) {
        try (Connection c = connections.connection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            } finally {
                // back to the pool's default now, so that SQLite does not keep a write lock while idle
                resetAutoCommit(c);
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    private AuthException translate(SQLException e) {
        if (SqlErrors.isBrokenConnection(e)) {
            connections.evictIdle();
        }
        return SqlErrors.translate(e);
    }

    private static void rollback(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }

    private static void resetAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            // the connection is broken; the pool resets or evicts it when it comes back
            LOG.debug("Could not reset auto-commit", e);
        }
    }

    void close() {
        if (closed.compareAndSet(false, true)) {
            connections.close();
        }
    }
}
