package io.github.servletauth.core.internal.store;

import io.github.servletauth.core.AuthException;
import io.github.servletauth.core.StoreFailureException;
import io.github.servletauth.core.StoreUnavailableException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * The one place where driver and pool failures become library exceptions, so that no {@link SQLException}
 * crosses the store's interface and no SQL text reaches a message.
 */
final class SqlErrors {
    private static final Set<String> SERVER_GOING_AWAY = Set.of("57P01", "57P02", "57P03");

    private SqlErrors() {
    }

    /**
     * @return {@link StoreUnavailableException} when the database cannot be reached or is too busy, otherwise
     *         {@link StoreFailureException} with the failure as its cause
     */
    static AuthException translate(SQLException e) {
        if (isUnavailable(e)) {
            return new StoreUnavailableException(e);
        }
        return new StoreFailureException(e);
    }

    /** @return whether the statement failed because a unique index (the username key) already has the value */
    static boolean isUniqueViolation(SQLException e) {
        if ("23505".equals(e.getSQLState())) {
            return true;
        }
        return raisedBySqlite(e) && Sqlite.isUniqueViolation(e);
    }

    /**
     * @return whether a connection broke (server gone, socket closed or timed out): then the pool's other
     *         connections to the same server are most likely broken too
     */
    static boolean isBrokenConnection(SQLException e) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("08") || SERVER_GOING_AWAY.contains(state))) {
            return true;
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    static boolean isUnavailable(SQLException e) {
        if (e instanceof SQLTransientConnectionException || isBrokenConnection(e)) {
            // SQLTransientConnectionException: HikariCP found no connection within connectionTimeout
            return true;
        }
        String state = e.getSQLState();
        if (state != null && state.startsWith("53")) {
            // insufficient resources: too many connections, disk full, out of memory
            return true;
        }
        if (raisedBySqlite(e) && Sqlite.isUnavailable(e)) {
            return true;
        }
        if (e.getCause() instanceof SQLException cause && cause != e && isUnavailable(cause)) {
            return true;
        }
        SQLException next = e.getNextException();
        return next != null && next != e && isUnavailable(next);
    }

    /** Asked before {@link Sqlite} is touched: initialising that class needs sqlite-jdbc. */
    private static boolean raisedBySqlite(SQLException e) {
        return e.getClass().getName().startsWith("org.sqlite.");
    }

    /**
     * sqlite-jdbc's codes, in a class of their own: it is loaded only for an exception sqlite-jdbc raised, so
     * a webapp on PostgreSQL runs without that optional jar.
     */
    private static final class Sqlite {
        private static final Set<Integer> UNAVAILABLE = Set.of(
                SQLiteErrorCode.SQLITE_BUSY.code, SQLiteErrorCode.SQLITE_LOCKED.code,
                SQLiteErrorCode.SQLITE_IOERR.code, SQLiteErrorCode.SQLITE_CANTOPEN.code,
                SQLiteErrorCode.SQLITE_FULL.code, SQLiteErrorCode.SQLITE_PROTOCOL.code);
        private static final int PRIMARY_CODE_MASK = 0xff;

        static boolean isUniqueViolation(SQLException e) {
            if (e instanceof SQLiteException sqlite) {
                SQLiteErrorCode code = sqlite.getResultCode();
                return code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                        || code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY;
            }
            return false;
        }

        static boolean isUnavailable(SQLException e) {
            return e instanceof SQLiteException sqlite
                    && UNAVAILABLE.contains(sqlite.getResultCode().code & PRIMARY_CODE_MASK);
        }
    }
}
