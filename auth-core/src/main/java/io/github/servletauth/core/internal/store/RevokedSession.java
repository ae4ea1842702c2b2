package io.github.servletauth.core.internal.store;

import java.time.Instant;

/**
 * A session (refresh-token family) that was revoked, as seen by the revocation poller.
 *
 * @param sessionId the session id (the {@code sid} claim of its access tokens)
 * @param userId the owner
 * @param revokedAt when it was revoked
 */
public record RevokedSession(String sessionId, long userId, Instant revokedAt) {
}
