package io.github.servletauth.core.internal.store;

import io.github.servletauth.core.InvalidTokenException;

/** The outcome of presenting a refresh token to {@link AccountStore#rotate}. */
public sealed interface RefreshResult {

    /**
     * The presented token was live and is now used; the new token (whose hash the caller passed) is stored.
     *
     * @param account the owner, as currently stored (roles and username may have changed since login)
     * @param sessionId the session the new token continues
     */
    record Rotated(StoredAccount account, String sessionId) implements RefreshResult {
    }

    /**
     * The token was refused.
     *
     * @param reason UNKNOWN, EXPIRED, REVOKED (session revoked, account disabled or deleted), REUSED, or
     *               SUPERSEDED (used moments ago, within the grace the caller gave; the session lives on)
     * @param revokedSessionId the session this call revoked (on REUSED), or {@code null}
     */
    record Refused(InvalidTokenException.Reason reason, String revokedSessionId) implements RefreshResult {
    }
}
