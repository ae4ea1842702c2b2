package io.github.servletauth.core;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * How browsers are signed in: the names and attributes of the access and refresh cookies, and how long an
 * exchanged refresh token is forgiven when a second tab renews at the same moment. The {@code auth.browser.*}
 * keys of {@link AuthConfig}, read through {@link AuthConfig#browser()}; immutable.
 *
 * <pre>{@code
 * BrowserSettings browser = AuthConfig.forWebapp(initParams).browser();
 * String name = browser.accessCookie();          // "auth_access" unless configured
 * if (browser.secure() == BrowserSettings.SecureMode.AUTO && request.isSecure()) { ... }
 * }</pre>
 *
 * @param accessCookie  the access token's cookie name ({@code auth.browser.access-cookie}): 1–64 RFC 6265 token
 *                      characters, not starting with {@code __} (the {@code __Host-} and {@code __Secure-}
 *                      prefixes are added where they apply, never configured)
 * @param refreshCookie the refresh token's cookie name ({@code auth.browser.refresh-cookie}), same rule, not
 *                      the access cookie's name
 * @param cookieDomain  the cookies' {@code Domain} attribute ({@code auth.browser.cookie-domain}), a lower-case
 *                      host name for sharing the sign-in across subdomains; {@code null} for none (host-only
 *                      cookies)
 * @param secure        when the cookies are {@code Secure} ({@code auth.browser.cookie-secure})
 * @param sameSite      the {@code SameSite} attribute ({@code auth.browser.same-site}): {@code "Lax"},
 *                      {@code "Strict"} or {@code "None"}; {@code None} only with {@link SecureMode#ALWAYS}
 * @param renewGrace    how long after a browser renewal exchanged a refresh token the same token, presented
 *                      again to {@link AuthService#renew(String)}, is refused as
 *                      {@link InvalidTokenException.Reason#SUPERSEDED} without ending the session
 *                      ({@code auth.browser.renew-grace}, {@code PT0S} to {@code PT1M})
 */
public record BrowserSettings(String accessCookie, String refreshCookie, String cookieDomain, SecureMode secure,
                              String sameSite, Duration renewGrace) {

    private static final int MAX_COOKIE_NAME = 64;
    private static final int MAX_DOMAIN = 253;
    private static final int MAX_LABEL = 63;
    private static final Duration MAX_GRACE = Duration.ofMinutes(1);
    private static final List<String> SAME_SITE = List.of("Lax", "Strict", "None");

    /** When the cookies carry the {@code Secure} attribute. */
    public enum SecureMode {
        /** {@code Secure} when the request that sets them is secure (HTTPS, also as a trusted proxy reports it). */
        AUTO,
        /** Always {@code Secure} ({@code true}): for sites served only over HTTPS. */
        ALWAYS,
        /** Never {@code Secure} ({@code false}): plain-HTTP development only. */
        NEVER
    }

    /**
     * Checks the settings as {@link AuthConfig} does; the cookie domain is stored lower-case.
     *
     * @throws NullPointerException if any component but {@code cookieDomain} is {@code null}
     * @throws IllegalArgumentException naming the component that breaks its rule
     */
    public BrowserSettings {
        Objects.requireNonNull(accessCookie, "accessCookie");
        Objects.requireNonNull(refreshCookie, "refreshCookie");
        Objects.requireNonNull(secure, "secure");
        Objects.requireNonNull(sameSite, "sameSite");
        Objects.requireNonNull(renewGrace, "renewGrace");
        accessCookie = checked("accessCookie", accessCookie, BrowserSettings::cookieName);
        refreshCookie = checked("refreshCookie", refreshCookie, BrowserSettings::cookieName);
        if (cookieDomain != null) {
            cookieDomain = checked("cookieDomain", cookieDomain, BrowserSettings::domain);
        }
        if (!SAME_SITE.contains(sameSite)) {
            throw new IllegalArgumentException("sameSite must be Lax, Strict or None");
        }
        if (refreshCookie.equalsIgnoreCase(accessCookie)) {
            throw new IllegalArgumentException("refreshCookie must differ from accessCookie");
        }
        if (sameSite.equals("None") && secure != SecureMode.ALWAYS) {
            throw new IllegalArgumentException("sameSite None requires secure ALWAYS");
        }
        if (renewGrace.isNegative() || renewGrace.compareTo(MAX_GRACE) > 0) {
            throw new IllegalArgumentException("renewGrace must be between PT0S and " + MAX_GRACE);
        }
    }

    /** @return the settings every {@code auth.browser.*} key's default gives */
    public static BrowserSettings defaults() {
        ConfigChecks checks = new ConfigChecks(Map.of(), AuthConfig::defaultOf, key -> false);
        BrowserSettings defaults = from(checks);
        checks.throwIfAny(List.of());
        return defaults;
    }

    /**
     * Reads the {@code auth.browser.*} keys, recording every problem in {@code c}.
     *
     * @return the settings, or {@code null} if a key was refused (then {@code c} holds why)
     */
    static BrowserSettings from(ConfigChecks c) {
        String access = c.parse("auth.browser.access-cookie", s -> cookieName(s.trim()));
        String refresh = c.parse("auth.browser.refresh-cookie", s -> cookieName(s.trim()));
        String domain = c.parse("auth.browser.cookie-domain", BrowserSettings::domain);
        SecureMode secure = c.parse("auth.browser.cookie-secure", s -> switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> SecureMode.AUTO;
            case "true" -> SecureMode.ALWAYS;
            case "false" -> SecureMode.NEVER;
            default -> throw new IllegalArgumentException("must be auto, true or false");
        });
        String sameSite = c.parse("auth.browser.same-site", s -> SAME_SITE.stream()
                .filter(v -> v.equalsIgnoreCase(s.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("must be Lax, Strict or None")));
        Duration grace = c.duration("auth.browser.renew-grace", Duration.ZERO, MAX_GRACE);
        if (access != null && refresh != null && refresh.equalsIgnoreCase(access)) {
            c.fault("auth.browser.refresh-cookie", "must differ from auth.browser.access-cookie");
        }
        if ("None".equals(sameSite) && secure != null && secure != SecureMode.ALWAYS) {
            // browsers drop a SameSite=None cookie that is not Secure, so the sign-in would silently not stick
            c.fault("auth.browser.same-site", "None requires auth.browser.cookie-secure=true "
                    + "(browsers refuse SameSite=None cookies that are not Secure)");
        }
        if (c.anyFaulty("auth.browser.access-cookie", "auth.browser.refresh-cookie", "auth.browser.cookie-domain",
                "auth.browser.cookie-secure", "auth.browser.same-site", "auth.browser.renew-grace")) {
            return null;
        }
        return new BrowserSettings(access, refresh, domain, secure, sameSite, grace);
    }

    /** A cookie name as RFC 6265 section 4.1.1 allows (a token), short, and free of the reserved prefixes. */
    private static String cookieName(String name) {
        if (name.isEmpty() || name.length() > MAX_COOKIE_NAME) {
            throw new IllegalArgumentException("must be 1 to " + MAX_COOKIE_NAME + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (!isAsciiLetterOrDigit(ch) && "!#$%&'*+-.^_`|~".indexOf(ch) < 0) {
                throw new IllegalArgumentException("may only contain letters, digits and !#$%&'*+-.^_`|~ "
                        + "(an RFC 6265 token)");
            }
        }
        if (name.startsWith("__")) {
            throw new IllegalArgumentException("must not start with __ (the __Host- and __Secure- prefixes are "
                    + "added automatically where they apply)");
        }
        return name;
    }

    /** A host name to use as the cookies' Domain, lower-cased; IDNs in their ASCII (xn--) form. */
    private static String domain(String value) {
        String d = value.trim().toLowerCase(Locale.ROOT);
        if (d.isEmpty()) {
            throw new IllegalArgumentException("must not be blank (leave it unset for host-only cookies)");
        }
        if (d.contains("/") || d.contains(":") || d.contains("[")) {
            throw new IllegalArgumentException("must be a bare host name such as example.org, without scheme, "
                    + "port or path");
        }
        if (d.startsWith(".")) {
            throw new IllegalArgumentException("must not start with a dot (example.org already covers its "
                    + "subdomains)");
        }
        if (d.length() > MAX_DOMAIN) {
            throw new IllegalArgumentException("must be at most " + MAX_DOMAIN + " characters");
        }
        String[] labels = d.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty() || label.length() > MAX_LABEL || label.startsWith("-") || label.endsWith("-")
                    || !label.chars().allMatch(ch -> isAsciiLetterOrDigit((char) ch) || ch == '-')) {
                throw new IllegalArgumentException("must be a host name: dot-separated labels of 1 to " + MAX_LABEL
                        + " ASCII letters, digits and inner hyphens (internationalised names in their xn-- form)");
            }
        }
        // no top-level domain is numeric: a numeric last label means an IPv4 address, which has no subdomains
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("must be a host name, not an IP address");
        }
        return d;
    }

    private static boolean isAsciiLetterOrDigit(char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
    }

    private static String checked(String component, String value, UnaryOperator<String> rule) {
        try {
            return rule.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(component + " " + e.getMessage(), e);
        }
    }
}
