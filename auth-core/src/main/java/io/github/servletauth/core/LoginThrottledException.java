package io.github.servletauth.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Too many consecutive failed logins for this username or client address: the next attempt is refused, even
 * with the right password, until {@link #retryAfter()} has passed. An HTTP layer answers 429 with
 * {@code Retry-After}.
 */
public class LoginThrottledException extends AuthException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /**
     * @param retryAfter how long the caller should wait before trying again (rounded up to whole seconds)
     */
    public LoginThrottledException(Duration retryAfter) {
        super("Too many failed login attempts; try again later");
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
