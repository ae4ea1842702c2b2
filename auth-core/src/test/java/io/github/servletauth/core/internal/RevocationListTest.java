package io.github.servletauth.core.internal;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.InvalidInputException;
import io.github.servletauth.core.internal.store.AccountStore;
import io.github.servletauth.core.internal.store.AccountStores;
import io.github.servletauth.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The revocation list as the feed reads it: cursors, pages, late arrivals, expiry. */
class RevocationListTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    /** access-ttl + clock skew + the list's 60 s overlap, with the defaults. */
    private static final Duration KEEP = Duration.ofMinutes(15).plusSeconds(30).plusSeconds(60);

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(T0);
    private AccountStore store;
    private RevocationList list;

    @BeforeEach
    void open() {
        AuthConfig config = AuthConfig.builder().set("auth.data-dir", dir.toString()).clock(clock).build();
        store = AccountStores.open(config);
        list = new RevocationList(store, config);
    }

    @AfterEach
    void close() {
        list.close();
        store.close();
    }

    @Test
    void pageWithoutCursorThenEverythingThatStillMattersWithItsUntil() {
        list.revoke(List.of("s1", "s2"), T0);

        RevocationFeed.Page page = list.page(null);

        assertThat(page.revoked()).containsExactly(new RevocationFeed.Entry("s1", T0.plus(KEEP).toEpochMilli()),
                new RevocationFeed.Entry("s2", T0.plus(KEEP).toEpochMilli()));
        assertThat(page.more()).isFalse();
        assertThat(list.page("").revoked()).hasSize(2);
    }

    @Test
    void pageWithLastCursorThenOnlyWhatArrivedSinceHoweverLateItsRevocation() {
        list.revoke(List.of("s1"), T0);
        String cursor = list.page(null).cursor();
        assertThat(list.page(cursor).revoked()).isEmpty();

        // revoked earlier than s1 on another instance, but arriving here only now
        list.revoke(List.of("late"), T0.minusSeconds(30));
        list.revoke(List.of("s2"), T0.plusSeconds(1));
        RevocationFeed.Page next = list.page(cursor);

        assertThat(next.revoked()).extracting(RevocationFeed.Entry::sessionId).containsExactly("late", "s2");
        assertThat(list.page(next.cursor()).revoked()).isEmpty();
        assertThat(list.page(next.cursor()).cursor()).isEqualTo(next.cursor());
    }

    @Test
    void pageWhenMoreThanTheLimitThenPagesFollowingEachOtherUntilMoreIsFalse() {
        List<String> sids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            sids.add("s" + i);
        }
        list.revoke(sids, T0);

        List<String> read = new ArrayList<>();
        String cursor = null;
        List<Boolean> mores = new ArrayList<>();
        do {
            RevocationFeed.Page page = list.page(cursor, 3);
            page.revoked().forEach(e -> read.add(e.sessionId()));
            mores.add(page.more());
            cursor = page.cursor();
        } while (mores.get(mores.size() - 1));

        assertThat(read).containsExactlyElementsOf(sids);
        assertThat(mores).containsExactly(true, true, false);
    }

    @Test
    void pageWhenSessionRevokedAgainLaterThenListedAgainWithTheLaterUntil() {
        list.revoke(List.of("s1"), T0);
        String cursor = list.page(null).cursor();

        list.revoke(List.of("s1"), T0.minusSeconds(5));
        assertThat(list.page(cursor).revoked()).as("an earlier time changes nothing").isEmpty();
        list.revoke(List.of("s1"), T0.plusSeconds(5));

        assertThat(list.page(cursor).revoked()).containsExactly(
                new RevocationFeed.Entry("s1", T0.plusSeconds(5).plus(KEEP).toEpochMilli()));
        assertThat(list.page(null).revoked()).hasSize(1);
    }

    @Test
    void pageWhenEntryOutlivedItsTokensThenNoLongerListed() {
        list.revoke(List.of("old"), T0.minus(KEEP).minusSeconds(1));
        list.revoke(List.of("new"), T0);

        assertThat(list.page(null).revoked()).extracting(RevocationFeed.Entry::sessionId).containsExactly("new");
    }

    @Test
    void pageWhenCursorOfAnotherListOrFromTheFutureThenFromTheStart() throws Exception {
        list.revoke(List.of("s1"), T0);
        String cursor = list.page(null).cursor();
        String epoch = cursor.substring(0, cursor.indexOf('.'));

        assertThat(list.page("AAAAAAAAAAAAAAAAAAAAAA.1").revoked()).hasSize(1);
        assertThat(list.page(epoch + ".999").revoked()).hasSize(1);
        AuthConfig config = AuthConfig.builder().set("auth.data-dir", dir.toString()).clock(clock).build();
        try (RevocationList restarted = new RevocationList(store, config)) {
            restarted.revoke(List.of("s1"), T0);
            assertThat(restarted.page(cursor).revoked()).as("a cursor from before a restart").hasSize(1);
        }
    }

    @Test
    void pageWhenCursorMalformedThenInvalidInputNamingSince() {
        for (String bad : List.of("x", "abc.", ".1", "abc.1.2", "abc.-1", "abc.1x", "a b.1", "abc.1234567890123456789",
                "%41.1", "a".repeat(65) + ".1")) {
            assertThatThrownBy(() -> list.page(bad)).as(bad).isInstanceOfSatisfying(InvalidInputException.class,
                    e -> assertThat(e.fields()).containsOnlyKeys("since"));
        }
    }
}
