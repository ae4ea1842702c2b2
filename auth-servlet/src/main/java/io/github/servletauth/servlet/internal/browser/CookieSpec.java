package io.github.servletauth.servlet.internal.browser;

import io.github.servletauth.core.BrowserSettings;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Names and writes the browser sign-in cookies: the access token, the refresh token and the sign-in form's
 * proof. Immutable and thread-safe; one per webapp.
 *
 * <p>The {@code Set-Cookie} headers are written by hand because the Servlet 4 {@code Cookie} API (all the
 * {@code -javax} build may use) has no {@code SameSite}. Every cookie is {@code HttpOnly}: no page script ever
 * needs a token, and one injected script must not be able to read it.
 *
 * <p>Names carry the strongest prefix that applies, and readers use the same rule as writers. On a secure
 * request a {@code __Host-} or {@code __Secure-} cookie can only have been set over HTTPS (and a
 * {@code __Host-} one only by this very host), so a plain-named cookie that a sibling subdomain or a network
 * attacker tossed in is never even read: it has another name.
 */
public final class CookieSpec {

    /** The base name of the sign-in form's proof cookie (prefixed with {@code __Host-} when secure). */
    public static final String SIGN_IN_PROOF = "auth_signin";

    private static final String HOST_PREFIX = "__Host-";
    private static final String SECURE_PREFIX = "__Secure-";

    /**
     * IMF-fixdate (RFC 9110 section 5.6.7), the form RFC 6265 asks for: like RFC 1123 but with a two-digit day,
     * which {@code DateTimeFormatter.RFC_1123_DATE_TIME} does not write.
     */
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final String EPOCH = "Thu, 01 Jan 1970 00:00:00 GMT";

    private final BrowserSettings settings;
    private final Clock clock;
    // every name a request can need, built once: naming must not allocate per request
    private final String accessPlain;
    private final String accessPrefixed;
    private final String refreshPlain;
    private final String refreshPrefixed;

    /**
     * @param settings the webapp's browser settings (validated by {@link BrowserSettings} itself)
     */
    public CookieSpec(BrowserSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /**
     * @param settings the webapp's browser settings
     * @param clock the clock {@code Expires} is computed from
     */
    public CookieSpec(BrowserSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        accessPlain = settings.accessCookie();
        // __Host- forbids a Domain attribute: with a shared domain the best available is __Secure-
        accessPrefixed = (settings.cookieDomain() == null ? HOST_PREFIX : SECURE_PREFIX) + accessPlain;
        refreshPlain = settings.refreshCookie();
        refreshPrefixed = SECURE_PREFIX + refreshPlain;
    }

    /**
     * @param request the request the cookies are read from or set for
     * @return whether cookies get the {@code Secure} attribute (and a prefixed name): {@code ALWAYS} yes,
     *         {@code NEVER} no, {@code AUTO} when {@code request.isSecure()}
     */
    public boolean secure(HttpServletRequest request) {
        return switch (settings.secure()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> request.isSecure();
        };
    }

    /**
     * @param request the request
     * @return the access cookie's name for it: {@code __Host-<name>} when secure without a cookie domain,
     *         {@code __Secure-<name>} when secure with one, the plain name otherwise
     */
    public String accessName(HttpServletRequest request) {
        return secure(request) ? accessPrefixed : accessPlain;
    }

    /**
     * @param request the request
     * @return the refresh cookie's name for it: {@code __Secure-<name>} when secure (never {@code __Host-}: that
     *         prefix requires {@code Path=/}, and the refresh cookie is sent to the renewal path only)
     */
    public String refreshName(HttpServletRequest request) {
        return secure(request) ? refreshPrefixed : refreshPlain;
    }

    /**
     * @param request the request
     * @return the sign-in proof cookie's name: {@code __Host-auth_signin} when secure, else {@code auth_signin}
     */
    public String signInProofName(HttpServletRequest request) {
        return secure(request) ? HOST_PREFIX + SIGN_IN_PROOF : SIGN_IN_PROOF;
    }

    /**
     * Adds the access cookie: sent with every request to the host (or the cookie domain), {@code Path=/}.
     *
     * @param request the request being answered
     * @param response its response
     * @param value the access token
     * @param maxAge how long the browser keeps it (the token's remaining lifetime)
     * @throws IllegalArgumentException if {@code value} is empty, too long or not made of cookie-octets, or
     *                                  {@code maxAge} is negative
     */
    public void setAccess(HttpServletRequest request, HttpServletResponse response, String value, Duration maxAge) {
        boolean secure = secure(request);
        response.addHeader("Set-Cookie", header(secure ? accessPrefixed : accessPlain, checkedValue(value), "/",
                settings.cookieDomain(), seconds(maxAge), secure, settings.sameSite()));
    }

    /**
     * Adds the refresh cookie once per path: browsers send it only to those paths (the renewal and sign-out
     * endpoints), so the long-lived token travels as rarely as possible.
     *
     * @param request the request being answered
     * @param response its response
     * @param value the refresh token
     * @param maxAge how long the browser keeps it
     * @param paths the paths, each starting with {@code /}; at least one
     * @throws IllegalArgumentException for a bad value, a negative {@code maxAge}, no path or a bad path
     */
    public void setRefresh(HttpServletRequest request, HttpServletResponse response, String value, Duration maxAge,
                           List<String> paths) {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("paths must not be empty");
        }
        boolean secure = secure(request);
        String name = secure ? refreshPrefixed : refreshPlain;
        String checked = checkedValue(value);
        long seconds = seconds(maxAge);
        for (String path : paths) {
            response.addHeader("Set-Cookie", header(name, checked, checkedPath(path), settings.cookieDomain(),
                    seconds, secure, settings.sameSite()));
        }
    }

    /**
     * Expires the access cookie and the refresh cookie at each path: the same names, paths and domain as when
     * set (a browser deletes a cookie only if all three match), an empty value, {@code Max-Age=0} and an
     * {@code Expires} in 1970 for browsers that ignore {@code Max-Age}.
     *
     * @param request the request being answered
     * @param response its response
     * @param refreshPaths the paths the refresh cookie was set at
     */
    public void clear(HttpServletRequest request, HttpServletResponse response, List<String> refreshPaths) {
        boolean secure = secure(request);
        response.addHeader("Set-Cookie", header(secure ? accessPrefixed : accessPlain, "", "/",
                settings.cookieDomain(), -1, secure, settings.sameSite()));
        String name = secure ? refreshPrefixed : refreshPlain;
        for (String path : refreshPaths) {
            response.addHeader("Set-Cookie", header(name, "", checkedPath(path), settings.cookieDomain(), -1, secure,
                    settings.sameSite()));
        }
    }

    /**
     * Adds the sign-in form's proof against login CSRF: host-only (no {@code Domain}, a sibling subdomain must
     * not be able to plant it), {@code Path=/} and {@code SameSite=Strict} (only a form of our own site posts it
     * back), whatever the settings say.
     *
     * @param request the request being answered
     * @param response its response
     * @param value the proof ({@link CsrfProof#random()})
     * @param maxAge how long the form may stay open
     * @throws IllegalArgumentException for a bad value or a negative {@code maxAge}
     */
    public void setSignInProof(HttpServletRequest request, HttpServletResponse response, String value,
                               Duration maxAge) {
        boolean secure = secure(request);
        response.addHeader("Set-Cookie", header(secure ? HOST_PREFIX + SIGN_IN_PROOF : SIGN_IN_PROOF,
                checkedValue(value), "/", null, seconds(maxAge), secure, "Strict"));
    }

    /**
     * Expires the sign-in proof, once it has served (a proof is good for one sign-in).
     *
     * @param request the request being answered
     * @param response its response
     */
    public void clearSignInProof(HttpServletRequest request, HttpServletResponse response) {
        boolean secure = secure(request);
        response.addHeader("Set-Cookie", header(secure ? HOST_PREFIX + SIGN_IN_PROOF : SIGN_IN_PROOF, "", "/", null,
                -1, secure, "Strict"));
    }

    /**
     * @param maxAgeSeconds the lifetime, or -1 to expire the cookie now
     * @return the header value, attributes always in the same order
     */
    private String header(String name, String value, String path, String domain, long maxAgeSeconds,
                          boolean secure, String sameSite) {
        StringBuilder b = new StringBuilder(160 + value.length());
        b.append(name).append('=').append(value).append("; Path=").append(path);
        if (domain != null) {
            b.append("; Domain=").append(domain);
        }
        if (maxAgeSeconds < 0) {
            b.append("; Max-Age=0; Expires=").append(EPOCH);
        } else {
            b.append("; Max-Age=").append(maxAgeSeconds).append("; Expires=")
                    .append(IMF_FIXDATE.format(clock.instant().plusSeconds(maxAgeSeconds)));
        }
        if (secure) {
            b.append("; Secure");
        }
        return b.append("; HttpOnly; SameSite=").append(sameSite).toString();
    }

    /** A value we could not read back ({@link Cookies#single}) is a programming error, never written. */
    private static String checkedValue(String value) {
        Objects.requireNonNull(value, "value");
        boolean ok = !value.isEmpty() && value.length() <= Cookies.MAX_VALUE_LENGTH;
        for (int i = 0; ok && i < value.length(); i++) {
            ok = Cookies.isCookieOctet(value.charAt(i));
        }
        if (!ok) {
            // never the value itself in the message: it is a token
            throw new IllegalArgumentException("value must be 1 to " + Cookies.MAX_VALUE_LENGTH
                    + " RFC 6265 cookie-octets");
        }
        return value;
    }

    /** A path that could end the attribute or the header early is a programming error. */
    private static String checkedPath(String path) {
        boolean ok = path.startsWith("/");
        for (int i = 0; ok && i < path.length(); i++) {
            char c = path.charAt(i);
            ok = c >= 0x21 && c <= 0x7E && c != ';' && c != ',';
        }
        if (!ok) {
            throw new IllegalArgumentException("path must start with / and hold only visible ASCII other than ; "
                    + "and , but was '" + path + "'");
        }
        return path;
    }

    private static long seconds(Duration maxAge) {
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative");
        }
        return maxAge.getSeconds();
    }
}
