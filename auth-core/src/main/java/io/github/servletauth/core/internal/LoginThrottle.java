package io.github.servletauth.core.internal;

import io.github.servletauth.core.LoginThrottledException;
import io.github.servletauth.core.internal.store.AccountStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Slows down password guessing. Consecutive failed logins are counted per normalised username and per client
 * address in the shared database; past a number of free attempts each further attempt must wait a doubling
 * delay, refused even with the right password. The username delay is capped low (30 s) so that an attacker
 * cannot lock a user out for long; the address delay grows further (15 min), since one address guessing
 * many usernames is the attack. A successful login clears the username's count, never the address's.
 */
public final class LoginThrottle {
    static final Policy USERNAME = new Policy("u:", 5, Duration.ofSeconds(30), Duration.ofMinutes(15));
    static final Policy ADDRESS = new Policy("a:", 20, Duration.ofMinutes(15), Duration.ofHours(1));

    /** Free attempts, the cap of the doubling delay, and the quiet time after which the count starts over. */
    record Policy(String prefix, int freeFailures, Duration maxDelay, Duration resetAfter) {
        Duration delay(int failures) {
            if (failures < freeFailures) {
                return Duration.ZERO;
            }
            int doublings = Math.min(30, failures - freeFailures);
            Duration d = Duration.ofSeconds(1L << doublings);
            return d.compareTo(maxDelay) > 0 ? maxDelay : d;
        }
    }

    private final AccountStore store;

    /** @param store where the counters live */
    public LoginThrottle(AccountStore store) {
        this.store = store;
    }

    /**
     * @param usernameKey the normalised username, or {@code null} if the input cannot be one
     * @param clientAddress the client address, or {@code null} if unknown
     * @throws LoginThrottledException if either is still blocked
     */
    public void check(String usernameKey, String clientAddress, Instant now) {
        List<String> keys = new ArrayList<>(2);
        if (usernameKey != null) {
            keys.add(USERNAME.prefix() + usernameKey);
        }
        if (clientAddress != null) {
            keys.add(ADDRESS.prefix() + clientAddress);
        }
        store.loginBlockedUntil(keys, now).ifPresent(until -> {
            throw new LoginThrottledException(Duration.between(now, until));
        });
    }

    /** Counts a failed login for the username and the address. */
    public void failed(String usernameKey, String clientAddress, Instant now) {
        if (usernameKey != null) {
            store.recordLoginFailure(USERNAME.prefix() + usernameKey, now, USERNAME.resetAfter(), USERNAME::delay);
        }
        if (clientAddress != null) {
            store.recordLoginFailure(ADDRESS.prefix() + clientAddress, now, ADDRESS.resetAfter(), ADDRESS::delay);
        }
    }

    /** Clears the username's count after a successful login. */
    public void succeeded(String usernameKey) {
        store.clearLoginFailures(USERNAME.prefix() + usernameKey);
    }
}
