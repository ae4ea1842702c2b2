package io.github.servletauth.core.internal.token;

import java.nio.file.Path;

/** STUB: replaced by the token work. */
public final class EmbeddedSecret {
    private EmbeddedSecret() {
    }

    /** Loads dataDir/jwt-secret, or generates 48 random bytes there with owner-only permissions, warning once. */
    public static byte[] loadOrCreate(Path dataDir) {
        throw new UnsupportedOperationException();
    }
}
