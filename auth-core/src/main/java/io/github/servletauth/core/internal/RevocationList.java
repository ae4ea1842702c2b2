package io.github.servletauth.core.internal;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.InvalidInputException;
import io.github.servletauth.core.internal.store.AccountStore;
import io.github.servletauth.core.internal.store.RevocationListener;
import io.github.servletauth.core.internal.store.RevokedSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The in-memory set of revoked session ids that access-token verification consults instead of the database.
 * Revocations made through this instance apply at once; those made by other instances sharing the database
 * arrive as they commit where the database notifies them (PostgreSQL: {@link AccountStore#listenForRevocations}),
 * and are polled every {@code auth.revocation.poll-interval} in any case, and at once after the notices resume
 * from a broken connection. An entry is kept until every access token of its session has expired, so the set
 * stays as small as the number of sessions revoked within one access-token lifetime.
 *
 * <p>The set is also the revocation feed of the webapps that verify tokens without a database
 * ({@link #page(String)}): every entry gets the next number of this list when it arrives or its {@code until}
 * grows, and a feed cursor is this list's random id and the last number a reader has seen, so a reader gets
 * exactly what arrived since, however late a revocation reached this instance. A cursor of another list (another
 * instance, or this one before a restart) reads from the start.
 */
public final class RevocationList implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RevocationList.class);
    /**
     * Each poll re-reads this much history: a revocation committed late (a slow transaction, or another
     * instance's clock running behind ours) is still seen.
     */
    private static final Duration OVERLAP = Duration.ofSeconds(60);
    private static final Duration PURGE_EVERY = Duration.ofHours(1);
    /** Entries per feed answer: about 50 KB of JSON. */
    static final int PAGE_SIZE = 1000;
    private static final Pattern CURSOR = Pattern.compile("([A-Za-z0-9_-]{1,64})\\.([0-9]{1,18})");

    /** One revoked session: until when it matters, and its number in this list. */
    private record Held(long untilMillis, long sequence) {
    }

    private final AccountStore store;
    private final AuthConfig config;
    private final Duration keep;
    private final Map<String, Held> bySession = new ConcurrentHashMap<>();
    /** Session ids by {@link Held#sequence}; guarded by {@code this}, like every change to the set. */
    private final NavigableMap<Long, String> bySequence = new TreeMap<>();
    private long lastSequence;
    /** This list's id in feed cursors. */
    private final String epoch = SecureTokens.newId();
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

    /** Loads the revocations that can still matter, then starts polling and listening. */
    public void start() {
        Instant now = config.clock().instant();
        load(now.minus(keep), now);
        lastPurge = now;
        long every = config.revocationPollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
        store.listenForRevocations(new RevocationListener() {
            @Override
            public void revoked(List<String> sessionIds) {
                // a session is revoked once: a notice of one already held (this instance's own, say) adds nothing
                long until = config.clock().instant().plus(keep).toEpochMilli();
                for (String sid : sessionIds) {
                    if (!bySession.containsKey(sid)) {
                        add(sid, until);
                    }
                }
            }

            @Override
            public void listening() {
                schedule(RevocationList.this::catchUp, 0);
            }
        });
    }

    /**
     * Reads what was committed while nobody listened (after a restart of the database, say), retrying every
     * second until the database answers: the notices have resumed, but the regular poll may be minutes away.
     */
    private void catchUp() {
        poll();
        if (pollFailing) {
            schedule(this::catchUp, Math.min(1000, config.revocationPollInterval().toMillis()));
        }
    }

    private void schedule(Runnable task, long delayMillis) {
        try {
            poller.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // the service is closing
        }
    }

    /** Records sessions this instance just revoked (already written to the store), or was notified of. */
    public void revoke(Collection<String> sessionIds, Instant now) {
        long until = now.plus(keep).toEpochMilli();
        for (String sid : sessionIds) {
            add(sid, until);
        }
    }

    private synchronized void add(String sessionId, long untilMillis) {
        Held held = bySession.get(sessionId);
        if (held != null && held.untilMillis() >= untilMillis) {
            return;
        }
        if (held != null) {
            bySequence.remove(held.sequence());
        }
        long sequence = ++lastSequence;
        bySession.put(sessionId, new Held(untilMillis, sequence));
        bySequence.put(sequence, sessionId);
    }

    /** @return whether the session is known to be revoked */
    public boolean isRevoked(String sessionId) {
        return bySession.containsKey(sessionId);
    }

    /** @return how many revoked sessions are held in memory */
    public int size() {
        return bySession.size();
    }

    /**
     * One answer of the revocation feed.
     *
     * @param since the cursor of the reader's last answer; {@code null} or empty for everything that still matters
     * @return up to {@value #PAGE_SIZE} revoked sessions that arrived after {@code since}, oldest first
     * @throws InvalidInputException naming {@code since} if it is not a cursor of this feed's shape
     */
    public RevocationFeed.Page page(String since) {
        return page(since, PAGE_SIZE);
    }

    synchronized RevocationFeed.Page page(String since, int limit) {
        long after = position(since);
        long nowMillis = config.clock().millis();
        List<RevocationFeed.Entry> entries = new ArrayList<>(Math.min(limit, bySequence.size()));
        long last = after;
        boolean more = false;
        for (Map.Entry<Long, String> e : bySequence.tailMap(after, false).entrySet()) {
            if (entries.size() == limit) {
                more = true;
                break;
            }
            last = e.getKey();
            long until = bySession.get(e.getValue()).untilMillis();
            if (until >= nowMillis) {
                entries.add(new RevocationFeed.Entry(e.getValue(), until));
            }
        }
        // without more to read, the reader has seen everything numbered so far, including what expired unread
        return new RevocationFeed.Page(entries, epoch + "." + (more ? last : lastSequence), more);
    }

    /** @return the number after which {@code since} reads: 0 for the start */
    private long position(String since) {
        if (since == null || since.isEmpty()) {
            return 0;
        }
        Matcher m = CURSOR.matcher(since);
        if (!m.matches()) {
            throw new InvalidInputException("since", "is not a cursor of this feed: pass the last answer's cursor, "
                    + "or nothing for everything");
        }
        long sequence = Long.parseLong(m.group(2));
        // another list's cursor (another instance, or before a restart), or one from the future: from the start
        return m.group(1).equals(epoch) && sequence <= lastSequence ? sequence : 0;
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
            expire(now.toEpochMilli());
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

    private synchronized void expire(long nowMillis) {
        bySession.entrySet().removeIf(e -> {
            if (e.getValue().untilMillis() < nowMillis) {
                bySequence.remove(e.getValue().sequence());
                return true;
            }
            return false;
        });
    }

    private void load(Instant since, Instant now) {
        for (RevokedSession r : store.revokedSince(since)) {
            add(r.sessionId(), r.revokedAt().plus(keep).toEpochMilli());
        }
        lastPoll = now;
    }

    /** Stops polling; the store stops its listener when it closes. */
    @Override
    public void close() {
        poller.shutdownNow();
    }
}
