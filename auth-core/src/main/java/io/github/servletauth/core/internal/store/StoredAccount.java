package io.github.servletauth.core.internal.store;

import io.github.servletauth.core.Account;

import java.util.Objects;

/**
 * An account with its password hash, as read from the store. Never leaves auth-core.
 *
 * @param account the account
 * @param passwordHash the {@code {id}hash} string
 */
public record StoredAccount(Account account, String passwordHash) {
    /** Validates the components. */
    public StoredAccount {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(passwordHash, "passwordHash");
    }

    @Override
    public String toString() {
        return "StoredAccount[" + account + "]";
    }
}
