package io.github.servletauth.servlet.testing;

import java.security.SecureRandom;
import java.util.Base64;

/** Random secrets per run: no secret lives in the source. */
public final class TestKeys {

    private TestKeys() {
    }

    /** @return the raw bytes behind a {@code base64:} secret */
    public static byte[] randomBytes() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** @return {@code bytes} as an {@code auth.jwt.secret} value */
    public static String secret(byte[] bytes) {
        return "base64:" + Base64.getEncoder().encodeToString(bytes);
    }
}
