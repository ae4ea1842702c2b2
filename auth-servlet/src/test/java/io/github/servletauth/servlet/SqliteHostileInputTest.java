package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.servlet.testing.ApiFixture;

import java.nio.file.Path;

/** The hostile-input corpus against a real SQLite file. */
class SqliteHostileInputTest extends HostileInputContract {

    @Override
    AuthConfig.Builder config(Path dir) {
        return ApiFixture.sqlite(dir);
    }
}
