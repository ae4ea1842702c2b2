package io.github.servletauth.core.internal.token;

import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the keys of an issuer are, found from its issuer identifier alone: its metadata names the JWK Set
 * ({@code jwks_uri}), which is then fetched. The metadata is looked for where OpenID Connect Discovery 1.0
 * (section 4) puts it, {@code <issuer>/.well-known/openid-configuration}, then where RFC 8414 (section 3) puts
 * it, {@code /.well-known/oauth-authorization-server} inserted between the host and the issuer's path. Its
 * {@code issuer} must equal the configured one exactly (Discovery section 4.3, RFC 8414 section 3.3), which
 * stops a metadata document of one tenant or realm from naming the keys of another.
 *
 * <p>The metadata is fetched again once it is older than the refresh interval, and whenever the JWK Set it
 * names cannot be fetched (the issuer may have moved its keys). Only {@link RemoteJwks}'s fetcher thread calls
 * {@link #fetch()}.
 */
final class IssuerDiscovery implements RemoteJwks.KeySource {
    private static final Logger LOG = LoggerFactory.getLogger(IssuerDiscovery.class);
    static final String OPENID_CONFIGURATION = "/.well-known/openid-configuration";
    static final String OAUTH_AUTHORIZATION_SERVER = "/.well-known/oauth-authorization-server";
    /**
     * The metadata field in which this library's accounts webapp names its revocation feed. Not a registered
     * name (RFC 8414 section 2 allows others): RFC 7009's {@code revocation_endpoint} is where a client revokes a
     * token, something else entirely.
     */
    static final String REVOCATIONS_FIELD = "servlet_auth_revocations_uri";

    /**
     * What the metadata says: the issuer as it is to appear in {@code iss}, its JWK Set, and the revocation feed
     * it names on its own origin ({@code null}: none).
     */
    record Metadata(String issuer, URI jwksUri, URI revocationFeed) {
    }

    private final URI issuer;
    private final long refreshNanos;
    private Metadata metadata;
    private long fetchedAtNanos;
    /** The feed the last metadata read named; kept while the metadata cannot be read. */
    private volatile Optional<URI> revocationFeed = Optional.empty();

    /**
     * @param issuer the issuer identifier, exactly as its tokens carry it in {@code iss}
     * @param refresh how long the metadata is used before it is fetched again
     */
    IssuerDiscovery(URI issuer, Duration refresh) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.refreshNanos = refresh.toNanos();
    }

    @Override
    public String fetch() throws IOException {
        if (metadata == null || System.nanoTime() - fetchedAtNanos >= refreshNanos) {
            Metadata found = discover();
            if (metadata != null && !metadata.jwksUri().equals(found.jwksUri())) {
                LOG.info("Issuer {} now names its JWK Set at {}", issuer, found.jwksUri());
            }
            metadata = found;
            fetchedAtNanos = System.nanoTime();
            revocationFeed = Optional.ofNullable(found.revocationFeed());
        }
        URI jwks = metadata.jwksUri();
        try {
            return HttpFetch.json(jwks);
        } catch (IOException e) {
            metadata = null;
            throw new IOException("JWK Set at " + jwks + ": " + e.getMessage(), e);
        }
    }

    /**
     * @return the revocation feed the issuer's metadata named when last read (on the issuer's own origin), if any;
     *         any thread
     */
    Optional<URI> revocationFeed() {
        return revocationFeed;
    }

    /** @return the metadata of the first location that answers 200 */
    Metadata discover() throws IOException {
        IOException last = null;
        for (URI location : locations(issuer)) {
            String body;
            try {
                body = HttpFetch.json(location);
            } catch (HttpFetch.StatusException e) {
                // not there (404, or a 4xx/5xx of a path the server does not know): try the next location
                last = new IOException("metadata at " + location + ": " + e.getMessage());
                continue;
            }
            return parse(body, issuer.toString(), location);
        }
        throw last;
    }

    /**
     * @param issuer an http(s) issuer identifier without query or fragment
     * @return the OpenID Connect location, then the RFC 8414 one (the same when the issuer has no path)
     */
    static List<URI> locations(URI issuer) {
        String text = issuer.toString();
        String base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        URI openId = URI.create(base + OPENID_CONFIGURATION);
        String path = issuer.getRawPath() == null ? "" : issuer.getRawPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        URI oauth = URI.create(issuer.getScheme() + "://" + issuer.getRawAuthority() + OAUTH_AUTHORIZATION_SERVER
                + path);
        return List.of(openId, oauth);
    }

    /**
     * @param json the metadata document
     * @param expectedIssuer the configured issuer, compared as a string
     * @param location where it came from, for messages
     * @return its issuer and JWK Set URL
     * @throws IOException naming what is wrong (the document holds no secrets; it is never quoted whole)
     */
    static Metadata parse(String json, String expectedIssuer, URI location) throws IOException {
        Map<String, Object> doc;
        try {
            doc = JsonUtil.parseJson(json);
        } catch (JoseException | RuntimeException e) {
            throw new IOException("metadata at " + location + " is not a JSON object");
        }
        if (!(doc.get("issuer") instanceof String issuer) || !issuer.equals(expectedIssuer)) {
            throw new IOException("metadata at " + location + " names another issuer than auth.jwt.issuer-uri "
                    + "(they must be equal, character for character)");
        }
        if (!(doc.get("jwks_uri") instanceof String jwks)) {
            throw new IOException("metadata at " + location + " has no jwks_uri");
        }
        URI jwksUri;
        try {
            jwksUri = URI.create(jwks);
        } catch (IllegalArgumentException e) {
            throw new IOException("metadata at " + location + " has a jwks_uri that is not a URL");
        }
        boolean https = "https".equals(jwksUri.getScheme());
        if (!https && !"http".equals(jwksUri.getScheme()) || jwksUri.getHost() == null) {
            throw new IOException("metadata at " + location + " has a jwks_uri that is not an http(s) URL");
        }
        if (!https && "https".equals(URI.create(expectedIssuer).getScheme())) {
            throw new IOException("metadata at " + location + " has a plain-http jwks_uri for an https issuer");
        }
        return new Metadata(issuer, jwksUri, revocationFeed(doc.get(REVOCATIONS_FIELD), issuer, location));
    }

    /**
     * A feed is polled only on the issuer's own origin (scheme, host and port): whoever can change the metadata
     * could otherwise send every verifier's polls to any host, and be believed about which sessions are revoked.
     *
     * @return the feed's URL; {@code null} when the metadata names none, or one that is refused (logged)
     */
    static URI revocationFeed(Object field, String issuer, URI location) {
        if (field == null) {
            return null;
        }
        URI feed = null;
        if (field instanceof String text) {
            try {
                feed = URI.create(text);
            } catch (IllegalArgumentException e) {
                feed = null;
            }
        }
        if (feed == null || !sameOrigin(feed, URI.create(issuer)) || feed.getRawUserInfo() != null
                || feed.getRawFragment() != null) {
            LOG.warn("Metadata at {} names a revocation feed ({}) that is not a URL on the issuer's own origin; "
                    + "it is not polled", location, REVOCATIONS_FIELD);
            return null;
        }
        return feed;
    }

    private static boolean sameOrigin(URI a, URI b) {
        String scheme = a.getScheme() == null ? "" : a.getScheme().toLowerCase(Locale.ROOT);
        return ("http".equals(scheme) || "https".equals(scheme)) && a.getHost() != null && b.getHost() != null
                && scheme.equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    @Override
    public String toString() {
        return "the JWK Set of issuer " + issuer + " (found by its metadata)";
    }
}
