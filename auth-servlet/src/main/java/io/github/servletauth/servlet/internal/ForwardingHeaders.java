package io.github.servletauth.servlet.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the client-side hops that proxies record in {@code X-Forwarded-For} and in RFC 7239 {@code Forwarded}
 * ({@code for=} of each element), in header order, left to right. A hop that does not name an address
 * ({@code unknown}, an obfuscated {@code _identifier}, a missing {@code for}, or anything malformed) is
 * {@code null}: whoever reads the hops must stop trusting there.
 */
final class ForwardingHeaders {

    private ForwardingHeaders() {
    }

    /**
     * @param headers the {@code X-Forwarded-For} field values, each a comma-separated list of nodes
     * @return one entry per node: its address, or {@code null}
     */
    static List<IpAddress> xForwardedFor(List<String> headers) {
        List<IpAddress> hops = new ArrayList<>();
        for (String header : headers) {
            for (String node : header.split(",", -1)) {
                hops.add(node(node.strip(), false));
            }
        }
        return hops;
    }

    /**
     * Each field value is parsed on its own, so a malformed (say, unterminated) value a client sent cannot
     * swallow the elements a proxy added in a field of its own.
     *
     * @param headers the {@code Forwarded} field values
     * @return one entry per forwarded-element (empty list elements are ignored, as RFC 9110 asks): the address
     *         of its {@code for} parameter, or {@code null}
     */
    static List<IpAddress> forwarded(List<String> headers) {
        List<IpAddress> hops = new ArrayList<>();
        for (String header : headers) {
            new ForwardedParser(header).elements(hops);
        }
        return hops;
    }

    /**
     * @param text a node: {@code 198.51.100.2}, {@code 198.51.100.2:4711}, {@code [2001:db8::1]},
     *        {@code [2001:db8::1]:4711}, and, unless {@code bracketsRequired}, a bare {@code 2001:db8::1};
     *        the port may also be an RFC 7239 obfuscated one ({@code _abc}); a zone id is dropped
     * @param bracketsRequired whether IPv6 must be bracketed, as in RFC 7239
     * @return the address, or {@code null} if {@code text} is not such a node
     */
    static IpAddress node(String text, boolean bracketsRequired) {
        String host;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = text.substring(1, close);
            if (host.indexOf(':') < 0) {
                return null;
            }
            if (close + 1 < text.length()) {
                if (text.charAt(close + 1) != ':') {
                    return null;
                }
                port = text.substring(close + 2);
            }
        } else {
            int colon = text.indexOf(':');
            if (colon >= 0 && text.indexOf(':', colon + 1) < 0) {
                host = text.substring(0, colon);
                port = text.substring(colon + 1);
            } else {
                if (colon >= 0 && bracketsRequired) {
                    return null;
                }
                host = text;
            }
        }
        return port == null || validPort(port) ? IpAddress.parse(host) : null;
    }

    private static boolean validPort(String port) {
        if (port.startsWith("_")) {
            return port.length() > 1 && port.chars().skip(1).allMatch(c -> c >= 'a' && c <= 'z' || c >= 'A'
                    && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-');
        }
        return !port.isEmpty() && port.length() <= 5 && port.chars().allMatch(c -> c >= '0' && c <= '9')
                && Integer.parseInt(port) <= 65535;
    }

    /** One {@code Forwarded} field value: {@code 1#forwarded-element}, pairs {@code token=(token|quoted-string)}. */
    private static final class ForwardedParser {
        private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

        private final String s;
        private int pos;

        ForwardedParser(String s) {
            this.s = s;
        }

        void elements(List<IpAddress> hops) {
            while (true) {
                skipSpace();
                if (pos < s.length() && s.charAt(pos) == ',') {
                    pos++;
                    continue;
                }
                if (pos >= s.length()) {
                    return;
                }
                hops.add(element());
                if (pos >= s.length()) {
                    return;
                }
                pos++; // the comma that ended the element
            }
        }

        /** Parses up to the comma that ends the element (or the end), and answers its {@code for} address. */
        private IpAddress element() {
            String forValue = null;
            boolean valid = true;
            while (valid) {
                skipSpace();
                if (pos >= s.length() || s.charAt(pos) == ',') {
                    break;
                }
                if (s.charAt(pos) == ';') {
                    pos++;
                    continue;
                }
                String name = token();
                String value = null;
                if (name != null && pos < s.length() && s.charAt(pos) == '=') {
                    pos++;
                    value = pos < s.length() && s.charAt(pos) == '"' ? quotedString() : token();
                }
                if (value == null || name.equalsIgnoreCase("for") && forValue != null) {
                    valid = false;
                    break;
                }
                if (name.equalsIgnoreCase("for")) {
                    forValue = value;
                }
                skipSpace();
                if (pos < s.length() && s.charAt(pos) != ';' && s.charAt(pos) != ',') {
                    valid = false;
                }
            }
            if (!valid) {
                skipToComma();
                return null;
            }
            return forValue == null ? null : node(forValue, true);
        }

        private String token() {
            int start = pos;
            while (pos < s.length() && isTchar(s.charAt(pos))) {
                pos++;
            }
            return pos == start ? null : s.substring(start, pos);
        }

        /** @return the unescaped content, or {@code null} if unterminated or holding a control character */
        private String quotedString() {
            StringBuilder value = new StringBuilder();
            boolean clean = true;
            pos++;
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return clean ? value.toString() : null;
                }
                if (c == '\\' && pos < s.length()) {
                    c = s.charAt(pos++);
                }
                clean &= (c >= ' ' || c == '\t') && c != 0x7f && c <= 0xff;
                value.append(c);
            }
            return null;
        }

        /** After a malformed pair: on to the next comma outside a quoted string, or the end of the value. */
        private void skipToComma() {
            boolean quoted = false;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ',' && !quoted) {
                    return;
                }
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == '\\' && quoted) {
                    pos++;
                }
                pos++;
            }
        }

        private void skipSpace() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        private static boolean isTchar(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || TCHAR_SYMBOLS.indexOf(c) >= 0;
        }
    }
}
