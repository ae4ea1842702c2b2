package io.github.servletauth.core.internal.store;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.security.SecureRandom;
import java.util.Base64;

/** The store contract on a real PostgreSQL server, in a schema of its own per test. */
class PostgresAccountStoreTest extends AccountStoreContract {
    @RegisterExtension
    final PostgresTestDatabase pg = new PostgresTestDatabase();

    /** A shared database needs an explicit JWT secret; its value does not matter here. */
    static String randomSecret() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return "base64:" + Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    AuthConfig.Builder config() {
        return AuthConfig.builder().set("auth.db.url", pg.jdbcUrl()).set("auth.jwt.secret", randomSecret());
    }
}
