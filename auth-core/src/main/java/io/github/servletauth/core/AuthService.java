package io.github.servletauth.core;

import io.github.servletauth.core.internal.AccountJars;
import io.github.servletauth.core.internal.AccountStates;
import io.github.servletauth.core.internal.AttemptThrottle;
import io.github.servletauth.core.internal.EmailAddresses;
import io.github.servletauth.core.internal.RevocationFeed;
import io.github.servletauth.core.internal.RevocationList;
import io.github.servletauth.core.internal.SecureTokens;
import io.github.servletauth.core.internal.password.PasswordHasher;
import io.github.servletauth.core.internal.password.PasswordPolicy;
import io.github.servletauth.core.internal.password.Usernames;
import io.github.servletauth.core.internal.store.AccountStore;
import io.github.servletauth.core.internal.store.AccountStores;
import io.github.servletauth.core.internal.store.RefreshResult;
import io.github.servletauth.core.internal.store.RefreshTokenSession;
import io.github.servletauth.core.internal.store.StoredAccount;
import io.github.servletauth.core.internal.token.AccessTokenCodec;
import io.github.servletauth.core.internal.token.EmbeddedSecret;
import io.github.servletauth.core.internal.token.TokenKeys;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The entry point of auth-core: accounts, logins, access and refresh tokens, revocation. One instance per
 * application (it owns a connection pool and a background revocation poller); thread-safe; close it on
 * shutdown.
 *
 * <pre>{@code
 * try (AuthService auth = AuthService.create(AuthConfig.fromSources(Map.of()))) {
 *     IssuedTokens reg = auth.register("alice", "correct horse battery staple", null);
 *     IssuedTokens session = auth.login("alice", "correct horse battery staple");
 *     VerifiedToken who = auth.verify(session.accessToken());      // local: no database round trip
 *     IssuedTokens next = auth.refresh(session.refreshToken());     // rotates the refresh token
 *     auth.logout(auth.verify(next.accessToken()), next.refreshToken());
 * } catch (InvalidCredentialsException | InvalidTokenException e) {
 *     // 401
 * } catch (InvalidInputException e) {
 *     // 400, e.fields() names what is wrong
 * } catch (StoreUnavailableException e) {
 *     // 503, try again later
 * }
 * }</pre>
 *
 * <p><b>Revocation.</b> Every access token carries the id of its login session ({@code sid}). Logout (also
 * by refresh token: {@link #endSession(String)}), a password change, disabling or deleting an account revoke
 * sessions in the database and in this instance's in-memory revocation list at once. Other instances sharing
 * a PostgreSQL database learn of them as they commit ({@code LISTEN}/{@code NOTIFY}, within milliseconds), and
 * poll the database every {@code auth.revocation.poll-interval} (default 5 s) in any case, which is all that
 * instances sharing an SQLite file have. {@link #verify(String)} therefore never queries the database. Webapps
 * without a database see revocations through {@link #revocationFeed(String)}, which a {@link JwtVerifier} with
 * {@code auth.revocation.feed-url} polls.
 */
public final class AuthService implements AutoCloseable {


    private final AuthConfig config;
    private final AccountStore store;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final AccessTokenCodec codec;
    private final RevocationList revocations;
    private final TokenVerifier tokenVerifier = new TokenVerifier() {
        @Override
        public VerifiedToken verify(String accessToken) {
            return AuthService.this.verify(accessToken);
        }

        @Override
        public boolean checksCompactSyntax() {
            return true;
        }
    };
    private final AttemptThrottle throttle;
    private final AccountStates accounts;

    private AuthService(AuthConfig config, AccountStore store, AccessTokenCodec codec) {
        this.config = config;
        this.store = store;
        this.hasher = new PasswordHasher(config.passwordAlgorithm(), config.passwordHashThreads(),
                config.passwordHashQueueTimeout());
        this.policy = new PasswordPolicy(config.passwordAlgorithm(), config.passwordRules());
        this.codec = codec;
        this.revocations = new RevocationList(store, config);
        this.accounts = new AccountStates(store, config.clock(), config.revocationPollInterval(),
                config.tokenCacheSize());
        this.throttle = new AttemptThrottle(store, config.registrationsPerAddress(),
                config.registrationMaxDelay());
    }

    /**
     * Builds the service: opens the connection pool, creates or checks the schema, loads or (embedded mode
     * only) generates the signing secret, loads current revocations and starts the revocation poller (and, on
     * PostgreSQL, the listener of other instances' revocations, on one connection of its own beside the pool).
     *
     * @param config a validated configuration
     * @return the running service
     * @throws ConfigurationException if a key file is unreadable, the schema version is wrong, or a jar the
     *         accounts need (JDBC driver, HikariCP, spring-security-crypto) is missing: the message names its
     *         Maven dependency
     * @throws StoreUnavailableException if the database cannot be reached
     */
    public static AuthService create(AuthConfig config) {
        Objects.requireNonNull(config, "config");
        AccountJars.requirePresent(config);
        if (config.jwksUrl().isPresent()) {
            throw new ConfigurationException("auth.jwt.jwks-url", "is for webapps that only verify tokens "
                    + "(JwtVerifier); the issuing application signs with auth.jwt.key-file");
        }
        if (config.issuerUri().isPresent()) {
            throw new ConfigurationException("auth.jwt.issuer-uri", "is for webapps that only verify another "
                    + "issuer's tokens (JwtVerifier, JwtFilter); the accounts webapp issues its own (auth.jwt.issuer)");
        }
        Optional<byte[]> generated = config.jwtAlgorithm() == JwtAlgorithm.HS256 && config.jwtSecret().isEmpty()
                ? Optional.of(EmbeddedSecret.loadOrCreate(config.dataDirectory()))
                : Optional.empty();
        AccessTokenCodec codec = new AccessTokenCodec(TokenKeys.fromConfig(config, generated), config);
        AccountStore store = AccountStores.open(config);
        try {
            AuthService service = new AuthService(config, store, codec);
            service.revocations.start();
            return service;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * Registers an account and opens its first session, without registration throttling; use
     * {@link #register(String, String, String, String)} from a public endpoint.
     *
     * @param username 3–150 characters after NFKC: letters, digits and {@code @ . + - _}
     * @param password 8–1024 characters, not the username, not a common password, passing the extra rules
     * @param email an optional email address, or {@code null}; surrounding whitespace is removed, and control,
     *              invisible (format) and space characters, lone surrogates and noncharacters are refused
     * @return the account and its first tokens
     * @throws InvalidInputException naming each refused field
     * @throws DuplicateUsernameException if the normalised username is taken, or one that looks the same (UTS #39
     *         skeleton)
     * @throws ServiceBusyException if every password-hashing slot stayed busy past the queue timeout
     */
    public IssuedTokens register(String username, String password, String email) {
        return register(username, password, email, null);
    }

    /**
     * Like {@link #register(String, String, String)}, throttled per client address: past
     * {@code auth.register.address-limit} registrations from one address (accepted or refused as taken) each
     * further one waits a doubling delay, capped at {@code auth.register.address-max-delay}, shared through the
     * database by every instance. Input that breaks a rule is refused before it counts; a taken username is
     * refused before any password hash is spent.
     *
     * @param username 3–150 characters after NFKC: letters, digits and {@code @ . + - _}
     * @param password 8–1024 characters, not the username, not a common password, passing the extra rules
     * @param email an optional email address, or {@code null}; checked as by
     *              {@link #register(String, String, String)}
     * @param clientAddress the client's address as the HTTP layer determined it, or {@code null} if unknown
     * @return the account and its first tokens
     * @throws InvalidInputException naming each refused field
     * @throws RegistrationThrottledException if the address registered too often just before
     * @throws DuplicateUsernameException if the normalised username is taken, or one that looks the same (UTS #39
     *         skeleton)
     * @throws ServiceBusyException if every password-hashing slot stayed busy past the queue timeout
     */
    public IssuedTokens register(String username, String password, String email, String clientAddress) {
        InvalidInputCollector problems = new InvalidInputCollector();
        String canonical = problems.collect("username", () -> Usernames.canonical(username));
        String key = canonical == null ? null : Usernames.key(canonical);
        problems.collect("password", () -> {
            policy.check(key == null ? "" : key, password);
            return null;
        });
        String cleanEmail = problems.collect("email", () -> EmailAddresses.check(email));
        problems.throwIfAny();
        Instant now = now();
        throttle.claimRegistration(clientAddress, now);
        // the 409 tells no more than the one after hashing would, and costs no hash
        String skeleton = Usernames.skeleton(key);
        if (store.usernameTaken(key, skeleton)) {
            throw new DuplicateUsernameException();
        }
        String hash = hasher.hash(password);
        String sessionId = SecureTokens.newId();
        String refreshToken = SecureTokens.newRefreshToken();
        Instant refreshExpiry = now.plus(config.refreshTokenTtl());
        // account and first session in one transaction: a failed registration leaves no account behind
        StoredAccount created = store.create(canonical, key, skeleton, cleanEmail, config.defaultRoles(), hash, now,
                new AccountStore.FirstSession(sessionId, SecureTokens.hashRefreshToken(refreshToken), refreshExpiry));
        return issue(created.account(), sessionId, refreshToken, now, refreshExpiry);
    }

    /**
     * Checks a username and password and opens a new session. Unknown users cost as much time as wrong
     * passwords. A hash made with an older algorithm or cost is upgraded on success. Throttled by username
     * only; use {@link #login(String, String, String)} to throttle by client address too.
     *
     * @param username the username in any case or width
     * @param password the password exactly as typed
     * @return fresh tokens
     * @throws LoginThrottledException if too many attempts failed just before
     * @throws InvalidCredentialsException for an unknown user, a wrong password or a disabled account
     * @throws ServiceBusyException if every password-hashing slot stayed busy past the queue timeout
     */
    public IssuedTokens login(String username, String password) {
        return login(username, password, null);
    }

    /**
     * Like {@link #login(String, String)}, with login throttling: consecutive failures for the normalised
     * username and for the client address delay the next attempt (growing backoff, capped), shared through the
     * database by every instance; a success resets the username's counter.
     *
     * @param username the username in any case or width
     * @param password the password exactly as typed
     * @param clientAddress the client's address as the HTTP layer determined it, or {@code null} if unknown
     * @return fresh tokens
     * @throws LoginThrottledException if an attempt is made before the backoff has passed
     * @throws InvalidCredentialsException for an unknown user, a wrong password or a disabled account
     * @throws ServiceBusyException if every password-hashing slot stayed busy past the queue timeout
     */
    public IssuedTokens login(String username, String password, String clientAddress) {
        if (username == null || password == null) {
            throw new InvalidCredentialsException();
        }
        Instant now = now();
        String key = Usernames.lookupKey(username).orElse(null);
        AttemptThrottle.Attempt attempt = throttle.claimLogin(key, clientAddress, now);
        Optional<StoredAccount> found = key == null ? Optional.empty() : store.findByUsernameKey(key);
        PasswordHasher.Match match = checkPassword(attempt, password, found.map(StoredAccount::passwordHash));
        if (!match.matches() || !found.get().account().enabled()) {
            throw new InvalidCredentialsException();
        }
        attempt.succeeded();
        StoredAccount stored = found.get();
        if (match.needsUpgrade()) {
            stored = upgradeHash(stored, password);
        }
        store.recordLogin(stored.account().userId(), now);
        return openSession(stored, now);
    }

    /**
     * Exchanges a refresh token for a new access token and a new refresh token (rotation). Presenting a token
     * that was already exchanged, however soon after, revokes its whole session: the thief and the owner both
     * have to log in again. Browsers renew with {@link #renew(String)}, which forgives two tabs renewing at once.
     *
     * @param refreshToken the opaque refresh token
     * @return fresh tokens in the same session
     * @throws InvalidTokenException if the token is malformed, unknown, expired, revoked or reused
     */
    public IssuedTokens refresh(String refreshToken) {
        return exchange(refreshToken, 0);
    }

    /**
     * Like {@link #refresh(String)}, for browser renewal: an already exchanged token presented again within
     * {@code auth.browser.renew-grace} of its exchange is refused with
     * {@link InvalidTokenException.Reason#SUPERSEDED} and the session stays alive (another tab renewed at the
     * same moment, and the browser holds the newer cookie by now); later, it counts as a replay and revokes the
     * session like {@code refresh}. With a grace of {@code PT0S} this is exactly {@code refresh}.
     *
     * <pre>{@code
     * try {
     *     IssuedTokens next = auth.renew(refreshCookie);   // set both cookies, redirect back
     * } catch (InvalidTokenException e) {
     *     if (e.reason() == InvalidTokenException.Reason.SUPERSEDED) {
     *         // redirect back without touching the cookies: the other tab's renewal set them
     *     } else {
     *         // clear the cookies, redirect to the sign-in page
     *     }
     * }
     * }</pre>
     *
     * @param refreshToken the opaque refresh token, as the browser's cookie holds it
     * @return fresh tokens in the same session
     * @throws InvalidTokenException if the token is malformed, unknown, expired, revoked, reused, or superseded
     */
    public IssuedTokens renew(String refreshToken) {
        return exchange(refreshToken, config.browser().renewGrace().toMillis());
    }

    /**
     * The session of a refresh token, for ending a browser's session whose access token has expired.
     *
     * @param refreshToken a refresh token this store issued, exchanged or not; may be {@code null} or malformed
     * @return the session id ({@code sid} of its access tokens) if that session is neither revoked nor expired;
     *         empty for a malformed, unknown or dead token. Never throws {@link InvalidTokenException}
     * @throws StoreUnavailableException if the database cannot be reached
     */
    public Optional<String> sessionOfRefreshToken(String refreshToken) {
        if (!SecureTokens.isWellFormedRefreshToken(refreshToken)) {
            return Optional.empty();
        }
        Instant now = now();
        return store.findSessionOfRefreshToken(SecureTokens.hashRefreshToken(refreshToken))
                .filter(session -> session.liveAt(now))
                .map(RefreshTokenSession::sessionId);
    }

    /**
     * Ends the session the refresh token belongs to (exchanged or not), like {@link #logout}: its access and
     * refresh tokens stop working at once on this instance and within {@code auth.revocation.poll-interval} on
     * others. For signing out a browser whose access token has already expired. Does nothing for a malformed
     * or unknown token.
     *
     * @param refreshToken a refresh token, as the browser's cookie holds it; may be {@code null} or malformed
     * @throws StoreUnavailableException if the database cannot be reached
     */
    public void endSession(String refreshToken) {
        if (!SecureTokens.isWellFormedRefreshToken(refreshToken)) {
            return;
        }
        Instant now = now();
        store.findSessionOfRefreshToken(SecureTokens.hashRefreshToken(refreshToken)).ifPresent(session -> {
            store.revokeSession(session.sessionId(), session.userId(), now);
            revocations.revoke(List.of(session.sessionId()), now);
        });
    }

    /** Rotates a refresh token; a token exchanged at most {@code graceMillis} ago is SUPERSEDED, not reused. */
    private IssuedTokens exchange(String refreshToken, long graceMillis) {
        String presented = SecureTokens.hashRefreshToken(refreshToken);
        String next = SecureTokens.newRefreshToken();
        Instant now = now();
        Instant refreshExpiry = now.plus(config.refreshTokenTtl());
        RefreshResult result = store.rotate(presented, SecureTokens.hashRefreshToken(next), now, refreshExpiry,
                graceMillis);
        if (result instanceof RefreshResult.Refused refused) {
            if (refused.revokedSessionId() != null) {
                revocations.revoke(List.of(refused.revokedSessionId()), now);
            }
            throw new InvalidTokenException(refused.reason());
        }
        RefreshResult.Rotated rotated = (RefreshResult.Rotated) result;
        Account account = rotated.account().account();
        return issue(account, rotated.sessionId(), next, now, refreshExpiry);
    }

    /**
     * Verifies an access token locally: signature with an allowed algorithm, {@code iss}, {@code aud},
     * {@code exp}, {@code sub}, and the in-memory revocation list. Never queries the database.
     *
     * @param accessToken the compact JWS, without {@code Bearer }
     * @return the verified claims
     * @throws InvalidTokenException with the reason
     */
    public VerifiedToken verify(String accessToken) {
        VerifiedToken token = codec.verify(accessToken);
        if (revocations.isRevoked(token.sessionId())) {
            throw new InvalidTokenException(InvalidTokenException.Reason.REVOKED);
        }
        return token;
    }

    /**
     * Verifies an access token like {@link #verify(String)} and confirms that its account exists and is enabled:
     * the contract of the validate endpoint ("the token is valid and corresponds to an existing user"). Unlike
     * {@code verify}, this may query the database; a confirmed account is remembered for at most
     * {@code auth.revocation.poll-interval} (disabling or deleting it here forgets it at once).
     *
     * @param accessToken the compact JWS, without {@code Bearer }
     * @return the verified claims
     * @throws InvalidTokenException with the reason; {@link InvalidTokenException.Reason#INACTIVE_ACCOUNT} if the
     *                               account is gone or disabled
     * @throws StoreUnavailableException if the database is down and the account was not confirmed before (an
     *                                    account confirmed before the outage stays confirmed during it)
     */
    public VerifiedToken validate(String accessToken) {
        VerifiedToken token = verify(accessToken);
        if (!accounts.isActive(token.userId())) {
            throw new InvalidTokenException(InvalidTokenException.Reason.INACTIVE_ACCOUNT);
        }
        return token;
    }

    /**
     * @return a verifier that checks signatures and this service's revocations (as {@link #verify(String)}),
     *         and {@linkplain TokenVerifier#checksCompactSyntax() checks the token syntax} itself
     */
    public TokenVerifier tokenVerifier() {
        return tokenVerifier;
    }

    /**
     * Ends the session of {@code token}: its access tokens and refresh tokens stop working. If a refresh token
     * of the same user from another session is also given, that session ends too.
     *
     * @param token a verified access token
     * @param refreshToken an optional refresh token to revoke with it, or {@code null}
     */
    public void logout(VerifiedToken token, String refreshToken) {
        Objects.requireNonNull(token, "token");
        Instant now = now();
        store.revokeSession(token.sessionId(), token.userId(), now);
        revocations.revoke(List.of(token.sessionId()), now);
        if (refreshToken != null && SecureTokens.isWellFormedRefreshToken(refreshToken)) {
            store.sessionOfRefreshToken(SecureTokens.hashRefreshToken(refreshToken), token.userId())
                    .filter(sid -> !sid.equals(token.sessionId()))
                    .ifPresent(sid -> {
                        store.revokeSession(sid, token.userId(), now);
                        revocations.revoke(List.of(sid), now);
                    });
        }
    }

    /**
     * Changes a password after checking the current one, and revokes every session of the account, including
     * the caller's: every token issued before the change stops working.
     *
     * @param userId the account
     * @param currentPassword the password now in force
     * @param newPassword the new password, checked like at registration
     * @throws InvalidCredentialsException if {@code currentPassword} is wrong
     * @throws LoginThrottledException if too many wrong current passwords (or logins) failed just before
     * @throws InvalidInputException if the new password breaks a rule (field {@code new_password})
     * @throws AccountNotFoundException if the account does not exist
     * @throws ServiceBusyException if every password-hashing slot stayed busy past the queue timeout
     */
    public void changePassword(long userId, String currentPassword, String newPassword) {
        StoredAccount stored = store.findById(userId).orElseThrow(() -> new AccountNotFoundException(userId));
        String key = Usernames.key(stored.account().username());
        if (currentPassword == null) {
            throw new InvalidCredentialsException();
        }
        // a stolen access token must not become a way around login throttling to guess the password
        AttemptThrottle.Attempt attempt = throttle.claimLogin(key, null, now());
        if (!checkPassword(attempt, currentPassword, Optional.of(stored.passwordHash())).matches()) {
            throw new InvalidCredentialsException();
        }
        attempt.succeeded();
        try {
            policy.check(key, newPassword);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(java.util.Map.of("new_password", e.fields().get("password")));
        }
        Instant now = now();
        List<String> revoked = store.changePassword(userId, stored.passwordHash(), hasher.hash(newPassword), now)
                // the hash changed between our read and write: someone else changed the password first
                .orElseThrow(InvalidCredentialsException::new);
        revocations.revoke(revoked, now);
    }

    /**
     * @param userId a user id
     * @return the account, if it exists
     */
    public Optional<Account> findAccount(long userId) {
        return store.findById(userId).map(StoredAccount::account);
    }

    /**
     * @param username a username in any case or width; normalised like at registration
     * @return the account, if it exists
     */
    public Optional<Account> findAccount(String username) {
        return Usernames.lookupKey(username).flatMap(store::findByUsernameKey).map(StoredAccount::account);
    }

    /**
     * Enables or disables an account. Disabling revokes all its sessions; enabling does not bring them back.
     *
     * @param userId the account
     * @param enabled whether it may log in
     * @throws AccountNotFoundException if the account does not exist
     */
    public void setEnabled(long userId, boolean enabled) {
        Instant now = now();
        revocations.revoke(store.setEnabled(userId, enabled, now), now);
        accounts.forget(userId);
    }

    /**
     * Replaces an account's roles. Tokens already issued keep their old roles until they expire or are
     * refreshed.
     *
     * @param userId the account
     * @param roles role names of 1–64 characters from {@code A-Z a-z 0-9 _ . : -}
     * @throws AccountNotFoundException if the account does not exist
     */
    public void setRoles(long userId, Set<String> roles) {
        store.setRoles(userId, Roles.check(roles), now());
    }

    /**
     * Deletes an account and revokes its sessions. Its user id is never reused.
     *
     * @param userId the account
     * @throws AccountNotFoundException if the account does not exist
     */
    public void deleteAccount(long userId) {
        Instant now = now();
        revocations.revoke(store.delete(userId, now), now);
        accounts.forget(userId);
    }

    /**
     * The revocation feed, for webapps that verify tokens without a database ({@link JwtVerifier} with
     * {@code auth.revocation.feed-url}): the sessions revoked while their access tokens can still be accepted, as
     * this instance knows them (from memory: no database query, and it keeps answering while the database is
     * down). Nothing personal: session ids and times only.
     *
     * <pre>{@code
     * {"revoked":[{"sid":"Jq3K...","until":1767225600}],"cursor":"c7Yd0S2mQvE.42","more":false}
     * }</pre>
     *
     * {@code until}: epoch seconds after which no token of that session is accepted anywhere anyway.
     * {@code cursor}: what to pass as {@code since} next time, to get only what is new. {@code more}: the answer
     * holds its limit of 1000 entries, and the next can be asked for at once. A cursor of another instance, or of
     * this one before a restart, gives everything again.
     *
     * @param since the previous answer's cursor; {@code null} or empty for every revocation that still matters
     * @return the JSON document
     * @throws InvalidInputException naming {@code since} if it is not a cursor of this feed's shape
     */
    public String revocationFeed(String since) {
        return RevocationFeed.write(revocations.page(since));
    }

    /** @return the public verification keys as a JWK Set JSON document ({@code {"keys":[]}} for HS256) */
    public String jwks() {
        return codec.jwksJson();
    }

    /** @return the configuration this service runs with */
    public AuthConfig config() {
        return config;
    }

    /** Stops the revocation poller and listener, and closes the connection pool. */
    @Override
    public void close() {
        revocations.close();
        store.close();
    }

    /** Re-hashes with the current algorithm; when hashing is saturated, the upgrade waits for a later login. */
    private StoredAccount upgradeHash(StoredAccount stored, String password) {
        String upgraded;
        try {
            upgraded = hasher.hash(password);
        } catch (ServiceBusyException e) {
            return stored;
        }
        if (store.upgradeHash(stored.account().userId(), stored.passwordHash(), upgraded)) {
            return new StoredAccount(stored.account(), upgraded);
        }
        return stored;
    }

    private IssuedTokens openSession(StoredAccount stored, Instant now) {
        String sessionId = SecureTokens.newId();
        String refreshToken = SecureTokens.newRefreshToken();
        Instant refreshExpiry = now.plus(config.refreshTokenTtl());
        long userId = stored.account().userId();
        if (!store.openSession(sessionId, userId, stored.passwordHash(),
                SecureTokens.hashRefreshToken(refreshToken), now, refreshExpiry)) {
            // disabled, deleted or password changed while we were checking the password
            throw new InvalidCredentialsException();
        }
        return issue(stored.account(), sessionId, refreshToken, now, refreshExpiry);
    }

    private IssuedTokens issue(Account account, String sessionId, String refreshToken, Instant now,
                               Instant refreshExpiry) {
        Instant accessExpiry = now.plus(config.accessTokenTtl());
        String jwt = codec.issue(account.userId(), account.username(), account.roles(), sessionId,
                SecureTokens.newId(), now, accessExpiry);
        return new IssuedTokens(account, jwt, refreshToken, accessExpiry, refreshExpiry);
    }

    /** @return how many password hashes this service computed (for tests: which requests cost a hash) */
    long passwordHashesComputed() {
        return hasher.hashesComputed();
    }

    /**
     * Checks a password against a stored hash, or spends the same time when there is none. An attempt that
     * found no free hashing slot checked nothing, so it does not count against the throttle.
     */
    private PasswordHasher.Match checkPassword(AttemptThrottle.Attempt attempt, String password,
                                               Optional<String> storedHash) {
        try {
            if (storedHash.isEmpty()) {
                hasher.equalizeTiming(password);
                return new PasswordHasher.Match(false, false);
            }
            return hasher.verify(password, storedHash.get());
        } catch (ServiceBusyException e) {
            attempt.notCounted();
            throw e;
        }
    }

    private Instant now() {
        return config.clock().instant();
    }
}
