package io.github.servletauth.core;

/** Registration refused because the (normalised) username already belongs to an account. */
public class DuplicateUsernameException extends AuthException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message safe to show to a client. */
    public DuplicateUsernameException() {
        super("Username is already taken");
    }
}
