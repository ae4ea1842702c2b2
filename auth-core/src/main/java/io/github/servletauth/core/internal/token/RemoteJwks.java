package io.github.servletauth.core.internal.token;

import io.github.servletauth.core.AuthException;
import io.github.servletauth.core.InvalidTokenException;
import io.github.servletauth.core.JwtAlgorithm;
import io.github.servletauth.core.VerifiedToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Verification against the public keys an issuer publishes at a JWKS URL. The key set is fetched at start,
 * refetched every refresh interval, and refetched early when a token names an unknown {@code kid} (at most
 * once per 10 s). Fetches run on one background thread: a slow or broken endpoint never
 * blocks a request, which is verified against the last good key set (or refused, before the first one).
 */
public final class RemoteJwks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteJwks.class);
    static final Duration MIN_REFETCH = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration FIRST_KEYS_RETRY = Duration.ofSeconds(1);
    private static final int MAX_BYTES = 256 * 1024;

    private final URI url;
    private final JwtAlgorithm algorithm;
    private final Function<TokenKeys, AccessTokenCodec> codecFactory;
    private final ScheduledExecutorService fetcher;
    private final AtomicBoolean fetchQueued = new AtomicBoolean();
    private volatile AccessTokenCodec current;
    /** The JWK Set {@link #current} was built from; only the fetcher thread reads and writes it. */
    private String currentBody;
    private final long minRefetchNanos;
    private volatile long lastFetchNanos;
    private volatile boolean failing;
    private volatile boolean attempted;

    /**
     * Starts fetching at once, in the background.
     *
     * @param url the JWKS endpoint (http or https)
     * @param algorithm the one algorithm the keys are for
     * @param refresh how often to refetch
     * @param codecFactory builds a verifying codec from a key set
     */
    public RemoteJwks(URI url, JwtAlgorithm algorithm, Duration refresh,
                      Function<TokenKeys, AccessTokenCodec> codecFactory) {
        this(url, algorithm, refresh, MIN_REFETCH, codecFactory);
    }

    RemoteJwks(URI url, JwtAlgorithm algorithm, Duration refresh, Duration minRefetch,
               Function<TokenKeys, AccessTokenCodec> codecFactory) {
        this.minRefetchNanos = minRefetch.toNanos();
        this.url = Objects.requireNonNull(url, "url");
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.codecFactory = Objects.requireNonNull(codecFactory, "codecFactory");
        this.fetcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "servlet-auth-jwks");
            t.setDaemon(true);
            return t;
        });
        fetchQueued.set(true);
        fetcher.execute(this::fetch);
        fetcher.scheduleWithFixedDelay(this::fetch, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Waits up to {@code timeout} for the first fetch, so a webapp can start verifying at once; returns
     * whether a key set is loaded. Returns early when that fetch failed (for example: connection refused
     * because the issuer is still starting); never throws for an unreachable endpoint.
     */
    public boolean awaitKeys(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (current == null && !attempted && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return current != null;
    }

    /**
     * @throws InvalidTokenException UNKNOWN_KEY (and an early refetch is queued) when the token's key is not in
     *         the last fetched set
     */
    public VerifiedToken verify(String token) {
        AccessTokenCodec codec = current;
        if (codec == null) {
            // no keys yet: still answer garbage as garbage (and never fetch keys because of it)
            if (token == null || AccessTokenCodec.compactHeaderEnd(token) < 0) {
                throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED);
            }
            refetchSoon();
            throw new InvalidTokenException(InvalidTokenException.Reason.UNKNOWN_KEY);
        }
        try {
            return codec.verify(token);
        } catch (InvalidTokenException e) {
            if (e.reason() == InvalidTokenException.Reason.UNKNOWN_KEY) {
                refetchSoon();
            }
            throw e;
        }
    }

    private void refetchSoon() {
        // before the first key set arrives (the issuer may still be starting, e.g. in the same container)
        // retry every second; afterwards at most every minRefetch, so forged kids cannot make us hammer it
        long wait = current == null ? Math.min(minRefetchNanos, FIRST_KEYS_RETRY.toNanos()) : minRefetchNanos;
        if (System.nanoTime() - lastFetchNanos >= wait && fetchQueued.compareAndSet(false, true)) {
            fetcher.execute(this::fetch);
        }
    }

    private void fetch() {
        fetchQueued.set(false);
        lastFetchNanos = System.nanoTime();
        try {
            String body = download();
            if (current == null || !body.equals(currentBody)) {
                // a new key set gets a new codec, whose token cache starts empty; an unchanged one keeps both
                current = codecFactory.apply(TokenKeys.fromJwks(algorithm, body));
                currentBody = body;
            }
            if (failing) {
                LOG.info("JWK Set at {} fetched again", url);
            }
            failing = false;
        } catch (IOException | AuthException e) {
            logFailure(e.getMessage());
        } catch (RuntimeException e) {
            logFailure(e.toString());
        } finally {
            attempted = true;
        }
    }

    /**
     * One GET with {@code HttpURLConnection}, disconnected afterwards: unlike {@code java.net.http.HttpClient},
     * which cannot be closed on Java 17, it leaves no selector or worker threads behind when a webapp stops.
     */
    private String download() throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
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
            try (InputStream in = connection.getInputStream()) {
                byte[] bytes = in.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw new IOException("JWK Set larger than " + MAX_BYTES + " bytes");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
        } finally {
            connection.disconnect();
        }
    }

    private void logFailure(String why) {
        if (!failing) {
            LOG.warn("Cannot fetch the JWK Set at {} ({}); {}", url, why, current == null
                    ? "tokens are refused until it can be fetched" : "verifying with the last good key set");
            failing = true;
        }
    }

    @Override
    public void close() {
        fetcher.shutdownNow();
    }
}
