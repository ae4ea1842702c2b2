package io.github.servletauth.core;

import java.time.Duration;

/**
 * Too many consecutive failed logins for this username or client address: the next attempt is refused, even
 * with the right password, until {@link #retryAfter()} has passed. An HTTP layer answers 429 with
 * {@code Retry-After}.
 */
public class LoginThrottledException extends ThrottledException {
    private static final long serialVersionUID = 1L;

    /**
     * @param retryAfter how long the caller should wait before trying again (rounded up to whole seconds)
     */
    public LoginThrottledException(Duration retryAfter) {
        super("Too many failed login attempts; try again later", retryAfter);
    }
}
