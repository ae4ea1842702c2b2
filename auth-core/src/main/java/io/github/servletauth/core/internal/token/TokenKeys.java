package io.github.servletauth.core.internal.token;

import io.github.servletauth.core.AuthConfig;

import java.util.Optional;

/** STUB: replaced by the token work. */
public final class TokenKeys {
    private TokenKeys() {
    }

    public static TokenKeys fromConfig(AuthConfig config, Optional<byte[]> generatedSecret) {
        throw new UnsupportedOperationException();
    }
}
