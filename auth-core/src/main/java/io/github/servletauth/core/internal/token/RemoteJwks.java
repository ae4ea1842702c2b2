package io.github.servletauth.core.internal.token;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.AuthException;
import io.github.servletauth.core.InvalidTokenException;
import io.github.servletauth.core.JwtAlgorithm;
import io.github.servletauth.core.TokenVerifier;
import io.github.servletauth.core.VerifiedToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Verification against the public keys an issuer publishes: at a JWKS URL, or at the URL its metadata names
 * ({@link #forIssuer}). The key set is fetched at start, refetched every refresh interval, and refetched early
 * when a token names an unknown {@code kid} (at most once per 10 s). Fetches run on one background thread: a slow
 * or broken endpoint never blocks a request, which is verified against the last good key set (or refused, before
 * the first one).
 */
public final class RemoteJwks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteJwks.class);
    static final Duration MIN_REFETCH = Duration.ofSeconds(10);
    private static final Duration FIRST_KEYS_RETRY = Duration.ofSeconds(1);

    /** Where a JWK Set comes from; called on the fetcher thread only. {@code toString()} names it in logs. */
    interface KeySource {
        /**
         * @return the JWK Set, as JSON text
         * @throws IOException if it cannot be fetched now
         */
        String fetch() throws IOException;
    }

    private final KeySource source;
    private final Function<String, TokenVerifier> verifierFactory;
    private final ScheduledExecutorService fetcher;
    private final AtomicBoolean fetchQueued = new AtomicBoolean();
    private volatile TokenVerifier current;
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
        this(jwksAt(url), refresh, minRefetch, ownTokens(algorithm, codecFactory));
    }

    /**
     * The keys of another issuer, found by its metadata ({@code auth.jwt.issuer-uri}); its tokens are verified
     * and mapped as {@link ForeignTokenCodec} says. Starts fetching at once, in the background.
     *
     * @param config a validated configuration with {@code auth.jwt.issuer-uri}
     * @return the verifier's key source, refetched every {@code auth.jwt.jwks-refresh}
     */
    public static RemoteJwks forIssuer(AuthConfig config) {
        return forIssuer(config, MIN_REFETCH);
    }

    static RemoteJwks forIssuer(AuthConfig config, Duration minRefetch) {
        URI issuer = config.issuerUri().orElseThrow(() -> new IllegalArgumentException("config: no issuer URI"));
        return new RemoteJwks(new IssuerDiscovery(issuer, config.jwksRefreshInterval()), config.jwksRefreshInterval(),
                minRefetch, body -> new ForeignTokenCodec(IssuerKeys.parse(body, config.jwtAlgorithms()), config)::verify);
    }

    /**
     * @param source where the JWK Set comes from
     * @param refresh how often to refetch
     * @param minRefetch the least time between two fetches caused by unknown {@code kid}s, once keys are loaded
     * @param verifierFactory builds the verifier of a JWK Set; throws {@link IllegalArgumentException} or an
     *                        {@link AuthException} for a set it cannot use (the last good one stays)
     */
    RemoteJwks(KeySource source, Duration refresh, Duration minRefetch,
               Function<String, TokenVerifier> verifierFactory) {
        this.minRefetchNanos = minRefetch.toNanos();
        this.source = Objects.requireNonNull(source, "source");
        this.verifierFactory = Objects.requireNonNull(verifierFactory, "verifierFactory");
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
     * @return the revocation feed the issuer's metadata names on its own origin
     *         ({@code servlet_auth_revocations_uri}, published by this library's accounts webapp), as last read;
     *         empty for a JWKS URL, before the metadata has been read, and for issuers that name none
     */
    public Optional<URI> revocationFeed() {
        return source instanceof IssuerDiscovery discovery ? discovery.revocationFeed() : Optional.empty();
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
        TokenVerifier codec = current;
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
            String body = source.fetch();
            if (current == null || !body.equals(currentBody)) {
                // a new key set gets a new codec, whose token cache starts empty; an unchanged one keeps both
                current = verifierFactory.apply(body);
                currentBody = body;
            }
            if (failing) {
                LOG.info("Fetched {} again", source);
            }
            failing = false;
        } catch (IOException | AuthException | IllegalArgumentException e) {
            logFailure(e.getMessage());
        } catch (RuntimeException e) {
            logFailure(e.toString());
        } finally {
            attempted = true;
        }
    }

    /** The JWK Set at a URL ({@code auth.jwt.jwks-url}). */
    private static KeySource jwksAt(URI url) {
        Objects.requireNonNull(url, "url");
        return new KeySource() {
            @Override
            public String fetch() throws IOException {
                return HttpFetch.json(url);
            }

            @Override
            public String toString() {
                return "the JWK Set at " + url;
            }
        };
    }

    /** This library's own tokens, verified by an {@link AccessTokenCodec} of the one algorithm. */
    private static Function<String, TokenVerifier> ownTokens(JwtAlgorithm algorithm,
                                                             Function<TokenKeys, AccessTokenCodec> codecFactory) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(codecFactory, "codecFactory");
        return body -> codecFactory.apply(TokenKeys.fromJwks(algorithm, body))::verify;
    }

    private void logFailure(String why) {
        if (!failing) {
            LOG.warn("Cannot fetch {} ({}); {}", source, why, current == null
                    ? "tokens are refused until it can be fetched" : "verifying with the last good key set");
            failing = true;
        }
    }

    @Override
    public void close() {
        fetcher.shutdownNow();
    }
}
