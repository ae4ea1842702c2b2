package io.github.servletauth.servlet.internal.browser;

import jakarta.servlet.http.HttpServletRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Objects;

/**
 * Protects cookie-authenticated unsafe requests against cross-site request forgery, in two layers: what the
 * browser says about where a request comes from ({@link #fromOwnSite}), and a proof only our own pages can put
 * into a form or a script's header ({@link #presented}, compared with {@link #matches}).
 *
 * <p>The proof of a signed-in browser is derived from its session id ({@link #forSession}), so every webapp
 * that verifies the session's access token computes the same proof without a shared secret or server-side
 * state; another site cannot compute it because the session id travels only inside the {@code HttpOnly}
 * access cookie. Before sign-in there is no session: the sign-in form gets a {@link #random()} proof that is
 * also set as a cookie, so a forged sign-in (login CSRF) lacks the matching pair.
 */
public final class CsrfProof {

    /** The form field that carries the proof in server-rendered forms. */
    public static final String FIELD = "_csrf";

    /** The request header that carries the proof in scripts' requests. */
    public static final String HEADER = "X-CSRF-Token";

    private static final byte[] SESSION_DOMAIN = "servlet-auth csrf v1\n".getBytes(StandardCharsets.UTF_8);
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String FORM = "application/x-www-form-urlencoded";

    private CsrfProof() {
    }

    /**
     * @param sessionId the session id ({@code sid} claim) of the verified access token
     * @return base64url (no padding) of SHA-256 over {@code "servlet-auth csrf v1\n"} and the UTF-8 session id
     */
    public static String forSession(String sessionId) {
        Objects.requireNonNull(sessionId, "sessionId");
        MessageDigest sha256 = sha256();
        sha256.update(SESSION_DOMAIN);
        return BASE64URL.encodeToString(sha256.digest(sessionId.getBytes(StandardCharsets.UTF_8)));
    }

    /** @return 32 bytes from {@link SecureRandom}, base64url without padding: a proof for the sign-in form */
    public static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    /**
     * @param presented the proof the request presents, possibly {@code null}
     * @param expected the proof it must present, possibly {@code null}
     * @return whether both are non-empty and equal, compared in constant time
     */
    public static boolean matches(String presented, String expected) {
        if (presented == null || expected == null || presented.isEmpty() || expected.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The proof a request presents: the {@value #HEADER} header if sent (exactly once), else, for an
     * {@code application/x-www-form-urlencoded} body, its single {@value #FIELD} field. Reading the field
     * reads the body into the request's parameters, where the webapp still finds them.
     *
     * <p>A proof in the query string never counts: it would end up in logs, the history and {@code Referer}
     * headers, and a page could be tricked into linking to it. So a query string naming {@value #FIELD}, also
     * percent-encoded, makes the form field ambiguous and refused ({@code getParameter} merges both).
     *
     * @param request the request
     * @return the proof, or {@code null} if there is none or it is ambiguous (two headers, two fields, empty), or
     *         the body cannot be read as a form
     */
    public static String presented(HttpServletRequest request) {
        Enumeration<String> headers = request.getHeaders(HEADER);
        if (headers != null && headers.hasMoreElements()) {
            String value = headers.nextElement();
            return headers.hasMoreElements() || value.isEmpty() ? null : value;
        }
        if (!isForm(request.getContentType()) || queryNames(request.getQueryString(), FIELD)) {
            return null;
        }
        String[] values;
        try {
            values = request.getParameterValues(FIELD);
        } catch (RuntimeException e) {
            // a body the container cannot parse as a form (a malformed escape, bytes that are not UTF-8, more
            // fields than it allows, a malformed Content-Type): Jetty 12 throws BadMessageException where others
            // skip the bad part. A proof that cannot be read is no proof
            return null;
        }
        return values != null && values.length == 1 && !values[0].isEmpty() ? values[0] : null;
    }

    /**
     * Whether the request comes from our own site as far as the browser tells. {@code Sec-Fetch-Site}, when
     * sent, must be {@code same-origin}, {@code same-site} or {@code none} (typed by the user).
     * {@code Origin}, when sent, must not be {@code null} (sandboxed and privacy-sensitive contexts; unless
     * {@code Sec-Fetch-Site} says {@code same-origin}, as it does for a page with {@code Referrer-Policy:
     * no-referrer}, whose browser sends {@code Origin: null} even to its own origin) and its
     * {@code host[:port]} must equal the {@code Host} header (case-insensitive, ports 80 and 443 ignored on
     * both sides; the scheme is ignored because a TLS-terminating proxy changes it), or, with a cookie domain,
     * its host must be that domain or a subdomain of it, since the cookies are shared with those hosts anyway.
     * A header sent twice refuses. Neither header sent (an old browser, or a client that is not a browser):
     * {@code true}, and the proof alone decides.
     *
     * <p>Behind a reverse proxy the {@code Host} header must reach the container as the browser sent it
     * (most proxies' default, e.g. Apache's {@code ProxyPreserveHost On}).
     *
     * @param request the request
     * @param cookieDomain the configured cookie domain, or {@code null}
     * @return whether the request may be from our own site
     */
    public static boolean fromOwnSite(HttpServletRequest request, String cookieDomain) {
        Enumeration<String> sites = request.getHeaders("Sec-Fetch-Site");
        String site = sites == null || !sites.hasMoreElements() ? null : sites.nextElement();
        Enumeration<String> origins = request.getHeaders("Origin");
        String origin = origins == null || !origins.hasMoreElements() ? null : origins.nextElement();
        if (site != null && sites.hasMoreElements() || origin != null && origins.hasMoreElements()) {
            return false;
        }
        return fromOwnSite(site, origin, request.getHeader("Host"), cookieDomain);
    }

    /**
     * The decision of {@link #fromOwnSite(HttpServletRequest, String)} over the header values.
     *
     * @param secFetchSite the {@code Sec-Fetch-Site} header, or {@code null}
     * @param origin the {@code Origin} header, or {@code null}
     * @param host the {@code Host} header, or {@code null}
     * @param cookieDomain the configured cookie domain, or {@code null}
     * @return whether the request may be from our own site
     */
    static boolean fromOwnSite(String secFetchSite, String origin, String host, String cookieDomain) {
        if (secFetchSite != null && !secFetchSite.equalsIgnoreCase("same-origin")
                && !secFetchSite.equalsIgnoreCase("same-site") && !secFetchSite.equalsIgnoreCase("none")) {
            return false;
        }
        if (origin == null) {
            return true;
        }
        if (origin.equals("null") && "same-origin".equalsIgnoreCase(secFetchSite)) {
            // a page whose Referrer-Policy is no-referrer makes the browser send "Origin: null" even to its own
            // origin; Sec-Fetch-Site, which no page can set, says where the request comes from all the same
            return true;
        }
        int authority = origin.indexOf("://");
        if (authority <= 0 || !isScheme(origin, authority)) {
            return false; // also "null"
        }
        Authority from = Authority.parse(origin.substring(authority + 3));
        if (from == null) {
            return false;
        }
        Authority to = host == null ? null : Authority.parse(host);
        if (from.equals(to)) {
            return true;
        }
        if (cookieDomain == null) {
            return false;
        }
        String domain = (cookieDomain.startsWith(".") ? cookieDomain.substring(1) : cookieDomain)
                .toLowerCase(Locale.ROOT);
        return !domain.isEmpty() && (from.host.equals(domain)
                || from.host.endsWith(domain) && from.host.charAt(from.host.length() - domain.length() - 1) == '.');
    }

    /** RFC 3986 {@code scheme}: a letter, then letters, digits, {@code + - .} */
    private static boolean isScheme(String s, int end) {
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
            if (!letter && (i == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A {@code host[:port]} as compared: host lower-cased, port {@code null} when absent, 80 or 443.
     *
     * @param host a host name, an IPv4 address or a bracketed IPv6 address
     * @param port the port, or {@code null}
     */
    private record Authority(String host, String port) {

        /** @return the authority of an {@code Origin} (after {@code ://}) or a {@code Host}, or null if malformed */
        static Authority parse(String s) {
            int hostEnd;
            if (s.startsWith("[")) {
                hostEnd = s.indexOf(']') + 1;
                if (hostEnd == 0 || !isHost(s, 1, hostEnd - 1, true)) {
                    return null;
                }
            } else {
                int colon = s.indexOf(':');
                hostEnd = colon < 0 ? s.length() : colon;
                if (!isHost(s, 0, hostEnd, false)) {
                    return null;
                }
            }
            String port = null;
            if (hostEnd < s.length()) {
                int value = s.charAt(hostEnd) == ':' ? port(s, hostEnd + 1) : -1;
                if (value < 0) {
                    return null;
                }
                port = value == 80 || value == 443 ? null : Integer.toString(value);
            }
            return new Authority(s.substring(0, hostEnd).toLowerCase(Locale.ROOT), port);
        }

        /** A registered name or IPv4 address ({@code ipv6}: the inside of the brackets); nothing that ends a host. */
        private static boolean isHost(String s, int from, int to, boolean ipv6) {
            if (from >= to) {
                return false;
            }
            for (int i = from; i < to; i++) {
                char c = s.charAt(i);
                boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
                        || c == '.' || (ipv6 ? c == ':' : c == '_' || c == '~');
                if (!ok) {
                    return false;
                }
            }
            return true;
        }

        /** @return the decimal port in {@code s} from {@code from} to the end, or -1 if it is not one */
        private static int port(String s, int from) {
            if (from == s.length() || s.length() - from > 5) {
                return -1;
            }
            int value = 0;
            for (int i = from; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                value = value * 10 + c - '0';
            }
            return value <= 65535 ? value : -1;
        }
    }

    private static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
        return type.equalsIgnoreCase(FORM);
    }

    /**
     * @param query a raw query string, or {@code null}
     * @param name a parameter name
     * @return whether some parameter of the query, once decoded as a container would, is called {@code name}
     */
    static boolean queryNames(String query, String name) {
        if (query == null) {
            return false;
        }
        int n = query.length();
        for (int start = 0; start <= n; ) {
            int amp = query.indexOf('&', start);
            int end = amp < 0 ? n : amp;
            int nameEnd = start;
            while (nameEnd < end && query.charAt(nameEnd) != '=') {
                nameEnd++;
            }
            if (name.equals(formDecode(query, start, nameEnd))) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /** Percent- and {@code +}-decodes {@code [from, to)} byte by byte, leaving malformed escapes as they are. */
    private static String formDecode(String s, int from, int to) {
        StringBuilder b = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '+') {
                b.append(' ');
            } else if (c == '%' && i + 2 < to && Character.digit(s.charAt(i + 1), 16) >= 0
                    && Character.digit(s.charAt(i + 2), 16) >= 0) {
                b.append((char) Integer.parseInt(s, i + 1, i + 3, 16));
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
