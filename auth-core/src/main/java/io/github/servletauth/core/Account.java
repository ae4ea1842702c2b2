package io.github.servletauth.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An account as stored. Immutable; never carries the password hash.
 *
 * @param userId the numeric id, stable for the account's life and never reused
 * @param username the username as registered, after NFKC normalisation (case preserved)
 * @param email the optional email address, or {@code null}
 * @param roles the account's roles, possibly empty
 * @param enabled whether the account may log in and use its tokens
 * @param createdAt when the account was registered
 * @param updatedAt when the account was last changed (password, roles, enabled flag)
 * @param lastLoginAt the last successful login, or {@code null} if never
 */
public record Account(long userId, String username, String email, Set<String> roles, boolean enabled,
                      Instant createdAt, Instant updatedAt, Instant lastLoginAt) {

    /** Validates and copies the components. */
    public Account {
        Objects.requireNonNull(username, "username");
        roles = Set.copyOf(Objects.requireNonNull(roles, "roles"));
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** @return the email address, if one was given */
    public Optional<String> emailAddress() {
        return Optional.ofNullable(email);
    }
}
