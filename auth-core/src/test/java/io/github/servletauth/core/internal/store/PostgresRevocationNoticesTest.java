package io.github.servletauth.core.internal.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.JndiBindings;
import io.github.servletauth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.postgresql.ds.PGSimpleDataSource;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a session is revoked notifies the stores listening on the same schema when it commits, and only
 * them: a store of another schema in the same database hears nothing. On a container's pool the listener holds
 * one of its connections and gives it back as it found it.
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
    @RegisterExtension
    final JndiBindings jndi = new JndiBindings();

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

    @Test
    void listenWhenTheContainersPoolHandsOutProxiesThenItsConnectionIsUnwrappedAndGivenBackClean() throws Exception {
        HikariConfig containerPool = new HikariConfig();
        containerPool.setJdbcUrl(pg.url("container-pool"));
        containerPool.setMaximumPoolSize(1);
        try (HikariDataSource dataSource = new HikariDataSource(containerPool)) {
            jndi.bind("java:comp/env/jdbc/notices", dataSource);
            AccountStore listening = stores.open(AuthConfig.builder().set("auth.db.jndi-name", "java:comp/env/jdbc/notices")
                    .set("auth.jwt.secret", PostgresAccountStoreTest.randomSecret()).build());
            Heard heard = new Heard();
            listening.listenForRevocations(heard);
            await(() -> heard.listening.get() == 1, "listening");
            assertThat(dataSource.getHikariPoolMXBean().getActiveConnections()).as("held by the listener").isEqualTo(1);

            AccountStore writer = open(pg);
            long fay = writer.create("Fay", "fay", null, Set.of(), "{x}h", T0).account().userId();
            assertThat(writer.openSession("pooled", fay, "{x}h", "tok-pooled", T0, EXPIRY)).isTrue();
            writer.revokeSession("pooled", fay, T0);
            await(() -> heard.revoked.contains("pooled"), "the notice through the container's pool");

            listening.close();
            assertThat(dataSource.getHikariPoolMXBean().getActiveConnections()).as("given back").isZero();
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*), current_setting('application_name') "
                         + "FROM pg_listening_channels()")) {
                rs.next();
                assertThat(rs.getInt(1)).as("channels still listened to").isZero();
                assertThat(rs.getString(2)).isEqualTo("container-pool");
            }
        }
    }

    @Test
    void listenWhenThePoolCannotHandOutTheDriversConnectionThenGivesUpOnceAndTheStoreWorksOn() throws Exception {
        PGSimpleDataSource real = new PGSimpleDataSource();
        real.setURL(pg.jdbcUrl());
        // a pool whose connections do not unwrap to the driver's, as with a driver of another class loader
        DataSource opaque = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(method, real, args);
                    return result instanceof Connection c ? opaque(c) : result;
                });
        jndi.bind("java:comp/env/jdbc/opaque", opaque);
        AccountStore store = stores.open(AuthConfig.builder().set("auth.db.jndi-name", "java:comp/env/jdbc/opaque")
                .set("auth.jwt.secret", PostgresAccountStoreTest.randomSecret()).build());
        Heard heard = new Heard();

        store.listenForRevocations(heard);

        await(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.isAlive()
                && t.getName().equals("servlet-auth-revocation-listener")), "the listener giving up");
        assertThat(heard.listening.get()).isZero();
        assertThat(store.create("Gus", "gus", null, Set.of(), "{x}h", T0).account().userId()).isPositive();
    }

    private static Connection opaque(Connection real) {
        return (Connection) Proxy.newProxyInstance(PostgresRevocationNoticesTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "isWrapperFor" -> false;
                    case "unwrap" -> throw new SQLException("not a wrapper");
                    default -> invoke(method, real, args);
                });
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
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
