package io.github.servletauth.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Too many attempts of one kind just before: this one is refused, whatever it carries, until {@link #retryAfter()}
 * has passed. An HTTP layer answers 429 with {@code Retry-After}. The subclass says which kind:
 * {@link LoginThrottledException} (logins and current-password checks, per username and client address) or
 * {@link RegistrationThrottledException} (registrations, per client address).
 */
public abstract class ThrottledException extends AuthException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /**
     * @param message a client-safe message
     * @param retryAfter how long the caller should wait before trying again (rounded up to whole seconds)
     */
    protected ThrottledException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** @return how long to wait before the next attempt */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** @return {@link #retryAfter()} in whole seconds, rounded up, at least 1: the {@code Retry-After} value */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
