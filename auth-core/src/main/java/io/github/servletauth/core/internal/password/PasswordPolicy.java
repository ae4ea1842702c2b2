package io.github.servletauth.core.internal.password;

import io.github.servletauth.core.PasswordRule;

import java.util.List;

/** STUB: replaced by the password work. */
public final class PasswordPolicy {
    public PasswordPolicy(String algorithm, List<PasswordRule> extraRules) {
    }

    /** Throws InvalidInputException with field "password" and every reason found. */
    public void check(String usernameKey, String password) {
        throw new UnsupportedOperationException();
    }
}
