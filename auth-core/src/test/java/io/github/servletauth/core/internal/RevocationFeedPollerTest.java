package io.github.servletauth.core.internal;

import com.sun.net.httpserver.HttpServer;
import io.github.servletauth.core.InvalidTokenException;
import io.github.servletauth.core.RevocationsUnavailableException;
import io.github.servletauth.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;


import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The verifier's side of the feed, against a feed served on loopback whose answers the test chooses. Polls are
 * made by the test (the poller is not started), except where the background thread itself is under test.
 */
class RevocationFeedPollerTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final Duration MAX_KEEP = Duration.ofMinutes(16);
    private static final long UNTIL = T0.plusSeconds(600).getEpochSecond();

    private final TestClock clock = new TestClock(T0);
    private final Feed feed = new Feed();
    private RevocationFeedPoller poller;

    @AfterEach
    void stop() {
        if (poller != null) {
            poller.close();
        }
        feed.stop();
    }

    private RevocationFeedPoller poller(Optional<Duration> maxStaleness) throws IOException {
        poller = new RevocationFeedPoller(feed.start(), INTERVAL, maxStaleness, MAX_KEEP, clock);
        return poller;
    }

    private static String page(String cursor, boolean more, String... sids) {
        StringBuilder revoked = new StringBuilder();
        for (String sid : sids) {
            revoked.append(revoked.length() == 0 ? "" : ",").append("{\"sid\":\"").append(sid)
                    .append("\",\"until\":").append(UNTIL).append('}');
        }
        return "{\"revoked\":[" + revoked + "],\"cursor\":\"" + cursor + "\",\"more\":" + more + "}";
    }

    @Test
    void pollThenListedSessionsRefusedAndOthersPass() throws Exception {
        feed.answer(since -> page("e.2", false, "s1", "s2"));
        RevocationFeedPoller p = poller(Optional.empty());

        p.poll();

        assertThatThrownBy(() -> p.check("s1")).isInstanceOfSatisfying(InvalidTokenException.class,
                e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.REVOKED));
        assertThatCode(() -> p.check("s3")).doesNotThrowAnyException();
    }

    @Test
    void pollThenAsksWithTheLastCursorAndFollowsMoreInOnePoll() throws Exception {
        feed.answer(since -> switch (String.valueOf(since)) {
            case "null" -> page("e.2", true, "s1", "s2");
            case "e.2" -> page("e.4", true, "s3", "s4");
            case "e.4" -> page("e.5", false, "s5");
            default -> page(since, false);
        });
        RevocationFeedPoller p = poller(Optional.empty());

        p.poll();
        assertThat(feed.asked).containsExactly(null, "e.2", "e.4");
        assertThat(p.size()).isEqualTo(5);
        p.poll();
        assertThat(feed.asked).containsExactly(null, "e.2", "e.4", "e.5");
    }

    @Test
    void pollWhenFeedDownOrAnswerBadThenLastListKeptAndTokensStillAccepted() throws Exception {
        feed.answer(since -> page("e.1", false, "s1"));
        RevocationFeedPoller p = poller(Optional.empty());
        p.poll();

        for (Runnable breakIt : List.<Runnable>of(
                () -> feed.status.set(503),
                () -> feed.answer(since -> "{\"revoked\":[{\"sid\":\"s9\",\"until\":1}],\"cursor\":\"e.9\",\"more\":false,}"),
                () -> feed.answer(since -> page("e.9", false, "s9") + " trailing"),
                () -> feed.answer(since -> "{\"revoked\":[{\"sid\":\"s9\",\"until\":\"soon\"}],\"cursor\":\"e.9\",\"more\":false}"),
                () -> feed.contentType.set("text/html"),
                () -> feed.answer(since -> page("e.9", false, "s9") + " ".repeat(RevocationFeedPoller.MAX_BYTES)))) {
            feed.reset();
            breakIt.run();
            clock.advance(INTERVAL);
            p.poll();
            assertThatCode(() -> p.check("s9")).as("nothing of a bad answer is applied").doesNotThrowAnyException();
            assertThatThrownBy(() -> p.check("s1")).as("the last list is kept").isInstanceOf(InvalidTokenException.class);
        }
        feed.reset();
        feed.answer(since -> page("e.3", false, "s2"));
        p.poll();
        assertThatThrownBy(() -> p.check("s2")).isInstanceOf(InvalidTokenException.class);
        // a bad answer never moved the cursor: what came after the last good one is asked for again
        assertThat(feed.asked.subList(1, feed.asked.size())).containsOnly("e.1");
    }

    @Test
    void checkWhenFailingClosedThenRefusedBeforeTheFirstAnswerAndOnceTheLastIsTooOld() throws Exception {
        Duration maxStaleness = Duration.ofSeconds(30);
        feed.status.set(503);
        RevocationFeedPoller p = poller(Optional.of(maxStaleness));
        p.poll();
        assertThatThrownBy(() -> p.check("s2")).as("nothing known yet").isInstanceOfSatisfying(
                RevocationsUnavailableException.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(5));

        feed.reset();
        feed.answer(since -> page("e.1", false, "s1"));
        p.poll();
        assertThatCode(() -> p.check("s2")).doesNotThrowAnyException();

        feed.status.set(503);
        clock.advance(maxStaleness);
        p.poll();
        assertThatCode(() -> p.check("s2")).as("exactly the staleness allowed").doesNotThrowAnyException();
        clock.advance(Duration.ofMillis(1));
        assertThatThrownBy(() -> p.check("s2")).isInstanceOf(RevocationsUnavailableException.class);
        assertThatThrownBy(() -> p.check("s1")).isInstanceOf(RevocationsUnavailableException.class);

        feed.reset();
        feed.answer(since -> page("e.1", false));
        p.poll();
        assertThatCode(() -> p.check("s2")).as("recovered").doesNotThrowAnyException();
    }

    @Test
    void checkWhenFailingClosedAndTheIssuersMetadataNamesNoFeedThenStalenessDoesNotApplyUntilItNamesOne()
            throws Exception {
        Duration maxStaleness = Duration.ofSeconds(30);
        AtomicReference<Optional<URI>> named = new AtomicReference<>(Optional.empty());
        URI url = feed.start();
        poller = new RevocationFeedPoller(named::get, INTERVAL, Optional.of(maxStaleness), MAX_KEEP, clock);
        poller.poll();
        clock.advance(maxStaleness.multipliedBy(3));
        assertThatCode(() -> poller.check("s1")).as("an issuer without a feed (Keycloak...): nothing to be stale")
                .doesNotThrowAnyException();

        named.set(Optional.of(url));
        feed.status.set(503);
        poller.poll();
        assertThatThrownBy(() -> poller.check("s1")).as("named, but not answered yet")
                .isInstanceOf(RevocationsUnavailableException.class);
        feed.reset();
        feed.answer(since -> page("e.1", false, "s1"));
        poller.poll();
        assertThatThrownBy(() -> poller.check("s1")).isInstanceOf(InvalidTokenException.class);
        assertThatCode(() -> poller.check("s2")).doesNotThrowAnyException();
    }

    @Test
    void pollWhenUntilFarAheadThenKeptNoLongerThanATokenAcceptedHereLives() throws Exception {
        feed.answer(since -> "{\"revoked\":[{\"sid\":\"forever\",\"until\":253402300799},{\"sid\":\"past\",\"until\":"
                + T0.minusSeconds(1).getEpochSecond() + "}],\"cursor\":\"e.1\",\"more\":false}");
        RevocationFeedPoller p = poller(Optional.empty());
        p.poll();
        assertThat(p.size()).as("an entry already over is not taken").isEqualTo(1);
        assertThatThrownBy(() -> p.check("forever")).isInstanceOf(InvalidTokenException.class);

        feed.answer(since -> page("e.1", false));
        clock.advance(MAX_KEEP.plusSeconds(1));
        p.poll();

        assertThat(p.size()).isZero();
        assertThatCode(() -> p.check("forever")).doesNotThrowAnyException();
    }

    @Test
    void startThenPollsInTheBackgroundAndCloseEndsItsThread() throws Exception {
        feed.answer(since -> page("e.1", false, "s1"));
        RevocationFeedPoller p = poller(Optional.empty());

        p.start();
        assertThat(p.awaitFirstAnswer(Duration.ofSeconds(10))).isTrue();
        assertThatThrownBy(() -> p.check("s1")).isInstanceOf(InvalidTokenException.class);
        assertThat(feedThreads()).isNotEmpty();
        p.close();

        assertThat(feedThreads()).as("threads left behind").isEmpty();
    }

    @Test
    void awaitFirstAnswerWhenFeedUnreachableThenReturnsAtOnceWithoutIt() throws Exception {
        feed.status.set(503);
        RevocationFeedPoller p = poller(Optional.empty());
        p.start();

        assertThat(p.awaitFirstAnswer(Duration.ofSeconds(30))).isFalse();
        assertThat(feed.fetches.get()).isPositive();
    }

    private static List<Thread> feedThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("servlet-auth-revocation-feed") && t.isAlive()).toList();
    }

    /** The feed endpoint on loopback: answers what {@link #answer} makes of {@code since}, with the set status. */
    private static final class Feed {
        final AtomicInteger status = new AtomicInteger(200);
        final AtomicReference<String> contentType = new AtomicReference<>("application/json; charset=utf-8");
        final AtomicInteger fetches = new AtomicInteger();
        final List<String> asked = new CopyOnWriteArrayList<>();
        private final AtomicReference<Function<String, String>> answers =
                new AtomicReference<>(since -> page("e.0", false));
        private HttpServer server;

        void answer(Function<String, String> bySince) {
            answers.set(bySince);
        }

        void reset() {
            status.set(200);
            contentType.set("application/json; charset=utf-8");
        }

        URI start() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/auth/revocations", exchange -> {
                fetches.incrementAndGet();
                String query = exchange.getRequestURI().getRawQuery();
                String since = query == null ? null : query.substring("since=".length());
                asked.add(since);
                byte[] body = answers.get().apply(since).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", contentType.get());
                exchange.sendResponseHeaders(status.get(), body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/auth/revocations");
        }

        void stop() {
            if (server != null) {
                server.stop(0);
            }
        }
    }
}
