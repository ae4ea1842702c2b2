package io.github.servletauth.core.internal.store;

import io.github.servletauth.core.AuthConfig;

/** STUB: replaced by the store work. */
public final class AccountStores {
    private AccountStores() {
    }

    /** Opens the pool (SQLite file in the data dir by default), migrates or checks the schema. */
    public static AccountStore open(AuthConfig config) {
        throw new UnsupportedOperationException();
    }
}
