package io.github.servletauth.core;

/**
 * Root of every exception the library throws on purpose. Unchecked, so callers handle only what they can
 * act on; each subclass carries what a caller needs to answer a client (a reason, a field, a key) and never
 * a password, a token or a secret. Database, JOSE and driver exceptions never escape the public API: they
 * are translated into one of these, with the original kept as the cause for logs. Abstract: every failure
 * has its own subclass, so a caller can tell them apart by type alone.
 */
public abstract class AuthException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message a message safe to show to a client
     */
    protected AuthException(String message) {
        super(message);
    }

    /**
     * @param message a message safe to show to a client
     * @param cause the underlying failure, for logs only
     */
    protected AuthException(String message, Throwable cause) {
        super(message, cause);
    }
}
