package io.github.servletauth.core;

import java.util.Map;

/**
 * STUB (signature fixed; implementation lands with the auth-servlet issue): a {@link TokenVerifier} for a
 * webapp with no account database, configured only with the HS256 secret ({@code auth.jwt.secret}), a PEM
 * public key file ({@code auth.jwt.public-key-file}) or a JWKS URL ({@code auth.jwt.jwks-url}), plus
 * {@code auth.jwt.algorithm}, {@code auth.jwt.issuer}, {@code auth.jwt.audience} and {@code auth.jwt.clock-skew}.
 * It checks signatures and claims but cannot know of revocations.
 */
public final class JwtVerifier implements TokenVerifier, AutoCloseable {

    private JwtVerifier() {
    }

    /**
     * @param fallback lowest-precedence source of keys (after system properties and environment)
     * @return a verifier
     * @throws ConfigurationException naming the key at fault
     */
    public static JwtVerifier fromSources(Map<String, String> fallback) {
        throw new UnsupportedOperationException("lands with the auth-servlet issue");
    }

    @Override
    public VerifiedToken verify(String accessToken) {
        throw new UnsupportedOperationException("lands with the auth-servlet issue");
    }

    /** Stops background JWKS refreshes, if any. */
    @Override
    public void close() {
    }
}
