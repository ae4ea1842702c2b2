package io.github.servletauth.core;

import java.time.Duration;
import java.util.Objects;

/**
 * A {@link JwtVerifier} configured to fail closed ({@code auth.revocation.max-staleness}) has had no good answer
 * from the revocation feed ({@code auth.revocation.feed-url}) for longer than that, or none yet since it
 * started: it cannot tell whether a token has been revoked, so it accepts none. The token itself may be fine;
 * the caller should retry later, not sign in again. An HTTP layer answers 503 with {@code Retry-After}. The
 * verifier recovers by itself with the feed's next good answer.
 */
public class RevocationsUnavailableException extends AuthException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /**
     * @param retryAfter when the feed will next be polled: how long the caller should wait
     */
    public RevocationsUnavailableException(Duration retryAfter) {
        super("Revocations cannot be checked; try again later");
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** @return {@code retryAfter} in whole seconds, rounded up, at least 1: the {@code Retry-After} value */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
