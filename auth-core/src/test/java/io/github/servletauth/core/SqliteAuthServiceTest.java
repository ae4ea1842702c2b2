package io.github.servletauth.core;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link AuthServiceContract} on the embedded default: an SQLite file and a generated secret. */
class SqliteAuthServiceTest extends AuthServiceContract {
    @TempDir
    Path dir;

    @Override
    AuthConfig.Builder freshDatabase() {
        return sameDatabase();
    }

    @Override
    AuthConfig.Builder sameDatabase() {
        return AuthConfig.builder().set("auth.data-dir", dir.toString());
    }

    @org.junit.jupiter.api.Test
    void embeddedDefaultKeepsDatabaseAndSecretInDataDirAcrossRestarts() {
        IssuedTokens t = auth.register("olga", PASSWORD, null);
        auth.close();
        assertThat(Files.exists(dir.resolve("accounts.db"))).isTrue();
        assertThat(Files.exists(dir.resolve("jwt-secret"))).isTrue();
        auth = AuthService.create(sameDatabase().clock(clock).build());
        assertThat(auth.verify(t.accessToken()).username()).isEqualTo("olga");
        assertThat(auth.login("olga", PASSWORD).account().userId()).isEqualTo(t.account().userId());
    }
}
