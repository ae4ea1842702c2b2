package io.github.servletauth.core;

/** An administrative call named a user id that has no account. */
public class AccountNotFoundException extends AuthException {
    private static final long serialVersionUID = 1L;

    /**
     * @param userId the id that was not found
     */
    public AccountNotFoundException(long userId) {
        super("No account with user id " + userId);
    }
}
