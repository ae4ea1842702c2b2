package io.github.servletauth.core;

/**
 * The account database refused an operation for a reason that waiting will not cure (an unexpected constraint,
 * a schema that does not match the library, a bug), unlike {@link StoreUnavailableException}. The message is
 * generic and never contains SQL; the driver's exception is the cause, for logs only. An HTTP layer answers
 * 500 and logs the cause.
 */
public class StoreFailureException extends AuthException {
    private static final long serialVersionUID = 1L;

    /**
     * @param cause the driver failure, for logs only
     */
    public StoreFailureException(Throwable cause) {
        super("Account database error", cause);
    }
}
