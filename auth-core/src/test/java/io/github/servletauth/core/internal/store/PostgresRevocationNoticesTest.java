package io.github.servletauth.core.internal.store;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a session is revoked notifies the stores listening on the same schema when it commits, and only
 * them: a store of another schema in the same database hears nothing.
 */
class PostgresRevocationNoticesTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant EXPIRY = T0.plus(Duration.ofDays(14));
    private static final Duration HANG_GUARD = Duration.ofSeconds(20);

    @RegisterExtension
    final PostgresTestDatabase pg = new PostgresTestDatabase();
    @RegisterExtension
    final PostgresTestDatabase otherSchema = new PostgresTestDatabase();
    @RegisterExtension
    final OpenedStores stores = new OpenedStores();

    /** What a listener was told. */
    private static final class Heard implements RevocationListener {
        final List<String> revoked = new CopyOnWriteArrayList<>();
        final AtomicInteger listening = new AtomicInteger();

        @Override
        public void revoked(List<String> sessionIds) {
            revoked.addAll(sessionIds);
        }

        @Override
        public void listening() {
            listening.incrementAndGet();
        }
    }

    private AccountStore open(PostgresTestDatabase db) {
        return stores.open(AuthConfig.builder().set("auth.db.url", db.jdbcUrl())
                .set("auth.jwt.secret", PostgresAccountStoreTest.randomSecret()).build());
    }

    @Test
    void revokeInAnyWayWhenCommittedThenEveryListenerOfTheSchemaHearsTheSessionIdsAndNoOtherSchemaDoes()
            throws Exception {
        AccountStore writer = open(pg);
        Heard same = new Heard();
        Heard other = new Heard();
        open(pg).listenForRevocations(same);
        open(otherSchema).listenForRevocations(other);
        await(() -> same.listening.get() == 1 && other.listening.get() == 1, "both listening");

        long ann = writer.create("Ann", "ann", null, Set.of("user"), "{x}h", T0).account().userId();
        long ben = writer.create("Ben", "ben", null, Set.of("user"), "{x}h", T0).account().userId();
        long cid = writer.create("Cid", "cid", null, Set.of("user"), "{x}h", T0).account().userId();
        for (String s : List.of("logout", "pw1", "pw2", "reuse")) {
            assertThat(writer.openSession(s, ann, "{x}h", "tok-" + s, T0, EXPIRY)).isTrue();
        }
        assertThat(writer.openSession("disabled", ben, "{x}h", "tok-disabled", T0, EXPIRY)).isTrue();
        assertThat(writer.openSession("deleted", cid, "{x}h", "tok-deleted", T0, EXPIRY)).isTrue();

        writer.revokeSession("logout", ann, T0);
        writer.revokeSession("logout", ann, T0.plusSeconds(1)); // already revoked: nothing new to tell
        writer.rotate("tok-reuse", "tok-reuse-2", T0, EXPIRY);
        writer.rotate("tok-reuse", "tok-reuse-3", T0.plusSeconds(60), EXPIRY);
        writer.changePassword(ann, "{x}h", "{x}new", T0);
        writer.setEnabled(ben, false, T0);
        writer.delete(cid, T0);

        // notices reach a listener in commit order: once a marker committed last has arrived, all have
        long dee = writer.create("Dee", "dee", null, Set.of(), "{x}h", T0).account().userId();
        assertThat(writer.openSession("marker", dee, "{x}h", "tok-marker", T0, EXPIRY)).isTrue();
        writer.revokeSession("marker", dee, T0);
        AccountStore otherWriter = open(otherSchema);
        long eve = otherWriter.create("Eve", "eve", null, Set.of(), "{x}h", T0).account().userId();
        assertThat(otherWriter.openSession("other-marker", eve, "{x}h", "tok-om", T0, EXPIRY)).isTrue();
        otherWriter.revokeSession("other-marker", eve, T0);
        await(() -> same.revoked.contains("marker") && other.revoked.contains("other-marker"), "the markers");

        assertThat(same.revoked).containsExactlyInAnyOrder("logout", "reuse", "pw1", "pw2", "disabled", "deleted",
                "marker");
        assertThat(other.revoked).as("another schema's listener").containsExactly("other-marker");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + HANG_GUARD);
            }
            Thread.sleep(20);
        }
    }
}
