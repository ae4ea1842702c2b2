package io.github.servletauth.core.internal.password;

/** STUB: replaced by the password work. */
public final class PasswordHasher {
    /** Result of a verification. */
    public record Match(boolean matches, boolean needsUpgrade) {
    }

    public PasswordHasher(String algorithm) {
    }

    public String hash(String password) {
        throw new UnsupportedOperationException();
    }

    public Match verify(String password, String storedHash) {
        throw new UnsupportedOperationException();
    }

    /** Spends the time of one verification, for unknown users. */
    public void equalizeTiming(String password) {
        throw new UnsupportedOperationException();
    }
}
