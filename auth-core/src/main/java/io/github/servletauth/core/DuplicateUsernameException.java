package io.github.servletauth.core;

/**
 * Registration refused because the (normalised) username already belongs to an account, or a name that looks the
 * same does (equal Unicode UTS #39 skeletons, such as {@code paypal} and {@code pɑypɑl} with a Latin alpha).
 */
public class DuplicateUsernameException extends AuthException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message safe to show to a client. */
    public DuplicateUsernameException() {
        super("Username is already taken");
    }
}
