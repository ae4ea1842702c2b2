package io.github.servletauth.core.internal.store;

import java.time.Instant;

/**
 * The session a refresh token belongs to, whether or not the token was exchanged.
 *
 * @param sessionId the session
 * @param userId its account
 * @param expiresAt when the session's newest refresh token expires (the session ends then)
 * @param revoked whether the session was revoked (logout, reuse, password change, disabled or deleted account)
 */
public record RefreshTokenSession(String sessionId, long userId, Instant expiresAt, boolean revoked) {

    /** @return whether the session is neither revoked nor expired at {@code now} */
    public boolean liveAt(Instant now) {
        return !revoked && now.isBefore(expiresAt);
    }
}
