package io.github.servletauth.core.internal.token;

import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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

    /** What the metadata says: the issuer as it is to appear in {@code iss}, and its JWK Set. */
    record Metadata(String issuer, URI jwksUri) {
    }

    private final URI issuer;
    private final long refreshNanos;
    private Metadata metadata;
    private long fetchedAtNanos;

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
        }
        URI jwks = metadata.jwksUri();
        try {
            return HttpFetch.json(jwks);
        } catch (IOException e) {
            metadata = null;
            throw new IOException("JWK Set at " + jwks + ": " + e.getMessage(), e);
        }
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
        return new Metadata(issuer, jwksUri);
    }

    @Override
    public String toString() {
        return "the JWK Set of issuer " + issuer + " (found by its metadata)";
    }
}
