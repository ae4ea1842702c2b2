package io.github.servletauth.core.internal.token;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.VerifiedToken;

import java.time.Instant;
import java.util.Set;

/** STUB: replaced by the token work. */
public final class AccessTokenCodec {
    public AccessTokenCodec(TokenKeys keys, AuthConfig config) {
    }

    public String issue(long userId, String username, Set<String> roles, String sessionId, String tokenId,
                        Instant issuedAt, Instant expiresAt) {
        throw new UnsupportedOperationException();
    }

    public VerifiedToken verify(String token) {
        throw new UnsupportedOperationException();
    }

    public String jwksJson() {
        throw new UnsupportedOperationException();
    }
}
