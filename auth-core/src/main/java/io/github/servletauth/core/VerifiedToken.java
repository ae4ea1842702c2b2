package io.github.servletauth.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * The claims of an access token whose signature, algorithm, issuer, audience, expiry and revocation status
 * were all checked. Immutable and safe to cache or share between threads.
 *
 * <p>A token of this library names an account: {@link #userId()} is its numeric id and {@link #subject()} the same
 * number as text. A token of another issuer ({@code auth.jwt.issuer-uri}: Keycloak, Entra ID, Auth0, Okta, ...)
 * names a subject of that issuer, which is no account here: {@link #subject()} is its {@code sub} as given
 * (a UUID, {@code auth0|...}, an e-mail address), {@link #userId()} is {@link #NO_USER_ID}, the username and roles
 * come from the configured claims, and {@link #sessionId()} and {@link #tokenId()} are empty when the issuer puts
 * no {@code sid} or {@code jti} into its access tokens.
 *
 * @param userId the {@code user_id} claim (equal to {@code sub}) of this library's tokens; {@link #NO_USER_ID}
 *               for a token of another issuer
 * @param username the {@code username} claim, or the claim {@code auth.jwt.username-claim} names
 * @param roles the {@code roles} claim, or those at {@code auth.jwt.roles-claim}; possibly empty
 * @param sessionId the {@code sid} claim: the login session (refresh-token family) the token belongs to; empty for
 *                  a token of another issuer without one
 * @param tokenId the {@code jti} claim; empty for a token of another issuer without one
 * @param issuedAt the {@code iat} claim
 * @param expiresAt the {@code exp} claim
 * @param subject the {@code sub} claim as text: the account id of this library's tokens, the issuer's own
 *                identifier of the user (or client) for another issuer's
 */
public record VerifiedToken(long userId, String username, Set<String> roles, String sessionId, String tokenId,
                            Instant issuedAt, Instant expiresAt, String subject) {

    /** {@link #userId()} of a token from another issuer, whose subject is not an account of this library. */
    public static final long NO_USER_ID = -1;

    /** Validates and copies the components. */
    public VerifiedToken {
        Objects.requireNonNull(username, "username");
        roles = Set.copyOf(Objects.requireNonNull(roles, "roles"));
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (Objects.requireNonNull(subject, "subject").isBlank()) {
            throw new IllegalArgumentException("subject must not be blank");
        }
        if (userId != NO_USER_ID && !subject.equals(Long.toString(userId))) {
            throw new IllegalArgumentException("subject must be the userId as text, or userId NO_USER_ID");
        }
    }

    /**
     * A token of this library: the subject is the account id as text.
     *
     * @param userId the {@code user_id} claim (equal to {@code sub})
     * @param username the {@code username} claim
     * @param roles the {@code roles} claim, possibly empty
     * @param sessionId the {@code sid} claim
     * @param tokenId the {@code jti} claim
     * @param issuedAt the {@code iat} claim
     * @param expiresAt the {@code exp} claim
     */
    public VerifiedToken(long userId, String username, Set<String> roles, String sessionId, String tokenId,
                         Instant issuedAt, Instant expiresAt) {
        this(userId, username, roles, sessionId, tokenId, issuedAt, expiresAt, Long.toString(userId));
    }

    /**
     * @param role a role name, compared exactly
     * @return whether the token carries the role
     */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** @return whether the token names an account of this library ({@link #userId()} is not {@link #NO_USER_ID}) */
    public boolean hasUserId() {
        return userId != NO_USER_ID;
    }
}
