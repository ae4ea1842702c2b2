package io.github.servletauth.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Every password-hashing slot ({@code auth.password.hash-threads}) stayed busy for longer than
 * {@code auth.password.hash-queue-timeout}: the call (register, login, password change) is refused at once
 * instead of queueing without bound. Nothing was changed; the caller may retry after {@link #retryAfter()}.
 * An HTTP layer answers 503 with {@code Retry-After}.
 */
public class ServiceBusyException extends AuthException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /**
     * @param retryAfter how long the caller should wait before trying again
     */
    public ServiceBusyException(Duration retryAfter) {
        super("Too many requests are being processed; try again later");
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** @return how long to wait before trying again */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** @return {@link #retryAfter()} in whole seconds, rounded up, at least 1: the {@code Retry-After} value */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
