package io.github.servletauth.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * The claims of an access token whose signature, algorithm, issuer, audience, expiry and revocation status
 * were all checked. Immutable and safe to cache or share between threads.
 *
 * @param userId the {@code user_id} claim (equal to {@code sub})
 * @param username the {@code username} claim
 * @param roles the {@code roles} claim, possibly empty
 * @param sessionId the {@code sid} claim: the login session (refresh-token family) the token belongs to
 * @param tokenId the {@code jti} claim
 * @param issuedAt the {@code iat} claim
 * @param expiresAt the {@code exp} claim
 */
public record VerifiedToken(long userId, String username, Set<String> roles, String sessionId, String tokenId,
                            Instant issuedAt, Instant expiresAt) {

    /** Validates and copies the components. */
    public VerifiedToken {
        Objects.requireNonNull(username, "username");
        roles = Set.copyOf(Objects.requireNonNull(roles, "roles"));
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /**
     * @param role a role name, compared exactly
     * @return whether the token carries the role
     */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
