package io.github.servletauth.core;

/**
 * A username/password pair did not match an enabled account. The same exception and message is used for an
 * unknown user, a wrong password and a disabled account, so a client cannot tell them apart.
 */
public class InvalidCredentialsException extends AuthException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with the message {@code "Invalid credentials"}. */
    public InvalidCredentialsException() {
        super("Invalid credentials");
    }
}
