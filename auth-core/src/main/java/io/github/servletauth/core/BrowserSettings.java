package io.github.servletauth.core;

import java.time.Duration;

/**
 * How browsers are signed in with cookies. A stand-in on this branch for the record of the same name that the
 * core branch adds; the merge keeps that one.
 *
 * @param accessCookie the base name of the access-token cookie
 * @param refreshCookie the base name of the refresh-token cookie
 * @param cookieDomain the {@code Domain} attribute for sharing the cookies across subdomains, or {@code null}
 *                     for host-only cookies
 * @param secure when cookies get the {@code Secure} attribute
 * @param sameSite the {@code SameSite} attribute: {@code "Lax"}, {@code "Strict"} or {@code "None"}
 * @param renewGrace how long an exchanged refresh token is forgiven when a second tab renews at the same moment
 */
public record BrowserSettings(String accessCookie, String refreshCookie, String cookieDomain, SecureMode secure,
                              String sameSite, Duration renewGrace) {

    /** When a cookie gets the {@code Secure} attribute. */
    public enum SecureMode {
        /** Whenever the request is secure ({@code ServletRequest.isSecure()}). */
        AUTO,
        /** Always (TLS ends at a proxy that does not tell the container). */
        ALWAYS,
        /** Never (plain HTTP only, for development). */
        NEVER
    }

    /** @return {@code auth_access}, {@code auth_refresh}, no domain, {@code AUTO}, {@code Lax}, 10 seconds */
    public static BrowserSettings defaults() {
        return new BrowserSettings("auth_access", "auth_refresh", null, SecureMode.AUTO, "Lax",
                Duration.ofSeconds(10));
    }
}
