package io.github.servletauth.core;

/**
 * The account database cannot be reached or is too busy (connection refused or cut, pool exhausted, SQLite
 * locked past its busy timeout). The call can be retried later; an HTTP layer answers 503 with
 * {@code Retry-After}. The service recovers by itself once the database is back.
 */
public class StoreUnavailableException extends AuthException {
    private static final long serialVersionUID = 1L;

    /**
     * @param cause the driver or pool failure, for logs only
     */
    public StoreUnavailableException(Throwable cause) {
        super("Account database unavailable", cause);
    }
}
