package io.github.servletauth.core;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** {@link BrowserSessionContract} on the embedded default: an SQLite file and a generated secret. */
class SqliteBrowserSessionTest extends BrowserSessionContract {
    @TempDir
    Path dir;

    @Override
    AuthConfig.Builder database() {
        return AuthConfig.builder().set("auth.data-dir", dir.toString());
    }
}
