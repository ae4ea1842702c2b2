package io.github.servletauth.core;

import java.time.Duration;

/**
 * Too many registrations from this client address ({@code auth.register.address-limit}): the next one is
 * refused until {@link #retryAfter()} has passed. An HTTP layer answers 429 with {@code Retry-After}.
 */
public class RegistrationThrottledException extends ThrottledException {
    private static final long serialVersionUID = 1L;

    /**
     * @param retryAfter how long the caller should wait before trying again (rounded up to whole seconds)
     */
    public RegistrationThrottledException(Duration retryAfter) {
        super("Too many registrations from this address; try again later", retryAfter);
    }
}
