package io.github.servletauth.core.internal.token;

import io.github.servletauth.core.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

class EmbeddedSecretTest {
    @TempDir
    Path dir;

    @Test
    void loadOrCreateWhenNoFileThenWrites48RandomBytesAndReturnsThemAgain() throws Exception {
        Path dataDir = dir.resolve("nested/data");

        byte[] first = EmbeddedSecret.loadOrCreate(dataDir);
        byte[] second = EmbeddedSecret.loadOrCreate(dataDir);

        assertThat(first).hasSize(48).isEqualTo(second);
        assertThat(Base64.getDecoder().decode(Files.readString(dataDir.resolve("jwt-secret")).strip())).isEqualTo(first);
        assertThat(EmbeddedSecret.loadOrCreate(dir.resolve("elsewhere"))).isNotEqualTo(first);
    }

    @Test
    void loadOrCreateWhenCreatedThenOwnerOnlyAndNoTemporaryFileLeft() throws Exception {
        assumeThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");

        EmbeddedSecret.loadOrCreate(dir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("jwt-secret"))))
                .isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("jwt-secret");
        }
    }

    @Test
    void loadOrCreateWhenFileTooShortOrNotBase64ThenNamesSecret() throws Exception {
        Files.writeString(dir.resolve("jwt-secret"), Base64.getEncoder().encodeToString(new byte[31]));
        assertThatThrownBy(() -> EmbeddedSecret.loadOrCreate(dir))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.key()).isEqualTo("auth.jwt.secret"));

        Files.writeString(dir.resolve("jwt-secret"), "not base64 at all!");
        assertThatThrownBy(() -> EmbeddedSecret.loadOrCreate(dir))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.key()).isEqualTo("auth.jwt.secret"));
    }

    @Test
    void loadOrCreateWhenDataDirIsAFileThenNamesDataDir() throws Exception {
        Path notADir = Files.writeString(dir.resolve("file"), "x");

        assertThatThrownBy(() -> EmbeddedSecret.loadOrCreate(notADir))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.key()).isEqualTo("auth.data-dir"));
    }

    @Test
    void loadOrCreateWhenManyStartAtOnceThenAllGetTheSameSecret() throws Exception {
        int starters = 8;
        ExecutorService pool = Executors.newFixedThreadPool(starters);
        try {
            for (int round = 0; round < 10; round++) {
                Path dataDir = dir.resolve("round" + round);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<byte[]>> results = new ArrayList<>();
                for (int i = 0; i < starters; i++) {
                    results.add(pool.submit(() -> {
                        go.await();
                        return EmbeddedSecret.loadOrCreate(dataDir);
                    }));
                }
                go.countDown();
                List<byte[]> secrets = new ArrayList<>();
                for (Future<byte[]> r : results) {
                    secrets.add(r.get());
                }
                byte[] stored = Base64.getDecoder().decode(Files.readString(dataDir.resolve("jwt-secret")).strip());
                assertThat(secrets).allSatisfy(s -> assertThat(s).isEqualTo(stored));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
