package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.servlet.testing.ApiFixture;
import io.github.servletauth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;

/** The hostile-input corpus against PostgreSQL, in a fresh schema per test. */
class PostgresHostileInputTest extends HostileInputContract {

    @RegisterExtension
    final PostgresTestDatabase db = new PostgresTestDatabase();

    @Override
    AuthConfig.Builder config(Path dir) {
        return ApiFixture.sqlite(dir).set("auth.db.url", db.jdbcUrl());
    }
}
