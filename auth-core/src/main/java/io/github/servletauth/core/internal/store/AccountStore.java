package io.github.servletauth.core.internal.store;

import io.github.servletauth.core.AccountNotFoundException;
import io.github.servletauth.core.DuplicateUsernameException;
import io.github.servletauth.core.StoreUnavailableException;
import io.github.servletauth.core.internal.password.Usernames;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Persistence of accounts, sessions (refresh-token families) and refresh tokens. One implementation per SQL
 * dialect behind this interface; the same contract test suite runs against each.
 *
 * <p>Every method may throw {@link StoreUnavailableException} when the database cannot be reached (quickly:
 * within the configured connect timeout) and never throws a raw {@code SQLException}. Methods that change
 * several rows do so in one transaction. Refresh tokens are only ever handled as hashes.
 */
public interface AccountStore extends AutoCloseable {

    /**
     * Creates an account without a session, its skeleton computed from {@code usernameKey}.
     *
     * @return a new account with a fresh, never reused user id
     * @throws DuplicateUsernameException if {@code usernameKey} or its skeleton is taken (also under concurrent
     *         inserts)
     */
    default StoredAccount create(String username, String usernameKey, String email, Set<String> roles,
                                 String passwordHash, Instant now) {
        return create(username, usernameKey, Usernames.skeleton(usernameKey), email, roles, passwordHash, now,
                null);
    }

    /**
     * Creates the account and, in the same transaction, its first session, so a registration that fails
     * half-way leaves nothing behind.
     *
     * @param usernameSkeleton {@link Usernames#skeleton(String)} of {@code usernameKey}, unique like the key
     * @param firstSession the session to open with the account, or {@code null} for none
     * @return a new account with a fresh, never reused user id
     * @throws DuplicateUsernameException if {@code usernameKey} or {@code usernameSkeleton} is taken (also under
     *         concurrent inserts)
     */
    StoredAccount create(String username, String usernameKey, String usernameSkeleton, String email,
                         Set<String> roles, String passwordHash, Instant now, FirstSession firstSession);

    /**
     * Whether {@link #create} would refuse this name as taken, without trying: one indexed read, so a caller can
     * refuse before spending a password hash. A concurrent registration can still win; create stays the judge.
     *
     * @param usernameKey the key of the name to register
     * @param usernameSkeleton its {@link Usernames#skeleton(String)}
     * @return whether an account has this key or this skeleton
     */
    boolean usernameTaken(String usernameKey, String usernameSkeleton);

    /**
     * The session a registration opens.
     *
     * @param sessionId the new session's id
     * @param refreshTokenHash the hash of its first refresh token
     * @param refreshExpiresAt when that token expires
     */
    record FirstSession(String sessionId, String refreshTokenHash, Instant refreshExpiresAt) {
    }

    /** @return the account with this id */
    Optional<StoredAccount> findById(long userId);

    /** @return the account whose normalised username is {@code usernameKey} */
    Optional<StoredAccount> findByUsernameKey(String usernameKey);

    /** Sets the last-login time. No effect if the account is gone. */
    void recordLogin(long userId, Instant at);

    /**
     * Replaces the hash with an upgraded one of the same password, only if it still equals
     * {@code expectedHash}; sessions are untouched.
     *
     * @return whether the hash was replaced
     */
    boolean upgradeHash(long userId, String expectedHash, String newHash);

    /**
     * Replaces the hash if it still equals {@code expectedHash} and, in the same transaction, revokes every
     * live session of the account.
     *
     * @return the revoked session ids, or empty if the hash had changed meanwhile (nothing written)
     * @throws AccountNotFoundException if the account does not exist
     */
    Optional<List<String>> changePassword(long userId, String expectedHash, String newHash, Instant now);

    /**
     * Enables or disables the account; disabling also revokes every live session in the same transaction.
     *
     * @return the revoked session ids (empty when enabling)
     * @throws AccountNotFoundException if the account does not exist
     */
    List<String> setEnabled(long userId, boolean enabled, Instant now);

    /**
     * @throws AccountNotFoundException if the account does not exist
     */
    void setRoles(long userId, Set<String> roles, Instant now);

    /**
     * Deletes the account and revokes its sessions (the session rows stay, revoked, until purged, so that
     * other instances learn of the revocation).
     *
     * @return the revoked session ids
     * @throws AccountNotFoundException if the account does not exist
     */
    List<String> delete(long userId, Instant now);

    /**
     * Atomically checks that the account exists, is enabled and still has {@code expectedHash} (locking its
     * row against a concurrent disable or password change), then creates the session and its first refresh
     * token.
     *
     * @return false (nothing written) if the account is gone, disabled or its password changed
     */
    boolean openSession(String sessionId, long userId, String expectedHash, String refreshTokenHash,
                        Instant now, Instant refreshExpiresAt);

    /**
     * Exchanges a refresh token, in one transaction: unknown → UNKNOWN; already used → revoke its session
     * (reuse detection; also when two calls race for the same token, exactly one wins) → REUSED; session
     * revoked, account gone or disabled → REVOKED; expired → EXPIRED; otherwise mark it used, store
     * {@code newHash} in the same session expiring at {@code newExpiresAt} → Rotated. The same as
     * {@link #rotate(String, String, Instant, Instant, long)} without grace.
     */
    default RefreshResult rotate(String presentedHash, String newHash, Instant now, Instant newExpiresAt) {
        return rotate(presentedHash, newHash, now, newExpiresAt, 0);
    }

    /**
     * Like {@link #rotate(String, String, Instant, Instant)}, except that a token used at most
     * {@code supersededGraceMillis} before {@code now}, or being exchanged by a concurrent call right now, is
     * refused as SUPERSEDED without revoking its session (two browser tabs renewing at the same moment), unless
     * the session is revoked meanwhile (then REVOKED). A grace of 0 is exactly the plain rotation.
     *
     * @param supersededGraceMillis how long after its exchange a used token is forgiven; 0 for never
     */
    RefreshResult rotate(String presentedHash, String newHash, Instant now, Instant newExpiresAt,
                         long supersededGraceMillis);

    /**
     * Revokes the session if it belongs to {@code userId}; idempotent.
     *
     * @return whether a live session was revoked by this call
     */
    boolean revokeSession(String sessionId, long userId, Instant now);

    /**
     * @return the session of the refresh token with this hash, if that token exists and belongs to
     *         {@code userId}
     */
    Optional<String> sessionOfRefreshToken(String refreshTokenHash, long userId);

    /**
     * @return the session of the refresh token with this hash, exchanged or not, whatever the session's state,
     *         if the token is known
     */
    Optional<RefreshTokenSession> findSessionOfRefreshToken(String refreshTokenHash);

    /** @return sessions revoked at or after {@code since}, for the revocation cache of every instance */
    List<RevokedSession> revokedSince(Instant since);

    /**
     * Tells {@code listener} of revocations as they commit, on any instance sharing the database, from a
     * background thread that reconnects by itself and stops when the store closes. PostgreSQL only
     * ({@code LISTEN}/{@code NOTIFY}); elsewhere nothing happens and {@link #revokedSince} stays the only way.
     * At most one listener per store.
     *
     * @param listener told of every revocation, and each time listening (re)starts
     */
    default void listenForRevocations(RevocationListener listener) {
    }

    /**
     * Deletes refresh tokens expired before {@code now} and sessions that expired or were revoked before
     * {@code olderThan}.
     *
     * @return the number of rows deleted
     */
    int purge(Instant now, Instant olderThan);

    /**
     * Claims one attempt on every key at once, before the work it guards: if none of the keys is blocked at
     * {@code now}, each key's count goes up by one (starting over when its last attempt is older than its
     * {@code resetAfter}) and each key is blocked until {@code now + delay(count)}; if any is blocked, nothing
     * changes. Atomic per key across threads and instances sharing the database.
     *
     * @param keys the counters to claim on, such as {@code u:<username key>} and {@code a:<client address>}
     * @return empty if the attempt was claimed, otherwise the latest time until which one of the keys is blocked
     */
    Optional<Instant> claimAttempt(List<ThrottleKey> keys, Instant now);

    /**
     * Gives back one claimed attempt that turned out not to count (such as a successful login on an address
     * counter): the count goes down by one, and the block shortens to the delay of the lower count.
     */
    void releaseAttempt(ThrottleKey key);

    /** Forgets the attempts of {@code key} (a username's, after a successful login). */
    void clearAttempts(String key);

    /** Closes the connection pool. */
    @Override
    void close();
}
