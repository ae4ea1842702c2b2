package io.github.servletauth.servlet;

import io.github.servletauth.servlet.testing.ApiClient;
import io.github.servletauth.servlet.testing.Await;
import io.github.servletauth.servlet.testing.LoadRun;
import io.github.servletauth.servlet.testing.LoadStats;
import io.github.servletauth.servlet.testing.NodeProcess;
import io.github.servletauth.servlet.testing.StoredRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real server process (its own JVM) killed mid-load and started again on the same data: nothing that was
 * acknowledged is lost, and tokens issued before the restart stay valid (the embedded default's generated
 * secret survives). SQLite runs in WAL mode with {@code synchronous=NORMAL}, which keeps every committed
 * transaction through a process crash. Subclasses name the database.
 */
abstract class RestartContract {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    private static final LoadRun.Mix MOSTLY_REGISTER = new LoadRun.Mix(30, 5, 30, 20, 10, 5);

    @TempDir
    Path dir;

    /** @return the node's configuration, passed as arguments */
    abstract Map<String, String> config();

    /** @return the node's extra environment (a configured secret) */
    abstract Map<String, String> environment();

    /** Opens a plain connection to the node's database. */
    abstract Connection connect() throws Exception;

    @Test
    void serverKilledMidLoadThenNothingAcknowledgedLostAndOldTokensValid() throws Exception {
        restartMidLoad(true);
    }

    void restartMidLoad(boolean kill) throws Exception {
        Map<String, String> config = new java.util.HashMap<>(config());
        // every load client comes from one loopback address: registration throttling would only measure itself
        config.put("auth.register.address-limit", "0");
        Map<String, String> env = environment();
        // kept after the run, for a look when a node misbehaves
        Path log = Files.createDirectories(Path.of("target", "restart-logs"))
                .resolve(getClass().getSimpleName() + "-" + (kill ? "kill" : "term") + ".log");
        ApiClient client = new ApiClient();
        ApiClient.Reply before;
        LoadRun load;
        byte[] secretBefore;
        try (NodeProcess first = new NodeProcess(config, env, log)) {
            before = client.register(first.base(), "before-restart");
            assertThat(before.status()).isEqualTo(201);
            secretBefore = readSecret();
            load = new LoadRun(List.of(first.base()), "restart", MOSTLY_REGISTER, 8, Set.of(), true);
            try {
                await(() -> load.acknowledged.size() >= 20, "registrations before the kill");
                if (kill) {
                    first.kill();
                } else {
                    first.terminate();
                }
                long failuresAtStop = load.stats.count(LoadStats.TRANSPORT_ERROR);
                await(() -> load.stats.count(LoadStats.TRANSPORT_ERROR) > failuresAtStop + 8, "clients seeing it gone");
            } finally {
                load.stop();
            }
        }
        System.out.printf("RestartIT (%s, %s): %d acknowledged registrations, %d unacknowledged%n  %s%n",
                config.containsKey("auth.db.url") ? "PostgreSQL" : "SQLite", kill ? "SIGKILL" : "SIGTERM",
                load.acknowledged.size(), load.unacknowledged.size(), load.stats);
        assertThat(load.stats.serverErrors()).isZero();
        assertThat(load.stats.unexpectedSamples()).isEmpty();

        try (NodeProcess second = new NodeProcess(config, env, log)) {
            assertThat(readSecret()).as("the generated secret file").isEqualTo(secretBefore);
            assertThat(client.validate(second.base(), before.string("token")).status()).isEqualTo(200);
            assertThat(client.api(second.base(), before.string("token")).status()).isEqualTo(200);
            assertThat(client.refresh(second.base(), before.string("refresh_token")).status()).isEqualTo(200);

            Set<String> usable = new HashSet<>(load.acknowledged);
            try (Connection c = connect()) {
                Map<String, Integer> stored = StoredRows.usernames(c, "restart-");
                assertThat(stored.keySet()).as("acknowledged accounts after restart").containsAll(load.acknowledged);
                Set<String> extra = new HashSet<>(stored.keySet());
                extra.removeAll(load.acknowledged);
                assertThat(load.unacknowledged).as("accounts nobody asked for").containsAll(extra);
                assertThat(StoredRows.incompleteAccounts(c, "restart-")).doesNotContainAnyElementsOf(load.acknowledged);
                assertThat(StoredRows.sessionsWithSeveralLiveRefreshTokens(c, System.currentTimeMillis())).isEmpty();
                usable.addAll(extra);
                System.out.printf("  in flight at the stop and stored anyway: %d%n", extra.size());
            }
            assertThat(LoadRun.loginAll(second.base(), usable)).as("accounts that cannot log in").isEmpty();
        }
    }

    /** @return the embedded default's generated secret file, or an empty array when a secret is configured */
    private byte[] readSecret() throws IOException {
        Path file = dir.resolve("jwt-secret");
        return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Await.until(condition, HANG_GUARD, what);
    }
}
