package io.github.servletauth.core;

import java.time.Instant;
import java.util.Objects;

/**
 * What a successful register, login or refresh hands out: a signed access token (a JWT, sent as
 * {@code Authorization: Bearer ...}) and an opaque refresh token that can be exchanged once for a new pair.
 * {@link #toString()} never prints either token.
 *
 * @param account the account the tokens belong to
 * @param accessToken the compact JWS access token
 * @param refreshToken the opaque refresh token (256 random bits, base64url)
 * @param accessTokenExpiresAt when the access token expires
 * @param refreshTokenExpiresAt when the refresh token expires
 */
public record IssuedTokens(Account account, String accessToken, String refreshToken,
                           Instant accessTokenExpiresAt, Instant refreshTokenExpiresAt) {

    /** Validates the components. */
    public IssuedTokens {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(accessTokenExpiresAt, "accessTokenExpiresAt");
        Objects.requireNonNull(refreshTokenExpiresAt, "refreshTokenExpiresAt");
    }

    /**
     * @param now the current time
     * @return whole seconds until the access token expires, never negative (the OAuth {@code expires_in})
     */
    public long expiresInSeconds(Instant now) {
        return Math.max(0, accessTokenExpiresAt.getEpochSecond() - now.getEpochSecond());
    }

    @Override
    public String toString() {
        return "IssuedTokens[userId=" + account.userId() + ", accessTokenExpiresAt=" + accessTokenExpiresAt
                + ", refreshTokenExpiresAt=" + refreshTokenExpiresAt + "]";
    }
}
