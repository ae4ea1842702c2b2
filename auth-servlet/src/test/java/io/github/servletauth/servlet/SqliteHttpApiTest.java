package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.servlet.testing.ApiFixture;

import java.nio.file.Path;

/** The HTTP contract against a real SQLite file. */
class SqliteHttpApiTest extends HttpApiContract {

    @Override
    AuthConfig.Builder config(Path dir) {
        return ApiFixture.sqlite(dir);
    }
}
