package io.github.servletauth.servlet.internal.browser;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Enumeration;

/**
 * Reads one cookie from the raw {@code Cookie} headers of a request.
 *
 * <p>{@code HttpServletRequest.getCookies()} is not used on purpose: containers differ on malformed input,
 * quotes and duplicates (and the filter must behave the same in all of them), and it allocates every cookie of
 * the request while we want one. This runs on every request through the filter, so it is a single
 * character scan without regular expressions or split arrays.
 *
 * <p>The reading is strict where ambiguity could be exploited: a cookie sent twice (a sibling subdomain can add
 * a second cookie of the same name, and the order browsers send them in is not something to trust) counts as
 * no cookie, and a value outside RFC 6265's {@code cookie-octet}s is refused rather than repaired. Everything
 * around our cookie is tolerated: another webapp's garbage must not sign our user out.
 */
public final class Cookies {

    /** Our tokens are well under 1 KiB; browsers cap a whole cookie at 4096 bytes anyway. */
    public static final int MAX_VALUE_LENGTH = 4096;

    private Cookies() {
    }

    /**
     * @param request the request
     * @param name the exact cookie name (case-sensitive)
     * @return the value of the only cookie called {@code name} over every {@code Cookie} header (HTTP/2 sends
     *         one header per cookie), its surrounding {@code DQUOTE}s removed; {@code null} if there is none,
     *         if there are several, or if its value is empty, longer than {@value #MAX_VALUE_LENGTH}
     *         characters or not made of RFC 6265 {@code cookie-octet}s
     */
    public static String single(HttpServletRequest request, String name) {
        return single(request.getHeaders("Cookie"), name, true);
    }

    /**
     * Like {@link #single(HttpServletRequest, String)}, for a value a verifier checks character by character
     * anyway (a compact JWS: base64url and dots): the cookie-octet scan is left out, since a value it would
     * refuse is refused by the verifier all the same, and the scan is the largest cost of reading the cookie.
     *
     * @param request the request
     * @param name the cookie's name
     * @param checkValue whether to refuse a value that is not RFC 6265 cookie-octets here
     * @return the single value, or {@code null} (absent, repeated, empty, over {@value #MAX_VALUE_LENGTH}
     *         characters, or, when checked, malformed)
     */
    public static String single(HttpServletRequest request, String name, boolean checkValue) {
        return single(request.getHeaders("Cookie"), name, checkValue);
    }

    /**
     * The parsing behind {@link #single(HttpServletRequest, String)}, over the header values themselves.
     *
     * @param cookieHeaders the {@code Cookie} header values (as {@code getHeaders} returns them), or {@code null}
     * @param name the exact cookie name
     * @return as {@link #single(HttpServletRequest, String)}
     */
    public static String single(Enumeration<String> cookieHeaders, String name) {
        return single(cookieHeaders, name, true);
    }

    private static String single(Enumeration<String> cookieHeaders, String name, boolean checkValue) {
        if (cookieHeaders == null) {
            return null;
        }
        String found = null;
        int valueStart = 0;
        int valueEnd = 0;
        while (cookieHeaders.hasMoreElements()) {
            String header = cookieHeaders.nextElement();
            int n = header.length();
            // jump from one occurrence of the name to the next (an intrinsic search) rather than walk every
            // pair: only an occurrence that starts a pair names a cookie; one inside a value does not
            int at = header.indexOf(name);
            while (at >= 0) {
                int end = pairEnd(header, at, n);
                int eq = startsPair(header, at) ? valueIndex(header, at, end, name) : -1;
                if (eq >= 0) {
                    if (found != null) {
                        return null; // a second cookie of that name: ambiguous, so none
                    }
                    found = header;
                    valueStart = eq;
                    valueEnd = end;
                }
                at = end + 1 < n ? header.indexOf(name, end + 1) : -1;
            }
        }
        return found == null ? null : value(found, valueStart, valueEnd, checkValue);
    }

    /**
     * @param request the request
     * @param name the exact cookie name
     * @return whether any {@code name=...} pair is sent, well-formed, repeated or not: a request that carries
     *         our cookie, however broken, comes from a browser we once signed in
     */
    public static boolean present(HttpServletRequest request, String name) {
        Enumeration<String> headers = request.getHeaders("Cookie");
        if (headers == null) {
            return false;
        }
        while (headers.hasMoreElements()) {
            String header = headers.nextElement();
            if (header.indexOf(name) < 0) {
                continue;
            }
            int n = header.length();
            for (int pos = 0; pos < n; ) {
                int end = pairEnd(header, pos, n);
                if (valueIndex(header, pos, end, name) >= 0) {
                    return true;
                }
                pos = end + 1;
            }
        }
        return false;
    }

    /** @return whether {@code at} is where a pair's name begins: after the header's start or a {@code ;}, and spaces */
    private static boolean startsPair(String header, int at) {
        int i = at - 1;
        while (i >= 0 && isSpace(header.charAt(i))) {
            i--;
        }
        return i < 0 || header.charAt(i) == ';';
    }

    /** @return the index of the {@code ;} that ends the pair starting at {@code from}, or {@code n} */
    private static int pairEnd(String header, int from, int n) {
        int semicolon = header.indexOf(';', from);
        return semicolon < 0 ? n : semicolon;
    }

    /**
     * @return the index just after the {@code =} of the pair {@code [from, end)} if its name, spaces and tabs
     *         around it ignored, is exactly {@code name}; -1 otherwise (a pair without {@code =} has no name)
     */
    private static int valueIndex(String header, int from, int end, String name) {
        int start = from;
        while (start < end && isSpace(header.charAt(start))) {
            start++;
        }
        int len = name.length();
        // scan the name in place: a longer name sharing our prefix fails at its next character
        if (end - start <= len || !header.startsWith(name, start)) {
            return -1;
        }
        int i = start + len;
        while (i < end && isSpace(header.charAt(i))) {
            i++;
        }
        return i < end && header.charAt(i) == '=' ? i + 1 : -1;
    }

    /** @return the value in {@code [start, end)} without surrounding spaces and quotes, or null if malformed */
    private static String value(String header, int start, int end, boolean checkValue) {
        while (start < end && isSpace(header.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(header.charAt(end - 1))) {
            end--;
        }
        if (end - start >= 2 && header.charAt(start) == '"' && header.charAt(end - 1) == '"') {
            start++;
            end--;
        }
        if (start == end || end - start > MAX_VALUE_LENGTH) {
            return null;
        }
        if (checkValue) {
            boolean[] octet = COOKIE_OCTET;
            for (int i = start; i < end; i++) {
                char c = header.charAt(i);
                if (c >= octet.length || !octet[c]) {
                    return null;
                }
            }
        }
        return header.substring(start, end);
    }

    /**
     * RFC 6265 section 4.1.1: {@code %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E}, that is visible ASCII
     * except {@code DQUOTE}, comma, semicolon and backslash.
     *
     * @param c a character
     * @return whether it may appear in a cookie value
     */
    static boolean isCookieOctet(char c) {
        return c >= 0x21 && c <= 0x7E && c != '"' && c != ',' && c != ';' && c != '\\';
    }

    /** {@link #isCookieOctet} by character code: the check runs over every character of every access cookie. */
    private static final boolean[] COOKIE_OCTET = new boolean[128];

    static {
        for (char c = 0; c < COOKIE_OCTET.length; c++) {
            COOKIE_OCTET[c] = isCookieOctet(c);
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }
}
