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
    void loginWhenHashFromOlderAlgorithmThenUpgradedToDefault() throws Exception {
        long id = auth.register("uma", PASSWORD, null).account().userId();
        String legacy = "{bcrypt}" + new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(4).encode(PASSWORD);
        String url = "jdbc:sqlite:" + dir.resolve("accounts.db");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
             java.sql.PreparedStatement ps = c.prepareStatement("UPDATE auth_accounts SET password_hash = ? WHERE user_id = ?")) {
            ps.setString(1, legacy);
            ps.setLong(2, id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        assertThat(auth.login("uma", PASSWORD).account().userId()).isEqualTo(id);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT password_hash FROM auth_accounts WHERE user_id = " + id)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).startsWith("{pbkdf2@SpringSecurity_v5_8}");
        }
        assertThat(auth.login("uma", PASSWORD).account().userId()).isEqualTo(id);
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
