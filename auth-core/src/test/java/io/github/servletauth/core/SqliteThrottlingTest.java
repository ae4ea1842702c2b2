package io.github.servletauth.core;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;


/** {@link ThrottlingContract} on an SQLite file. */
class SqliteThrottlingTest extends ThrottlingContract {
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
}
