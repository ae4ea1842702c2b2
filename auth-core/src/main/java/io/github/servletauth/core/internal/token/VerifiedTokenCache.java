package io.github.servletauth.core.internal.token;

import io.github.servletauth.core.VerifiedToken;

import java.time.Clock;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Tokens that passed full verification, keyed by the exact compact string (hashed by its signature end, see
 * {@link Key}), so that a client presenting the same access token on every request pays one hash-table lookup
 * instead of signature math and JSON parsing.
 *
 * <p>Each entry keeps the span of seconds in which the codec's time checks would accept the token again
 * ({@code exp} with the clock skew, {@code iat}/{@code nbf} not in the future, {@code exp} not further ahead
 * than any token lives), and a hit is checked against the clock on every call: a cached token never outlives
 * its {@code exp}, and a clock that moves backwards is handled as well. Everything else a verification checks
 * (signature, algorithm, key, issuer, audience, claims) is a function of the token string and the codec's
 * fixed keys and settings, so the cached answer is exact; a new key set gets a new codec and an empty cache.
 * Revocation is not cached here: callers check it after every lookup.
 *
 * <p>Only verified tokens are stored. Caching refusals would let anyone fill the cache with junk (evicting
 * good entries), and would not save work against an attacker, who changes one character per attempt.
 *
 * <p>Bounded: when {@code maxSize} is reached, the thread that wins a try-lock drops expired entries and then
 * arbitrary ones (hash order) until half the room is free; other threads meanwhile skip caching rather than
 * wait. Memory is about 1 KiB per entry (the token string and its claims).
 */
final class VerifiedTokenCache {
    /** How many characters at the end of a token its cache hash is computed from. */
    static final int HASHED_TAIL = 32;

    private final ConcurrentHashMap<Key, Entry> entries;
    private final int maxSize;
    private final Clock clock;
    private final ReentrantLock evicting = new ReentrantLock();

    /**
     * A token as a map key. {@link String#hashCode()} would read all of the several hundred characters of a
     * token, on every request, because each request brings a new {@code String}. The key hashes only the
     * last {@link #HASHED_TAIL} characters and the length instead: the end of a compact JWS is its signature
     * (an HMAC or signature value, 32 characters being 192 bits of it), which differs between any two tokens
     * we could have verified, and nobody can choose it without the signing key. Only verified tokens are ever
     * stored, so a crafted token can at worst meet a verified one in a bucket; {@link #equals(Object)}
     * compares the whole string, so a hit is still an exact match.
     */
    private static final class Key {
        private final String token;
        private final int hash;

        Key(String token) {
            this.token = token;
            int n = token.length();
            int h = n;
            for (int i = Math.max(0, n - HASHED_TAIL); i < n; i++) {
                h = 31 * h + token.charAt(i);
            }
            this.hash = h;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && other.hash == hash && other.token.equals(token);
        }
    }

    /** A verified token and the half-open span of epoch seconds {@code [from, until)} in which it is valid. */
    private record Entry(VerifiedToken token, long from, long until) {
    }

    /**
     * @param maxSize the most entries kept; at least 1
     * @param clock the clock the codec checks times with
     */
    VerifiedTokenCache(int maxSize, Clock clock) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be at least 1");
        }
        this.maxSize = maxSize;
        this.clock = clock;
        this.entries = new ConcurrentHashMap<>(Math.min(maxSize, 1024));
    }

    /**
     * @param token the compact JWS as presented
     * @return its claims if it was verified before and is still within its time span now, else {@code null}
     */
    VerifiedToken get(String token) {
        Key key = new Key(token);
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        long now = nowSeconds();
        if (now < e.from || now >= e.until) {
            // let full verification produce the exact reason (expired, not yet valid, ...)
            entries.remove(key, e);
            return null;
        }
        return e.token;
    }

    /**
     * Remembers a token that just passed full verification.
     *
     * @param token the compact JWS
     * @param verified its claims
     * @param from the first epoch second at which the time checks accept it
     * @param until the first epoch second at which they refuse it again
     */
    void put(String token, VerifiedToken verified, long from, long until) {
        if (entries.size() >= maxSize && !evict()) {
            return;
        }
        entries.put(new Key(token), new Entry(verified, from, until));
    }

    /** @return how many tokens are cached */
    int size() {
        return entries.size();
    }

    /** @return whether this thread made room; false if another thread is already evicting */
    private boolean evict() {
        if (!evicting.tryLock()) {
            return false;
        }
        try {
            long now = nowSeconds();
            entries.values().removeIf(e -> now >= e.until || now < e.from);
            int target = maxSize / 2;
            Iterator<Key> it = entries.keySet().iterator();
            while (entries.size() > target && it.hasNext()) {
                it.next();
                it.remove();
            }
            return true;
        } finally {
            evicting.unlock();
        }
    }

    /** Whole seconds, truncated, exactly as jose4j's {@code NumericDate.fromMilliseconds} computes them. */
    private long nowSeconds() {
        return clock.millis() / 1000;
    }
}
