package io.github.servletauth.core.internal.store;

import io.github.servletauth.core.AuthConfig;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Attempt counters on a real SQLite file. */
class SqliteAttemptCountersTest extends AttemptCountersContract {
    @TempDir
    Path dir;

    @Override
    AuthConfig.Builder config() {
        return AuthConfig.builder().set("auth.data-dir", dir.toString());
    }
}
