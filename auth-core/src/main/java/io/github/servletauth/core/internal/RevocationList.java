package io.github.servletauth.core.internal;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.internal.store.AccountStore;
import io.github.servletauth.core.internal.store.RevokedSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The in-memory set of revoked session ids that access-token verification consults instead of the database.
 * Revocations made through this instance apply at once; those made by other instances sharing the database
 * are polled every {@code auth.revocation.poll-interval}. An entry is kept until every access token of its
 * session has expired, so the set stays as small as the number of sessions revoked within one access-token
 * lifetime.
 */
public final class RevocationList implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RevocationList.class);
    /**
     * Each poll re-reads this much history: a revocation committed late (a slow transaction, or another
     * instance's clock running behind ours) is still seen.
     */
    private static final Duration OVERLAP = Duration.ofSeconds(60);
    private static final Duration PURGE_EVERY = Duration.ofHours(1);

    private final AccountStore store;
    private final AuthConfig config;
    private final Duration keep;
    private final Map<String, Long> revokedUntilMillis = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller;
    private volatile Instant lastPoll;
    private volatile Instant lastPurge;
    private volatile boolean pollFailing;

    /**
     * @param store where revocations are persisted and polled from
     * @param config supplies the access-token lifetime, clock skew, poll interval and clock
     */
    public RevocationList(AccountStore store, AuthConfig config) {
        this.store = store;
        this.config = config;
        this.keep = config.accessTokenTtl().plus(config.clockSkew()).plus(OVERLAP);
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "servlet-auth-revocations");
            t.setDaemon(true);
            return t;
        });
    }

    /** Loads the revocations that can still matter, then starts polling. */
    public void start() {
        Instant now = config.clock().instant();
        load(now.minus(keep), now);
        lastPurge = now;
        long every = config.revocationPollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
    }

    /** Records sessions this instance just revoked (already written to the store). */
    public void revoke(Collection<String> sessionIds, Instant now) {
        long until = now.plus(keep).toEpochMilli();
        for (String sid : sessionIds) {
            revokedUntilMillis.merge(sid, until, Math::max);
        }
    }

    /** @return whether the session is known to be revoked */
    public boolean isRevoked(String sessionId) {
        return revokedUntilMillis.containsKey(sessionId);
    }

    /** @return how many revoked sessions are held in memory */
    public int size() {
        return revokedUntilMillis.size();
    }

    /** Polls once now; normally the background thread does this. */
    public void poll() {
        Instant now = config.clock().instant();
        try {
            load(lastPoll.minus(OVERLAP), now);
            if (pollFailing) {
                LOG.info("Revocation polling recovered");
                pollFailing = false;
            }
            long nowMillis = now.toEpochMilli();
            revokedUntilMillis.values().removeIf(until -> until < nowMillis);
            if (Duration.between(lastPurge, now).compareTo(PURGE_EVERY) >= 0) {
                lastPurge = now;
                int n = store.purge(now, now.minus(keep).minus(Duration.ofDays(1)));
                LOG.debug("Purged {} expired session and refresh-token rows", n);
            }
        } catch (RuntimeException e) {
            if (!pollFailing) {
                LOG.warn("Revocation polling failed; revocations made by other instances are delayed until the "
                        + "database is reachable again: {}", e.toString());
                pollFailing = true;
            }
        }
    }

    private void load(Instant since, Instant now) {
        for (RevokedSession r : store.revokedSince(since)) {
            revokedUntilMillis.merge(r.sessionId(), r.revokedAt().plus(keep).toEpochMilli(), Math::max);
        }
        lastPoll = now;
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
