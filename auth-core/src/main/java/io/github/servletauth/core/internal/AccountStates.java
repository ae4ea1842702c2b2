package io.github.servletauth.core.internal;

import io.github.servletauth.core.StoreUnavailableException;
import io.github.servletauth.core.internal.store.AccountStore;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which accounts exist and are enabled, for the validate endpoint, which (unlike local verification) must confirm
 * the account behind a token. A confirmed account is remembered for {@code ttl}, the revocation poll interval:
 * disabling or deleting on this instance forgets it at once, and another instance's cache entry ends within
 * the bound its revocations already have. Only confirmations are remembered; a missing or disabled account is
 * asked for again each time, so the cache cannot be filled with ids that do not exist. While the database is
 * down, an account confirmed before (even longer ago than {@code ttl}) still counts as active, so tokens that
 * validated before an outage keep validating; one never confirmed fails with the outage.
 */
public final class AccountStates {
    private final AccountStore store;
    private final Clock clock;
    private final long ttlMillis;
    private final int maxEntries;
    /** user id → epoch millis until which the account is taken to be active */
    private final ConcurrentHashMap<Long, Long> activeUntil = new ConcurrentHashMap<>();

    /**
     * @param store where accounts live
     * @param clock the service's clock
     * @param ttl how long a confirmation is trusted
     * @param maxEntries how many confirmations are remembered; 0 asks the store every time
     */
    public AccountStates(AccountStore store, Clock clock, Duration ttl, int maxEntries) {
        this.store = store;
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
        this.maxEntries = maxEntries;
    }

    /**
     * @return whether the account exists and is enabled
     * @throws StoreUnavailableException if the database is down and the account was never confirmed
     */
    public boolean isActive(long userId) {
        long now = clock.millis();
        Long until = activeUntil.get(userId);
        if (until != null && until > now) {
            return true;
        }
        boolean active;
        try {
            active = store.findById(userId).map(s -> s.account().enabled()).orElse(false);
        } catch (StoreUnavailableException e) {
            if (until != null) {
                // stale if error: confirmed before, and its sessions are still not revoked (verified by the caller)
                return true;
            }
            throw e;
        }
        if (!active) {
            activeUntil.remove(userId);
        } else if (maxEntries > 0) {
            if (activeUntil.size() >= maxEntries) {
                // expired entries are kept for outages only as long as there is room
                activeUntil.values().removeIf(u -> u <= now);
                if (activeUntil.size() >= maxEntries) {
                    // rare: more active accounts within one ttl than the cache holds; start over, not grow
                    activeUntil.clear();
                }
            }
            activeUntil.put(userId, now + ttlMillis);
        }
        return active;
    }

    /** Forgets a confirmation after this instance disabled or deleted the account. */
    public void forget(long userId) {
        activeUntil.remove(userId);
    }
}
