package io.github.servletauth.servlet.internal.browser;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Enumeration;

/**
 * Tells a browser visiting a page from a script or an API client, which decides how a missing or expired
 * token is answered: a page visit is redirected to sign in (or through renewal), anything else gets today's
 * 401 JSON. A redirect answering a script's {@code fetch} would hand it the sign-in page's HTML; a 401 answering
 * a link would show a user raw JSON. When unsure, the answer is "not a page": a wrong 401 is visible and
 * harmless, a wrong redirect breaks an API client silently.
 */
public final class Navigation {

    /** Bit of {@link #accepted}: {@code text/html} is listed. */
    static final int HTML = 1;
    /** Bit of {@link #accepted}: {@code application/json} or {@code application/*+json} is listed. */
    static final int JSON = 2;

    private Navigation() {
    }

    /**
     * @param request the request
     * @return whether it is a browser asking for a page: {@code GET} or {@code HEAD}, and
     *         {@code Sec-Fetch-Mode: navigate} when that header is sent (every current browser sends it),
     *         else an {@code Accept} header that lists {@code text/html}. A script's {@code fetch}
     *         ({@code Sec-Fetch-Mode} {@code cors}, {@code same-origin}, {@code no-cors}) and JSON clients
     *         ({@code Accept: application/json}, {@code *}{@code /*} alone, or none) are not.
     */
    public static boolean isPageRequest(HttpServletRequest request) {
        return isPageRequest(request, request.getMethod());
    }

    /**
     * {@link #isPageRequest(HttpServletRequest)} for a caller that has read the method already.
     *
     * @param request the request
     * @param method its method
     * @return whether it is a browser asking for a page
     */
    public static boolean isPageRequest(HttpServletRequest request, String method) {
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return false;
        }
        String mode = request.getHeader("Sec-Fetch-Mode");
        if (mode != null) {
            return mode.equalsIgnoreCase("navigate");
        }
        return (accepted(request) & HTML) != 0;
    }

    /**
     * @param method an HTTP method, case-sensitive as HTTP says
     * @return whether it is unsafe: anything but {@code GET}, {@code HEAD}, {@code OPTIONS} and {@code TRACE}
     *         (RFC 9110 section 9.2.1), so it needs the CSRF proof when the caller is cookie-authenticated
     */
    public static boolean isUnsafe(String method) {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "TRACE" -> false;
            default -> true;
        };
    }

    /**
     * @param request the request
     * @return whether it asked for JSON: its {@code Accept} lists {@code application/json} (or a
     *         {@code +json} type such as {@code application/problem+json}) and not {@code text/html}
     */
    public static boolean wantsJson(HttpServletRequest request) {
        return accepted(request) == JSON;
    }

    private static int accepted(HttpServletRequest request) {
        Enumeration<String> headers = request.getHeaders("Accept");
        int flags = 0;
        while (headers != null && headers.hasMoreElements()) {
            flags |= accepted(headers.nextElement());
        }
        return flags;
    }

    /**
     * @param accept one {@code Accept} header value
     * @return {@link #HTML} and/or {@link #JSON} for the media ranges it lists with a non-zero weight
     *         ({@code q=0} means "not acceptable")
     */
    static int accepted(String accept) {
        int flags = 0;
        int n = accept.length();
        for (int start = 0; start < n; ) {
            int comma = accept.indexOf(',', start);
            int end = comma < 0 ? n : comma;
            flags |= mediaRange(accept, start, end);
            start = end + 1;
        }
        return flags;
    }

    /** One media range with its parameters, {@code [from, to)}. */
    private static int mediaRange(String s, int from, int to) {
        int typeEnd = from;
        while (typeEnd < to && s.charAt(typeEnd) != ';') {
            typeEnd++;
        }
        int start = skipSpace(s, from, typeEnd);
        int end = typeEnd;
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        int flag;
        if (matches(s, start, end, "text/html")) {
            flag = HTML;
        } else if (matches(s, start, end, "application/json")
                || end - start > 17 && s.regionMatches(true, start, "application/", 0, 12)
                && s.regionMatches(true, end - 5, "+json", 0, 5)) {
            flag = JSON;
        } else {
            return 0;
        }
        return typeEnd < to && isZeroWeight(s, typeEnd, to) ? 0 : flag;
    }

    /** Whether the parameters {@code [from, to)} (each starting with {@code ;}) hold {@code q=0}, 0.0 ... */
    private static boolean isZeroWeight(String s, int from, int to) {
        for (int i = from; i < to; ) {
            int end = i + 1;
            while (end < to && s.charAt(end) != ';') {
                end++;
            }
            int p = skipSpace(s, i + 1, end);
            if (p + 1 < end && (s.charAt(p) == 'q' || s.charAt(p) == 'Q') && s.charAt(p + 1) == '=') {
                int v = p + 2;
                int vEnd = end;
                while (vEnd > v && isSpace(s.charAt(vEnd - 1))) {
                    vEnd--;
                }
                boolean zero = v < vEnd && s.charAt(v) == '0';
                for (int k = v + 1; zero && k < vEnd; k++) {
                    char c = s.charAt(k);
                    zero = c == '0' || c == '.' && k == v + 1;
                }
                return zero;
            }
            i = end;
        }
        return false;
    }

    private static boolean matches(String s, int start, int end, String type) {
        return end - start == type.length() && s.regionMatches(true, start, type, 0, type.length());
    }

    private static int skipSpace(String s, int from, int to) {
        while (from < to && isSpace(s.charAt(from))) {
            from++;
        }
        return from;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }
}
