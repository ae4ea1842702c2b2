package io.github.servletauth.core.internal;

import io.github.servletauth.core.LoginThrottledException;
import io.github.servletauth.core.RegistrationThrottledException;
import io.github.servletauth.core.internal.store.AccountStore;
import io.github.servletauth.core.internal.store.ThrottleKey;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Slows down password guessing and mass registration. Attempts are counted per normalised username, per client
 * address and, for registrations, per client address apart, in the shared database; past a number of free
 * attempts each further attempt must wait a doubling delay, refused even with the right password.
 *
 * <p>An attempt is claimed <em>before</em> the password is checked or hashed (one atomic step that counts it and
 * says whether it may run), so concurrent guesses cannot all slip through before any was counted. A login
 * attempt counts as a failure until it succeeds: success clears the username's count and gives the address its
 * attempt back. The username delay is capped low (30 s) so that an attacker cannot lock a user out for long; the
 * address delay grows further (15 min), since one address guessing many usernames is the attack.
 */
public final class AttemptThrottle {
    static final Policy USERNAME = new Policy("u:", 5, Duration.ofSeconds(30), Duration.ofMinutes(15));
    static final Policy ADDRESS = new Policy("a:", 20, Duration.ofMinutes(15), Duration.ofHours(1));
    static final Duration REGISTRATION_RESET = Duration.ofHours(1);

    /** Free attempts, the cap of the doubling delay, and the quiet time after which the count starts over. */
    record Policy(String prefix, int freeAttempts, Duration maxDelay, Duration resetAfter) {
        Duration delay(int attempts) {
            if (attempts < freeAttempts) {
                return Duration.ZERO;
            }
            int doublings = Math.min(30, attempts - freeAttempts);
            Duration d = Duration.ofSeconds(1L << doublings);
            return d.compareTo(maxDelay) > 0 ? maxDelay : d;
        }

        ThrottleKey key(String value) {
            return new ThrottleKey(prefix + value, resetAfter, this::delay);
        }
    }

    private final AccountStore store;
    private final Policy registration;

    /**
     * @param store where the counters live
     * @param registrationsPerAddress free registrations per client address; 0 turns that throttle off
     * @param registrationMaxDelay the cap of the registration delay
     */
    public AttemptThrottle(AccountStore store, int registrationsPerAddress, Duration registrationMaxDelay) {
        this.store = store;
        this.registration = registrationsPerAddress == 0 ? null
                : new Policy("r:", registrationsPerAddress, registrationMaxDelay, REGISTRATION_RESET);
    }

    /**
     * Claims a login (or current-password) attempt for the username and the address.
     *
     * @param usernameKey the normalised username, or {@code null} if the input cannot be one
     * @param clientAddress the client address, or {@code null} if unknown
     * @return the claimed attempt; it counts as a failure unless settled otherwise
     * @throws LoginThrottledException if either is still blocked (nothing counted)
     */
    public Attempt claimLogin(String usernameKey, String clientAddress, Instant now) {
        List<ThrottleKey> keys = new ArrayList<>(2);
        ThrottleKey username = usernameKey == null ? null : USERNAME.key(usernameKey);
        ThrottleKey address = clientAddress == null ? null : ADDRESS.key(clientAddress);
        if (username != null) {
            keys.add(username);
        }
        if (address != null) {
            keys.add(address);
        }
        store.claimAttempt(keys, now).ifPresent(until -> {
            throw new LoginThrottledException(Duration.between(now, until));
        });
        return new Attempt(username, address);
    }

    /**
     * Claims a registration from the address; every registration counts, accepted or not.
     *
     * @param clientAddress the client address, or {@code null} if unknown (not throttled)
     * @throws RegistrationThrottledException if the address is still blocked
     */
    public void claimRegistration(String clientAddress, Instant now) {
        if (registration != null && clientAddress != null) {
            store.claimAttempt(List.of(registration.key(clientAddress)), now).ifPresent(until -> {
                throw new RegistrationThrottledException(Duration.between(now, until));
            });
        }
    }

    /** A claimed login attempt: a failure unless {@link #succeeded()} or {@link #notCounted()} says otherwise. */
    public final class Attempt {
        private final ThrottleKey username;
        private final ThrottleKey address;

        private Attempt(ThrottleKey username, ThrottleKey address) {
            this.username = username;
            this.address = address;
        }

        /** The password was right: the username starts over, the address gets its attempt back. */
        public void succeeded() {
            if (username != null) {
                store.clearAttempts(username.key());
            }
            if (address != null) {
                store.releaseAttempt(address);
            }
        }

        /** No password was checked (no hashing slot, say): the attempt is given back to both counters. */
        public void notCounted() {
            if (username != null) {
                store.releaseAttempt(username);
            }
            if (address != null) {
                store.releaseAttempt(address);
            }
        }
    }
}
