package io.github.servletauth.core.internal.password;

import java.util.Optional;

/** STUB: replaced by the password work. */
public final class Usernames {
    private Usernames() {
    }

    /** NFKC-normalises and validates; throws InvalidInputException("username", reason). Returns display form. */
    public static String canonical(String raw) {
        throw new UnsupportedOperationException();
    }

    /** The uniqueness key of an already canonical username: case-folded (Locale.ROOT). */
    public static String key(String canonical) {
        throw new UnsupportedOperationException();
    }

    /** canonical + key for lookups; empty (never throws) when the input could never be a valid username. */
    public static Optional<String> lookupKey(String raw) {
        throw new UnsupportedOperationException();
    }
}
