package io.github.servletauth.core.internal;

import io.github.servletauth.core.InvalidTokenException;
import io.github.servletauth.core.RevocationsUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The revocation list of a webapp without a database: the accounts webapp's revocation feed
 * ({@link RevocationFeed}), polled on one background thread every poll interval (every second until a first
 * answer has arrived), asking each time only for what is new. Verification only reads the list: a slow or broken
 * feed never blocks a request.
 *
 * <p>A feed that cannot be read (unreachable, an error status, an answer that is not a strict feed document or
 * larger than {@value #MAX_BYTES} bytes) changes nothing: the last list is kept and one line logged, until a good
 * answer arrives again (logged too). With a maximum staleness, tokens are refused once the last good answer is
 * older than that, and until a first one arrives (fail closed); without, they are accepted (fail open). Each
 * entry is kept until its {@code until}, but never longer than a token this verifier accepts can live, so a
 * feed cannot make it hold entries forever.
 */
public final class RevocationFeedPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RevocationFeedPoller.class);
    /** Forty times a full page: no good answer comes near it. */
    static final int MAX_BYTES = 2 * 1024 * 1024;
    /** Pages read at once when the feed says there are more; the rest waits for the next poll. */
    static final int MAX_PAGES_PER_POLL = 20;
    /** Beyond this many entries, an answer is refused rather than let the list grow without bound. */
    static final int MAX_HELD = 1_000_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration FIRST_ANSWER_RETRY = Duration.ofSeconds(1);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final Supplier<Optional<URI>> feed;
    private final Duration interval;
    private final Duration maxStaleness;
    private final Duration maxKeep;
    private final Clock clock;
    private final Map<String, Long> revokedUntilMillis = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller;
    private volatile Thread thread;
    /** The feed polled last, and its last good answer's cursor; only the poller thread reads and writes them. */
    private URI url;
    private String cursor;
    private volatile long lastGoodMillis = -1;
    private volatile boolean attempted;
    private volatile boolean failing;
    /**
     * Whether the feed is only learned from an issuer's metadata, and whether it has named one yet: an issuer
     * that names none (any other than ours) has no feed to be stale, so the maximum staleness does not apply.
     */
    private final boolean discovered;
    private volatile boolean named;

    /**
     * A poller that polls once {@link #start() started}.
     *
     * @param url the feed, e.g. {@code https://accounts.example.org/auth/revocations}
     * @param interval how often it is polled
     * @param maxStaleness how old the last good answer may be before every token is refused; empty: never
     * @param maxKeep the longest any entry matters here: the longest lifetime of a token this verifier accepts
     * @param clock the clock of {@code until} and of the staleness
     */
    public RevocationFeedPoller(URI url, Duration interval, Optional<Duration> maxStaleness, Duration maxKeep,
                                Clock clock) {
        this(fixed(Objects.requireNonNull(url, "url")), interval, maxStaleness, maxKeep, clock);
    }

    /**
     * A poller of a feed that is learned later: the one an issuer's metadata names. Before it names one, or if it
     * names none, polls do nothing and the maximum staleness does not apply (an issuer without a feed has nothing
     * to be stale; until its metadata arrives its tokens are refused for want of keys anyway); once it names one,
     * the staleness counts from then; when it names another, that one is read from its start.
     *
     * @param feed asked before each poll, on the poller thread
     * @param interval how often it is polled
     * @param maxStaleness how old the last good answer may be before every token is refused; empty: never
     * @param maxKeep the longest any entry matters here: the longest lifetime of a token this verifier accepts
     * @param clock the clock of {@code until} and of the staleness
     */
    public RevocationFeedPoller(Supplier<Optional<URI>> feed, Duration interval, Optional<Duration> maxStaleness,
                                Duration maxKeep, Clock clock) {
        this.feed = Objects.requireNonNull(feed, "feed");
        this.discovered = !(feed instanceof FixedFeed);
        this.interval = Objects.requireNonNull(interval, "interval");
        this.maxStaleness = maxStaleness.orElse(null);
        this.maxKeep = Objects.requireNonNull(maxKeep, "maxKeep");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "servlet-auth-revocation-feed");
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    /** Polls at once, in the background, then every second until a first good answer, then every interval. */
    public void start() {
        poller.execute(this::pollUntilFirstAnswer);
    }

    /**
     * Waits up to {@code timeout} for the first poll, so that a webapp starts with the list; returns early when
     * that poll failed (the accounts webapp may still be starting, e.g. in the same container).
     *
     * @return whether a first good answer has arrived
     */
    public boolean awaitFirstAnswer(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!attempted && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return lastGoodMillis >= 0;
    }

    /**
     * @param sessionId the {@code sid} of a verified token
     * @throws InvalidTokenException REVOKED if the feed listed the session
     * @throws RevocationsUnavailableException if failing closed: no good answer within the maximum staleness
     */
    public void check(String sessionId) {
        if (maxStaleness != null && (!discovered || named)) {
            long last = lastGoodMillis;
            if (last < 0 || clock.millis() - last > maxStaleness.toMillis()) {
                throw new RevocationsUnavailableException(interval);
            }
        }
        if (revokedUntilMillis.containsKey(sessionId)) {
            throw new InvalidTokenException(InvalidTokenException.Reason.REVOKED);
        }
    }

    /** @return how many revoked sessions are held */
    int size() {
        return revokedUntilMillis.size();
    }

    private void pollUntilFirstAnswer() {
        poll();
        if (lastGoodMillis < 0) {
            long retry = Math.min(interval.toMillis(), FIRST_ANSWER_RETRY.toMillis());
            poller.schedule(this::pollUntilFirstAnswer, retry, TimeUnit.MILLISECONDS);
        } else {
            long every = interval.toMillis();
            poller.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private static Supplier<Optional<URI>> fixed(URI url) {
        return new FixedFeed(Optional.of(url));
    }

    /** A feed configured by URL ({@code auth.revocation.feed-url}), not learned from metadata. */
    private record FixedFeed(Optional<URI> url) implements Supplier<Optional<URI>> {
        @Override
        public Optional<URI> get() {
            return url;
        }
    }

    /** Reads what is new, page by page; on the poller thread (tests call it directly, without starting). */
    void poll() {
        Optional<URI> current = feed.get();
        if (current.isEmpty()) {
            // the issuer's metadata has not been read yet, or names no feed: nothing to ask
            attempted = true;
            return;
        }
        named = true;
        if (!current.get().equals(url)) {
            if (url != null) {
                LOG.info("The revocation feed is now at {}", current.get());
            }
            // a cursor belongs to the feed that gave it
            url = current.get();
            cursor = null;
        }
        try {
            for (int page = 0; page < MAX_PAGES_PER_POLL; page++) {
                RevocationFeed.Page answer = RevocationFeed.read(download());
                apply(answer);
                cursor = answer.cursor();
                lastGoodMillis = clock.millis();
                if (!answer.more()) {
                    break;
                }
            }
            if (failing) {
                LOG.info("Revocation feed at {} read again; {} revoked sessions known", url, revokedUntilMillis.size());
                failing = false;
            }
        } catch (IOException | IllegalArgumentException e) {
            logFailure(e.getMessage());
        } catch (RuntimeException e) {
            logFailure(e.toString());
        } finally {
            attempted = true;
            expire();
        }
    }

    private void apply(RevocationFeed.Page answer) {
        long now = clock.millis();
        long latest = now + maxKeep.toMillis();
        int added = 0;
        for (RevocationFeed.Entry e : answer.revoked()) {
            if (!revokedUntilMillis.containsKey(e.sessionId())) {
                added++;
            }
        }
        if (revokedUntilMillis.size() + added > MAX_HELD) {
            throw new IllegalArgumentException("the answer would hold more than " + MAX_HELD + " revoked sessions");
        }
        for (RevocationFeed.Entry e : answer.revoked()) {
            if (e.untilMillis() >= now) {
                revokedUntilMillis.merge(e.sessionId(), Math.min(e.untilMillis(), latest), Math::max);
            }
        }
    }

    private void expire() {
        long now = clock.millis();
        revokedUntilMillis.values().removeIf(until -> until < now);
    }

    /**
     * One GET with {@code HttpURLConnection}, disconnected afterwards: unlike {@code java.net.http.HttpClient},
     * which cannot be closed on Java 17, it leaves no threads behind when a webapp stops.
     */
    private String download() throws IOException {
        URI target = cursor == null ? url : URI.create(url + (url.getRawQuery() == null ? "?" : "&") + "since="
                + cursor);
        HttpURLConnection connection = (HttpURLConnection) target.toURL().openConnection();
        try {
            connection.setConnectTimeout((int) TIMEOUT.toMillis());
            connection.setReadTimeout((int) TIMEOUT.toMillis());
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestProperty("Accept", "application/json");
            int status = connection.getResponseCode();
            if (status != 200) {
                throw new IOException("HTTP status " + status);
            }
            String type = connection.getContentType();
            if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
                throw new IOException("not application/json");
            }
            if (connection.getContentLengthLong() > MAX_BYTES) {
                throw new IOException("answer larger than " + MAX_BYTES + " bytes");
            }
            try (InputStream in = connection.getInputStream()) {
                byte[] bytes = in.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw new IOException("answer larger than " + MAX_BYTES + " bytes");
                }
                return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            }
        } finally {
            connection.disconnect();
        }
    }

    private void logFailure(String why) {
        if (!failing) {
            String consequence = maxStaleness == null
                    ? "keeping the last list of " + revokedUntilMillis.size() + " revoked sessions"
                    : lastGoodMillis < 0 ? "tokens are refused until it can be read"
                    : "keeping the last list; tokens are refused once it is older than " + maxStaleness;
            LOG.warn("Cannot read the revocation feed at {} ({}); {}", url, why, consequence);
            failing = true;
        }
    }

    /** Stops polling and waits for the thread to end, so that no thread outlives the webapp. */
    @Override
    public void close() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            // the executor counts as terminated a moment before its thread has ended
            Thread t = thread;
            if (t != null) {
                t.join(STOP_WAIT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
