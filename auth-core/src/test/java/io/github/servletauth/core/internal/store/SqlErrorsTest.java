package io.github.servletauth.core.internal.store;

import io.github.servletauth.core.AuthException;
import io.github.servletauth.core.StoreFailureException;
import io.github.servletauth.core.StoreUnavailableException;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.io.EOFException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQLState and SQLite result-code cases that the real-database tests cannot all provoke (a server
 * shutting down, too many connections).
 */
class SqlErrorsTest {

    @Test
    void translateWhenConnectionOrServerGoneThenStoreUnavailable() {
        for (String state : new String[] {"08001", "08006", "57P01", "57P02", "57P03", "53300", "53200"}) {
            assertThat(SqlErrors.translate(new SQLException("x", state)))
                    .as(state).isInstanceOf(StoreUnavailableException.class);
        }
        assertThat(SqlErrors.translate(new SQLTransientConnectionException("pool timeout")))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(SqlErrors.translate(new SQLException("io", null, new EOFException())))
                .isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void isBrokenConnectionOnlyWhenTheConnectionItselfFailed() {
        assertThat(SqlErrors.isBrokenConnection(new SQLException("cut", "08006"))).isTrue();
        assertThat(SqlErrors.isBrokenConnection(new SQLException("admin shutdown", "57P01"))).isTrue();
        assertThat(SqlErrors.isBrokenConnection(new SQLException("too many connections", "53300"))).isFalse();
        assertThat(SqlErrors.isBrokenConnection(new SQLiteException("locked", SQLiteErrorCode.SQLITE_BUSY)))
                .isFalse();
    }

    @Test
    void translateWhenSqliteBusyOrLockedThenStoreUnavailable() {
        assertThat(SqlErrors.translate(new SQLiteException("database is locked", SQLiteErrorCode.SQLITE_BUSY)))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(SqlErrors.translate(new SQLiteException("busy", SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT)))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(SqlErrors.translate(new SQLiteException("locked", SQLiteErrorCode.SQLITE_LOCKED)))
                .isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void translateWhenOtherErrorThenStoreFailureWithGenericMessageWithoutSql() {
        SQLException syntax = new SQLException("syntax error at or near \"SELEC\" in SELEC * FROM auth_accounts",
                "42601");

        AuthException translated = SqlErrors.translate(syntax);

        assertThat(translated).isExactlyInstanceOf(StoreFailureException.class).hasCause(syntax);
        assertThat(translated.getMessage()).isEqualTo("Account database error");
    }

    @Test
    void isUniqueViolationForPostgresStateAndSqliteCodeOnly() {
        assertThat(SqlErrors.isUniqueViolation(new SQLException("dup", "23505"))).isTrue();
        assertThat(SqlErrors.isUniqueViolation(
                new SQLiteException("UNIQUE constraint failed", SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE))).isTrue();
        assertThat(SqlErrors.isUniqueViolation(new SQLException("fk", "23503"))).isFalse();
        assertThat(SqlErrors.isUniqueViolation(
                new SQLiteException("NOT NULL", SQLiteErrorCode.SQLITE_CONSTRAINT_NOTNULL))).isFalse();
        assertThat(SqlErrors.translate(new SQLException("dup", "23505"))).isExactlyInstanceOf(StoreFailureException.class);
    }
}
