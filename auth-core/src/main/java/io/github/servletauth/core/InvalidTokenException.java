package io.github.servletauth.core;

import java.util.Objects;

/**
 * An access or refresh token was refused. {@link #reason()} says why, for logs and metrics; clients should be
 * told only that the token is invalid (RFC 6750 {@code error="invalid_token"}), which is what
 * {@link #getMessage()} says, with the reason's short description.
 */
public class InvalidTokenException extends AuthException {
    private static final long serialVersionUID = 1L;

    /** Why a token was refused. */
    public enum Reason {
        /** Not a well-formed compact JWS, or a refresh token of the wrong shape, or too large. */
        MALFORMED("malformed token"),
        /** The signature does not verify with any configured key. */
        BAD_SIGNATURE("invalid signature"),
        /** The {@code alg} header is not one the configuration allows (including {@code none}). */
        ALGORITHM_NOT_ALLOWED("algorithm not allowed"),
        /** The {@code kid} header names no configured key. */
        UNKNOWN_KEY("unknown signing key"),
        /** The token has expired ({@code exp} in the past, beyond the allowed clock skew). */
        EXPIRED("token expired"),
        /** Not yet valid ({@code nbf} or {@code iat} in the future beyond the clock skew). */
        NOT_YET_VALID("token not yet valid"),
        /** A required claim ({@code exp}, {@code iss}, {@code aud}, {@code sub}, ...) is missing or malformed. */
        MISSING_CLAIM("required claim missing or malformed"),
        /** {@code iss} is not the configured issuer. */
        WRONG_ISSUER("wrong issuer"),
        /** {@code aud} does not contain the configured audience. */
        WRONG_AUDIENCE("wrong audience"),
        /** {@code exp} lies further in the future than any token this issuer makes. */
        EXPIRY_TOO_FAR("expiry too far in the future"),
        /** The token's account does not exist or is disabled (checked by {@link AuthService#validate}). */
        INACTIVE_ACCOUNT("account unknown or disabled"),
        /** Explicitly revoked: logout, password change, disabled or deleted account. */
        REVOKED("token revoked"),
        /** A refresh token that was already exchanged; its whole family has been revoked. */
        REUSED("refresh token reused; session revoked"),
        /**
         * A refresh token that was already exchanged, presented again to browser renewal
         * ({@link AuthService#renew(String)}) within {@code auth.browser.renew-grace} of its exchange: another tab
         * renewed with it at the same moment. The session is <b>not</b> revoked; the browser's newer cookie
         * works.
         */
        SUPERSEDED("refresh token exchanged moments ago"),
        /** A refresh token that is unknown to the store. */
        UNKNOWN("unknown token"),
        /**
         * Signed by the configured issuer but not an access token: an OpenID Connect ID token (meant for the
         * client, not for a resource server), a refresh or logout token, or a {@code typ} header that is not
         * allowed ({@code auth.jwt.typ}). Only tokens of another issuer ({@code auth.jwt.issuer-uri}) are refused
         * for this; this library's own tokens of the wrong type are {@link #MALFORMED}.
         */
        NOT_ACCESS_TOKEN("not an access token"),
        /**
         * A claim that {@code auth.jwt.username-claim} or {@code auth.jwt.roles-claim} names has the wrong JSON
         * type: the username is not a string, the roles neither an array of strings nor a space-separated string.
         */
        WRONG_CLAIM_TYPE("claim of the wrong type");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        /** @return a short lower-case description, safe to show to clients */
        public String description() {
            return description;
        }
    }

    private final Reason reason;

    /**
     * @param reason why the token was refused
     */
    public InvalidTokenException(Reason reason) {
        super("Invalid token: " + Objects.requireNonNull(reason, "reason").description());
        this.reason = reason;
    }

    /**
     * @param reason why the token was refused
     * @param cause the underlying library failure, for logs only
     */
    public InvalidTokenException(Reason reason, Throwable cause) {
        super("Invalid token: " + Objects.requireNonNull(reason, "reason").description(), cause);
        this.reason = reason;
    }

    /** @return why the token was refused */
    public Reason reason() {
        return reason;
    }
}
