package io.github.servletauth.core.internal;

import io.github.servletauth.core.InvalidTokenException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random identifiers and refresh tokens, and the one-way hash refresh tokens are stored under. */
public final class SecureTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    /** 32 random bytes in unpadded base64url. */
    private static final int REFRESH_TOKEN_LENGTH = 43;

    private SecureTokens() {
    }

    /** @return 128 random bits, base64url: session ids and {@code jti} values */
    public static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return B64.encodeToString(b);
    }

    /** @return a new opaque refresh token: 256 random bits, base64url */
    public static String newRefreshToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return B64.encodeToString(b);
    }

    /** @return whether the string has the exact shape of a refresh token this library issues */
    public static boolean isWellFormedRefreshToken(String token) {
        if (token == null || token.length() != REFRESH_TOKEN_LENGTH) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * SHA-256 of the token, hex. A plain hash suffices: the token has 256 bits of entropy, so there is
     * nothing to brute-force, and a database dump yields no usable token.
     *
     * @throws InvalidTokenException MALFORMED if the token does not have the issued shape
     */
    public static String hashRefreshToken(String token) {
        if (!isWellFormedRefreshToken(token)) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED);
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
