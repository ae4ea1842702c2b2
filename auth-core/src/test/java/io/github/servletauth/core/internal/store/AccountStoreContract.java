package io.github.servletauth.core.internal.store;

import io.github.servletauth.core.AccountNotFoundException;
import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.DuplicateUsernameException;
import io.github.servletauth.core.InvalidTokenException.Reason;
import io.github.servletauth.core.internal.password.Usernames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link AccountStore} must have, run against each database by a subclass that says how
 * to reach a fresh, empty one.
 */
abstract class AccountStoreContract {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant EXPIRY = T0.plus(Duration.ofDays(14));
    static final String HASH = "{pbkdf2}first";
    static final long GRACE_MILLIS = 10_000;

    @RegisterExtension
    final OpenedStores stores = new OpenedStores();
    private AccountStore store;

    /** @return a configuration pointing at this test's own, initially empty, database */
    abstract AuthConfig.Builder config();

    AccountStore store() {
        if (store == null) {
            store = stores.open(config().build());
        }
        return store;
    }

    StoredAccount create(String key) {
        return store().create(key.toUpperCase(), key, key + "@example.com", Set.of("user"), HASH, T0);
    }

    String login(StoredAccount account, String session, String token) {
        assertThat(store().openSession(session, account.account().userId(), HASH, token, T0, EXPIRY)).isTrue();
        return token;
    }

    RefreshResult rotate(String presented, String next) {
        return store().rotate(presented, next, T0.plusSeconds(60), EXPIRY.plusSeconds(60));
    }

    @Test
    void createThenFoundByIdAndByKey() {
        StoredAccount created = create("alice");

        assertThat(created.account().userId()).isPositive();
        assertThat(created.account().username()).isEqualTo("ALICE");
        assertThat(created.account().enabled()).isTrue();
        assertThat(created.account().createdAt()).isEqualTo(T0);
        assertThat(store().findById(created.account().userId())).contains(created);
        assertThat(store().findByUsernameKey("alice")).contains(created);
        assertThat(store().findByUsernameKey("bob")).isEmpty();
        assertThat(store().findById(created.account().userId() + 1000)).isEmpty();
    }

    @Test
    void createWhenKeyTakenThenDuplicateUsername() {
        create("alice");

        assertThatThrownBy(() -> store().create("Alice", "alice", null, Set.of(), HASH, T0))
                .isInstanceOf(DuplicateUsernameException.class);
        assertThat(store().create("Bob", "bob", null, Set.of(), HASH, T0).account().username()).isEqualTo("Bob");
    }

    @Test
    void createWhenSixteenThreadsRegisterOneNameThenExactlyOneWins() throws Exception {
        store();
        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<StoredAccount>> calls = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            calls.add(() -> {
                start.await();
                return store().create("Carol", "carol", null, Set.of("user"), HASH, T0);
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<StoredAccount>> futures = new ArrayList<>();
            calls.forEach(c -> futures.add(pool.submit(c)));
            start.countDown();
            int won = 0;
            int duplicates = 0;
            for (Future<StoredAccount> f : futures) {
                try {
                    f.get(60, TimeUnit.SECONDS);
                    won++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isExactlyInstanceOf(DuplicateUsernameException.class);
                    duplicates++;
                }
            }
            assertThat(won).isEqualTo(1);
            assertThat(duplicates).isEqualTo(threads - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void createWhenSkeletonTakenThenDuplicateUsername() {
        store().create("paypal", "paypal", "paypal", null, Set.of(), HASH, T0, null);

        assertThatThrownBy(() -> store().create("p\u0251yp\u0251l", "p\u0251yp\u0251l", "paypal", null, Set.of(),
                HASH, T0, null)).isInstanceOf(DuplicateUsernameException.class);
        assertThat(store().findByUsernameKey("p\u0251yp\u0251l")).isEmpty();
        assertThat(store().create("paypals", "paypals", "paypals", null, Set.of(), HASH, T0, null).account().username())
                .isEqualTo("paypals");
    }

    @Test
    void createWithoutSkeletonArgumentThenSkeletonOfKeyStored() {
        create("pope");

        assertThatThrownBy(() -> create("\u0440\u043E\u0440\u0435")).isInstanceOf(DuplicateUsernameException.class);
        assertThat(store().usernameTaken("\u0440\u043E\u0440\u0435", Usernames.skeleton("\u0440\u043E\u0440\u0435")))
                .isTrue();
    }

    @Test
    void createWhenSixteenThreadsRegisterConfusableNamesThenExactlyOneWins() throws Exception {
        store();
        List<String> keys = new ArrayList<>();
        for (String first : List.of("a", "\u0251", "\u0430")) {
            for (String second : List.of("a", "\u0251", "\u0430")) {
                for (String last : List.of("l", "1")) {
                    keys.add("p" + first + "yp" + second + last);
                }
            }
        }
        List<String> twins = keys.subList(0, 16);
        assertThat(twins).doesNotHaveDuplicates()
                .allSatisfy(key -> assertThat(Usernames.skeleton(key)).isEqualTo("paypal"));
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(twins.size());
        try {
            List<Future<StoredAccount>> futures = new ArrayList<>();
            for (String key : twins) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return store().create(key, key, Usernames.skeleton(key), null, Set.of("user"), HASH, T0, null);
                }));
            }
            start.countDown();
            int won = 0;
            for (Future<StoredAccount> f : futures) {
                try {
                    f.get(60, TimeUnit.SECONDS);
                    won++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isExactlyInstanceOf(DuplicateUsernameException.class);
                }
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void createWhenNameHasTheLongestSkeletonsThenStored() {
        // Hangul syllables whose three jamo each map to several: 21 bytes of skeleton per code point, beyond
        // PostgreSQL's 2704-byte B-tree entry at 150 of them unless compressed, which PostgreSQL does
        List<Integer> widest = new ArrayList<>();
        for (int cp = 0xAC00; cp <= 0xD7A3; cp++) {
            if (Usernames.skeleton(Character.toString(cp)).getBytes(StandardCharsets.UTF_8).length >= 21) {
                widest.add(cp);
            }
        }
        Random random = new Random(17);
        for (int account = 0; account < 3; account++) {
            StringBuilder name = new StringBuilder();
            for (int i = 0; i < 150; i++) {
                name.appendCodePoint(widest.get(random.nextInt(widest.size())));
            }
            String key = Usernames.key(Usernames.canonical(name.toString()));
            String skeleton = Usernames.skeleton(key);
            assertThat(skeleton.getBytes(StandardCharsets.UTF_8)).hasSizeGreaterThan(3000);

            store().create(key, key, skeleton, null, Set.of(), HASH, T0, null);

            assertThat(store().usernameTaken(key, skeleton)).isTrue();
        }
    }

    @Test
    void usernameTakenWhenKeyOrSkeletonExistsThenTrue() {
        store().create("Paypal", "paypal", "paypal", null, Set.of(), HASH, T0, null);

        assertThat(store().usernameTaken("paypal", "other")).isTrue();
        assertThat(store().usernameTaken("p\u0251yp\u0251l", "paypal")).isTrue();
        assertThat(store().usernameTaken("paypals", "paypals")).isFalse();
    }

    @Test
    void usernameTakenWhenAccountDeletedThenFalse() {
        long id = store().create("Paypal", "paypal", "paypal", null, Set.of(), HASH, T0, null).account().userId();
        store().delete(id, T0);

        assertThat(store().usernameTaken("paypal", "paypal")).isFalse();
        assertThat(store().create("p\u0251yp\u0251l", "p\u0251yp\u0251l", "paypal", null, Set.of(), HASH, T0, null)
                .account().userId()).isGreaterThan(id);
    }

    @Test
    void deleteThenIdNeverReused() {
        long first = create("alice").account().userId();
        long second = create("bob").account().userId();
        store().delete(second, T0);
        store().delete(first, T0);

        long third = create("alice").account().userId();

        assertThat(third).isGreaterThan(second);
        assertThat(store().findById(first)).isEmpty();
    }

    @Test
    void rolesAndEmailRoundTrip() {
        Set<String> roles = Set.of("admin", "billing:read", "ops.team-1", "A_B");
        long withRoles = store().create("Dan", "dan", "dan@example.org", roles, HASH, T0).account().userId();
        long bare = store().create("Eve", "eve", null, Set.of(), HASH, T0).account().userId();

        assertThat(store().findById(withRoles).orElseThrow().account().roles()).isEqualTo(roles);
        assertThat(store().findById(withRoles).orElseThrow().account().email()).isEqualTo("dan@example.org");
        assertThat(store().findById(bare).orElseThrow().account().roles()).isEmpty();
        assertThat(store().findById(bare).orElseThrow().account().email()).isNull();
    }

    @Test
    void setRolesThenReplacedAndUpdatedAtMoves() {
        long id = create("alice").account().userId();

        store().setRoles(id, Set.of("admin", "user"), T0.plusSeconds(5));

        StoredAccount found = store().findById(id).orElseThrow();
        assertThat(found.account().roles()).containsExactlyInAnyOrder("admin", "user");
        assertThat(found.account().updatedAt()).isEqualTo(T0.plusSeconds(5));
        store().setRoles(id, Set.of(), T0);
        assertThat(store().findById(id).orElseThrow().account().roles()).isEmpty();
    }

    @Test
    void recordLoginThenLastLoginSet() {
        long id = create("alice").account().userId();
        assertThat(store().findById(id).orElseThrow().account().lastLoginAt()).isNull();

        store().recordLogin(id, T0.plusSeconds(9));
        store().recordLogin(id + 1000, T0);

        assertThat(store().findById(id).orElseThrow().account().lastLoginAt()).isEqualTo(T0.plusSeconds(9));
    }

    @Test
    void setEnabledFalseThenDisabledAndSessionsRevoked() {
        StoredAccount alice = create("alice");
        long id = alice.account().userId();
        login(alice, "s1", "t1");
        login(alice, "s2", "t2");

        assertThat(store().setEnabled(id, false, T0.plusSeconds(1))).containsExactlyInAnyOrder("s1", "s2");

        assertThat(store().findById(id).orElseThrow().account().enabled()).isFalse();
        assertThat(rotate("t1", "t1b")).isEqualTo(new RefreshResult.Refused(Reason.REVOKED, null));
        assertThat(store().setEnabled(id, true, T0.plusSeconds(2))).isEmpty();
        assertThat(store().findById(id).orElseThrow().account().enabled()).isTrue();
        assertThat(rotate("t2", "t2b")).isEqualTo(new RefreshResult.Refused(Reason.REVOKED, null));
    }

    @Test
    void adminCallsWhenAccountMissingThenAccountNotFound() {
        assertThatThrownBy(() -> store().delete(42, T0)).isInstanceOf(AccountNotFoundException.class);
        assertThatThrownBy(() -> store().setRoles(42, Set.of(), T0)).isInstanceOf(AccountNotFoundException.class);
        assertThatThrownBy(() -> store().setEnabled(42, false, T0)).isInstanceOf(AccountNotFoundException.class);
        assertThatThrownBy(() -> store().changePassword(42, HASH, "{x}y", T0))
                .isInstanceOf(AccountNotFoundException.class);
    }

    @Test
    void deleteThenGoneAndSessionsRevokedButKept() {
        StoredAccount alice = create("alice");
        long id = alice.account().userId();
        login(alice, "s1", "t1");

        assertThat(store().delete(id, T0.plusSeconds(3))).containsExactly("s1");

        assertThat(store().findByUsernameKey("alice")).isEmpty();
        assertThat(store().revokedSince(T0)).containsExactly(new RevokedSession("s1", id, T0.plusSeconds(3)));
        assertThat(rotate("t1", "t1b")).isEqualTo(new RefreshResult.Refused(Reason.REVOKED, null));
        assertThatThrownBy(() -> store().delete(id, T0)).isInstanceOf(AccountNotFoundException.class);
    }

    @Test
    void upgradeHashOnlyWhenExpectedHashStillStored() {
        StoredAccount alice = create("alice");
        long id = alice.account().userId();
        login(alice, "s1", "t1");

        assertThat(store().upgradeHash(id, "{pbkdf2}stale", "{argon2}new")).isFalse();
        assertThat(store().upgradeHash(id, HASH, "{argon2}new")).isTrue();

        assertThat(store().findById(id).orElseThrow().passwordHash()).isEqualTo("{argon2}new");
        assertThat(store().revokedSince(T0)).isEmpty();
        assertThat(store().upgradeHash(id + 1000, HASH, "{argon2}new")).isFalse();
    }

    @Test
    void changePasswordThenHashReplacedAndSessionsRevoked() {
        StoredAccount alice = create("alice");
        long id = alice.account().userId();
        login(alice, "s1", "t1");
        store().revokeSession("s1", id, T0);
        login(alice, "s2", "t2");

        Optional<List<String>> revoked = store().changePassword(id, HASH, "{pbkdf2}second", T0.plusSeconds(7));

        assertThat(revoked).contains(List.of("s2"));
        StoredAccount found = store().findById(id).orElseThrow();
        assertThat(found.passwordHash()).isEqualTo("{pbkdf2}second");
        assertThat(found.account().updatedAt()).isEqualTo(T0.plusSeconds(7));
        assertThat(rotate("t2", "t2b")).isEqualTo(new RefreshResult.Refused(Reason.REVOKED, null));
    }

    @Test
    void changePasswordWhenHashChangedMeanwhileThenNothingWritten() {
        StoredAccount alice = create("alice");
        long id = alice.account().userId();
        login(alice, "s1", "t1");

        assertThat(store().changePassword(id, "{pbkdf2}stale", "{pbkdf2}second", T0)).isEmpty();

        assertThat(store().findById(id).orElseThrow().passwordHash()).isEqualTo(HASH);
        assertThat(rotate("t1", "t1b")).isInstanceOf(RefreshResult.Rotated.class);
    }

    @Test
    void openSessionWhenDisabledOrHashChangedOrGoneThenRefused() {
        StoredAccount alice = create("alice");
        long id = alice.account().userId();

        assertThat(store().openSession("s1", id, "{pbkdf2}stale", "t1", T0, EXPIRY)).isFalse();
        store().setEnabled(id, false, T0);
        assertThat(store().openSession("s2", id, HASH, "t2", T0, EXPIRY)).isFalse();
        assertThat(store().openSession("s3", id + 1000, HASH, "t3", T0, EXPIRY)).isFalse();

        assertThat(store().sessionOfRefreshToken("t1", id)).isEmpty();
        assertThat(store().sessionOfRefreshToken("t2", id)).isEmpty();
        assertThat(rotate("t2", "x")).isEqualTo(new RefreshResult.Refused(Reason.UNKNOWN, null));
    }

    @Test
    void rotateWhenLiveThenRotatedWithCurrentAccount() {
        StoredAccount alice = create("alice");
        long id = alice.account().userId();
        login(alice, "s1", "t1");
        store().setRoles(id, Set.of("admin"), T0.plusSeconds(1));

        RefreshResult result = rotate("t1", "t2");

        assertThat(result).isInstanceOf(RefreshResult.Rotated.class);
        RefreshResult.Rotated rotated = (RefreshResult.Rotated) result;
        assertThat(rotated.sessionId()).isEqualTo("s1");
        assertThat(rotated.account().account().roles()).containsExactly("admin");
        assertThat(store().sessionOfRefreshToken("t2", id)).contains("s1");
        assertThat(store().sessionOfRefreshToken("t2", id + 1)).isEmpty();
        assertThat(store().rotate("t2", "t3", T0.plusSeconds(120), EXPIRY.plusSeconds(120)))
                .isInstanceOf(RefreshResult.Rotated.class);
    }

    @Test
    void rotateWhenTokenReusedThenFamilyRevoked() {
        StoredAccount alice = create("alice");
        long id = alice.account().userId();
        login(alice, "s1", "t1");
        assertThat(rotate("t1", "t2")).isInstanceOf(RefreshResult.Rotated.class);

        RefreshResult reuse = store().rotate("t1", "t3", T0.plusSeconds(90), EXPIRY);

        assertThat(reuse).isEqualTo(new RefreshResult.Refused(Reason.REUSED, "s1"));
        assertThat(store().rotate("t2", "t4", T0.plusSeconds(100), EXPIRY))
                .isEqualTo(new RefreshResult.Refused(Reason.REVOKED, null));
        assertThat(store().revokedSince(T0)).containsExactly(new RevokedSession("s1", id, T0.plusSeconds(90)));
        assertThat(store().sessionOfRefreshToken("t3", id)).isEmpty();
    }

    @Test
    void rotateWhenTwoRaceForOneTokenThenExactlyOneRotated() throws Exception {
        StoredAccount alice = create("alice");
        for (int round = 0; round < 10; round++) {
            login(alice, "s" + round, "t" + round);
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                String presented = "t" + round;
                Future<RefreshResult> a = pool.submit(() -> {
                    start.await();
                    return rotate(presented, presented + "a");
                });
                Future<RefreshResult> b = pool.submit(() -> {
                    start.await();
                    return rotate(presented, presented + "b");
                });
                start.countDown();
                List<RefreshResult> results = List.of(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS));

                assertThat(results).filteredOn(r -> r instanceof RefreshResult.Rotated).hasSize(1);
                assertThat(results).contains(new RefreshResult.Refused(Reason.REUSED, "s" + round));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void rotateWithGraceWhenExchangedTokenPresentedWithinGraceThenSupersededAndSessionLives() {
        StoredAccount alice = create("alice");
        login(alice, "s1", "t1");
        assertThat(rotate("t1", "t2")).isInstanceOf(RefreshResult.Rotated.class); // used at T0 + 60 s

        assertThat(store().rotate("t1", "t3", T0.plusSeconds(65), EXPIRY, GRACE_MILLIS))
                .isEqualTo(new RefreshResult.Refused(Reason.SUPERSEDED, null));
        // exactly at the end of the grace: still the other tab
        assertThat(store().rotate("t1", "t3", T0.plusSeconds(70), EXPIRY, GRACE_MILLIS))
                .isEqualTo(new RefreshResult.Refused(Reason.SUPERSEDED, null));

        assertThat(store().revokedSince(T0)).isEmpty();
        assertThat(store().findSessionOfRefreshToken("t3")).isEmpty();
        assertThat(store().rotate("t2", "t4", T0.plusSeconds(71), EXPIRY, GRACE_MILLIS))
                .isInstanceOf(RefreshResult.Rotated.class);
    }

    @Test
    void rotateWithGraceWhenExchangedTokenPresentedAfterGraceThenReusedAndFamilyRevoked() {
        StoredAccount alice = create("alice");
        long id = alice.account().userId();
        login(alice, "s1", "t1");
        assertThat(rotate("t1", "t2")).isInstanceOf(RefreshResult.Rotated.class);

        Instant justAfter = T0.plusSeconds(70).plusMillis(1);
        assertThat(store().rotate("t1", "t3", justAfter, EXPIRY, GRACE_MILLIS))
                .isEqualTo(new RefreshResult.Refused(Reason.REUSED, "s1"));
        assertThat(store().revokedSince(T0)).containsExactly(new RevokedSession("s1", id, justAfter));
        assertThat(store().rotate("t2", "t4", justAfter, EXPIRY, GRACE_MILLIS))
                .isEqualTo(new RefreshResult.Refused(Reason.REVOKED, null));
    }

    @Test
    void rotateWithZeroGraceWhenExchangedTokenPresentedAtOnceThenReused() {
        StoredAccount alice = create("alice");
        login(alice, "s1", "t1");
        assertThat(rotate("t1", "t2")).isInstanceOf(RefreshResult.Rotated.class);

        assertThat(store().rotate("t1", "t3", T0.plusSeconds(60), EXPIRY, 0))
                .isEqualTo(new RefreshResult.Refused(Reason.REUSED, "s1"));
    }

    @Test
    void rotateWithGraceWhenSessionEndedSinceTheExchangeThenRevokedNotSuperseded() {
        StoredAccount alice = create("alice");
        login(alice, "s1", "t1");
        assertThat(rotate("t1", "t2")).isInstanceOf(RefreshResult.Rotated.class);
        assertThat(store().revokeSession("s1", alice.account().userId(), T0.plusSeconds(61))).isTrue();

        assertThat(store().rotate("t1", "t3", T0.plusSeconds(62), EXPIRY, GRACE_MILLIS))
                .isEqualTo(new RefreshResult.Refused(Reason.REVOKED, null));
    }

    @Test
    void rotateWithGraceWhenTwoRaceForOneTokenThenOneRotatedAndTheOtherSuperseded() throws Exception {
        StoredAccount alice = create("alice");
        for (int round = 0; round < 10; round++) {
            login(alice, "s" + round, "t" + round);
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                String presented = "t" + round;
                List<Future<RefreshResult>> racing = new ArrayList<>();
                for (String suffix : List.of("a", "b")) {
                    racing.add(pool.submit(() -> {
                        start.await();
                        return store().rotate(presented, presented + suffix, T0.plusSeconds(60), EXPIRY,
                                GRACE_MILLIS);
                    }));
                }
                start.countDown();
                List<RefreshResult> results = List.of(racing.get(0).get(30, TimeUnit.SECONDS),
                        racing.get(1).get(30, TimeUnit.SECONDS));

                assertThat(results).filteredOn(r -> r instanceof RefreshResult.Rotated).hasSize(1);
                assertThat(results).contains(new RefreshResult.Refused(Reason.SUPERSEDED, null));
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(store().revokedSince(T0)).isEmpty();
    }

    @Test
    void findSessionOfRefreshTokenWhenLiveExchangedRevokedExpiredOrUnknownThenSaysSo() {
        StoredAccount alice = create("alice");
        long id = alice.account().userId();
        login(alice, "s1", "t1");
        login(alice, "s2", "u1");
        assertThat(store().findSessionOfRefreshToken("t1"))
                .contains(new RefreshTokenSession("s1", id, EXPIRY, false));
        assertThat(rotate("t1", "t2")).isInstanceOf(RefreshResult.Rotated.class);
        store().revokeSession("s2", id, T0.plusSeconds(61));

        RefreshTokenSession exchanged = store().findSessionOfRefreshToken("t1").orElseThrow();
        assertThat(exchanged).isEqualTo(store().findSessionOfRefreshToken("t2").orElseThrow())
                .isEqualTo(new RefreshTokenSession("s1", id, EXPIRY.plusSeconds(60), false));
        assertThat(exchanged.liveAt(EXPIRY)).isTrue();
        assertThat(exchanged.liveAt(EXPIRY.plusSeconds(60))).isFalse();
        RefreshTokenSession revoked = store().findSessionOfRefreshToken("u1").orElseThrow();
        assertThat(revoked).isEqualTo(new RefreshTokenSession("s2", id, EXPIRY, true));
        assertThat(revoked.liveAt(T0)).isFalse();
        assertThat(store().findSessionOfRefreshToken("nope")).isEmpty();
    }

    @Test
    void rotateWhenExpiredThenExpired() {
        StoredAccount alice = create("alice");
        login(alice, "s1", "t1");

        assertThat(store().rotate("t1", "t2", EXPIRY, EXPIRY.plusSeconds(60)))
                .isEqualTo(new RefreshResult.Refused(Reason.EXPIRED, null));
        assertThat(store().sessionOfRefreshToken("t2", alice.account().userId())).isEmpty();
    }

    @Test
    void rotateWhenUnknownThenUnknown() {
        assertThat(rotate("nope", "t2")).isEqualTo(new RefreshResult.Refused(Reason.UNKNOWN, null));
    }

    @Test
    void rotateWhenSessionRevokedThenRevoked() {
        StoredAccount alice = create("alice");
        long id = alice.account().userId();
        login(alice, "s1", "t1");

        assertThat(store().revokeSession("s1", id + 1, T0)).isFalse();
        assertThat(store().revokeSession("s1", id, T0)).isTrue();
        assertThat(store().revokeSession("s1", id, T0)).isFalse();

        assertThat(rotate("t1", "t2")).isEqualTo(new RefreshResult.Refused(Reason.REVOKED, null));
    }

    @Test
    void revokedSinceReturnsSessionsRevokedAtOrAfter() {
        StoredAccount alice = create("alice");
        long id = alice.account().userId();
        login(alice, "s1", "t1");
        login(alice, "s2", "t2");
        login(alice, "s3", "t3");
        store().revokeSession("s1", id, T0.plusSeconds(10));
        store().revokeSession("s2", id, T0.plusSeconds(20));

        assertThat(store().revokedSince(T0.plusSeconds(20))).containsExactly(
                new RevokedSession("s2", id, T0.plusSeconds(20)));
        assertThat(store().revokedSince(T0)).extracting(RevokedSession::sessionId).containsExactly("s1", "s2");
        assertThat(store().revokedSince(T0.plusSeconds(21))).isEmpty();
    }

    @Test
    void purgeDeletesExpiredTokensAndOldSessions() {
        StoredAccount alice = create("alice");
        long id = alice.account().userId();
        login(alice, "old-revoked", "t1");
        store().revokeSession("old-revoked", id, T0.plusSeconds(1));
        assertThat(store().openSession("expired", id, HASH, "t2", T0, T0.plusSeconds(30))).isTrue();
        login(alice, "live", "t3");
        login(alice, "new-revoked", "t4");
        store().revokeSession("new-revoked", id, T0.plusSeconds(500));

        int deleted = store().purge(T0.plusSeconds(100), T0.plusSeconds(100));

        assertThat(deleted).isEqualTo(4);
        assertThat(store().sessionOfRefreshToken("t1", id)).isEmpty();
        assertThat(store().sessionOfRefreshToken("t2", id)).isEmpty();
        assertThat(store().sessionOfRefreshToken("t3", id)).contains("live");
        assertThat(store().revokedSince(T0)).extracting(RevokedSession::sessionId).containsExactly("new-revoked");
        assertThat(store().purge(T0.plusSeconds(100), T0.plusSeconds(100))).isZero();
    }
}
