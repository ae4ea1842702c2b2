package io.github.servletauth.servlet.internal.browser;

import jakarta.servlet.http.HttpServletRequest;

import java.nio.charset.StandardCharsets;

/**
 * Where a browser is sent back to after signing in or renewing: only a path on this host, never a URL another
 * site chose. The target arrives in a query string ({@code return=...}) anyone can craft, so an open redirect
 * here would let a phishing link borrow our sign-in page.
 *
 * <p>A target is safe when it is a path ({@code /...}) that no browser or intermediary can read as
 * another host: not scheme-relative ({@code //evil}), no backslash (browsers treat {@code /\evil} as
 * {@code //evil}), only visible ASCII (a browser sends anything else percent-encoded, and control characters
 * are dropped by some URL parsers, turning {@code /\t/evil} into {@code //evil}). The same holds after
 * percent-decoding, repeatedly, because some servers and proxies on the way decode once more than they should.
 */
public final class ReturnTargets {

    /** Longer targets are refused: no page of ours needs one, and they bloat the sign-in URL. */
    public static final int MAX_LENGTH = 2048;

    /** Percent-decodings tried before a target must be stable; encoded more often than this, it is refused. */
    private static final int DECODINGS = 3;

    private ReturnTargets() {
    }

    /**
     * @param requested the target asked for, e.g. the {@code return} parameter; may be {@code null}
     * @param fallback returned, unchecked, when {@code requested} is not safe
     * @return {@code requested} if it is a safe same-host path, else {@code fallback}
     */
    public static String safe(String requested, String fallback) {
        return isSafe(requested) ? requested : fallback;
    }

    /**
     * The {@code return} parameter of a request's query string, read from {@code getQueryString()} rather than
     * with {@code getParameter}: that would also parse a form body, and a container may answer a malformed escape
     * in the query (a link anyone can craft) or a malformed {@code Content-Type} with an exception of its own
     * (Jetty 12 throws {@code BadMessageException}) where a target that cannot be read is simply no target.
     *
     * @param query the raw query string, or {@code null}
     * @return the first {@code return} parameter, percent-decoded byte by byte ({@code +} a space); {@code null}
     *         if there is none, or if it holds anything but visible ASCII or a malformed escape: no such value
     *         can decode to a {@linkplain #safe safe} target
     */
    public static String fromQuery(String query) {
        if (query == null) {
            return null;
        }
        int n = query.length();
        for (int start = 0; start < n; ) {
            int amp = query.indexOf('&', start);
            int end = amp < 0 ? n : amp;
            if (query.startsWith("return=", start)) {
                String raw = query.substring(start + 7, end);
                for (int i = 0; i < raw.length(); i++) {
                    char c = raw.charAt(i);
                    if (c < 0x21 || c > 0x7E) {
                        return null;
                    }
                }
                String decoded = decode(raw.replace('+', ' '), true);
                return decoded == null || decoded.isEmpty() ? null : decoded;
            }
            start = end + 1;
        }
        return null;
    }

    /**
     * @param request the request to come back to (a page visit the filter sends to sign in)
     * @param fallback returned when the request's own target is not safe (over-long, say)
     * @return {@code getRequestURI()} and, if any, {@code ?} and the query string, or {@code fallback}
     */
    public static String of(HttpServletRequest request, String fallback) {
        String uri = request.getRequestURI();
        String query = request.getQueryString();
        if (uri == null || uri.length() + (query == null ? 0 : query.length() + 1) > MAX_LENGTH) {
            return fallback;
        }
        return safe(query == null ? uri : uri + '?' + query, fallback);
    }

    /**
     * @param base a URL, absolute or a path, possibly with a query and a fragment (e.g. the sign-in page)
     * @param target the return target, which should have passed {@link #safe}
     * @return {@code base} with {@code return=<target>} added to its query (every byte of the UTF-8 target but
     *         RFC 3986 unreserved characters percent-encoded), before any fragment
     */
    public static String withReturn(String base, String target) {
        int hash = base.indexOf('#');
        String head = hash < 0 ? base : base.substring(0, hash);
        StringBuilder b = new StringBuilder(head.length() + target.length() * 3 + 10).append(head);
        int question = head.indexOf('?');
        if (question < 0) {
            b.append('?');
        } else if (question < head.length() - 1 && !head.endsWith("&")) {
            b.append('&');
        }
        b.append("return=");
        for (byte x : target.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        if (hash >= 0) {
            b.append(base, hash, base.length());
        }
        return b.toString();
    }

    /**
     * @param target a return target
     * @return whether it is safe as described in the class comment
     */
    static boolean isSafe(String target) {
        if (target == null || target.isEmpty() || target.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        if (!isSameHostPath(target)) {
            return false;
        }
        String current = target;
        for (int round = 0; round < DECODINGS; round++) {
            if (current.indexOf('%') < 0) {
                return true;
            }
            // what the browser sent must be well-formed; a literal % that an earlier decoding produced is not
            // an escape and stays as it is
            String decoded = decode(current, round == 0);
            if (decoded == null || !isDecodedSafe(decoded)) {
                return false;
            }
            if (decoded.equals(current)) {
                return true;
            }
            current = decoded;
        }
        // still decoding to something else after that many rounds: no honest link is encoded so often
        return current.equals(decode(current, false));
    }

    /** {@code /} first, never followed by {@code /} or {@code \}, and no {@code \} anywhere. */
    private static boolean isSameHostPath(String s) {
        if (s.charAt(0) != '/' || s.indexOf('\\') >= 0) {
            return false;
        }
        return s.length() == 1 || s.charAt(1) != '/';
    }

    /** A decoded target: still a same-host path, and free of control characters (bytes below 0x20, and DEL). */
    private static boolean isDecodedSafe(String decoded) {
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return false;
            }
        }
        return isSameHostPath(decoded);
    }

    /**
     * Percent-decodes byte by byte (each decoded byte becomes the char of the same value): the checks only
     * look at ASCII, and UTF-8 multi-byte sequences never contain ASCII bytes.
     *
     * @param strict whether a {@code %} not followed by two hex digits makes the whole target malformed
     * @return the decoded string, or {@code null} if strict and malformed
     */
    private static String decode(String s, boolean strict) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int hi;
            int lo;
            if (c == '%' && i + 2 < s.length() && (hi = hex(s.charAt(i + 1))) >= 0
                    && (lo = hex(s.charAt(i + 2))) >= 0) {
                b.append((char) (hi << 4 | lo));
                i += 2;
            } else if (c == '%' && strict) {
                return null;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** ASCII hex only: {@code Character.digit} would also take other scripts' digits. */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
