package io.github.servletauth.core.internal.store;

import java.time.Duration;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * One counter of attempts to claim: its key (such as {@code u:<username key>}), the quiet time after which its
 * count starts over, and the time each count blocks the key for after the attempt that reached it.
 *
 * @param key the counter's key, unique across kinds (by prefix)
 * @param resetAfter the count starts over when its last attempt is older than this
 * @param delay for a count (1, 2, …) the time the key stays blocked after the attempt that reached it
 */
public record ThrottleKey(String key, Duration resetAfter, IntFunction<Duration> delay) {
    /** Checks that every part is given. */
    public ThrottleKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(resetAfter, "resetAfter");
        Objects.requireNonNull(delay, "delay");
    }
}
