package io.github.servletauth.servlet.internal;

/**
 * An IP address parsed from its text without any name lookup, held as 128 bits; IPv4 addresses live in the
 * IPv4-mapped range {@code ::ffff:0:0/96}, so {@code 198.51.100.2} and {@code ::ffff:198.51.100.2} are equal.
 * {@link #toString()} is the canonical text: dotted decimal for IPv4, RFC 5952 for IPv6.
 */
record IpAddress(long high, long low) {

    private static final long MAPPED_LOW_PREFIX = 0xffffL << 32;

    /**
     * Parses an IPv4 dotted quad (decimal, no leading zeros) or IPv6 text (RFC 4291, with an optional trailing
     * dotted quad and an optional zone id, which is dropped). Nothing else is accepted: no host names, no
     * brackets, no ports, no shortened IPv4 forms like {@code 127.1}.
     *
     * @param text the literal
     * @return the address, or {@code null} if {@code text} is not such a literal
     */
    static IpAddress parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return null;
        }
        if (text.indexOf(':') < 0) {
            long v4 = parseIpv4(text, 0, text.length());
            return v4 < 0 ? null : new IpAddress(0, MAPPED_LOW_PREFIX | v4);
        }
        int zone = text.indexOf('%');
        if (zone >= 0 && !validZone(text, zone + 1)) {
            return null;
        }
        return parseIpv6(text, zone >= 0 ? zone : text.length());
    }

    /** @return whether this is an IPv4 address (IPv4-mapped IPv6 included) */
    boolean isIpv4() {
        return high == 0 && (low & 0xffffffff00000000L) == MAPPED_LOW_PREFIX;
    }

    /**
     * @param prefixLength bits to keep, 0 to 128 (IPv4 addresses count from the start of their mapped form)
     * @return this address with every bit after the first {@code prefixLength} cleared
     */
    IpAddress masked(int prefixLength) {
        return new IpAddress(high & mask(prefixLength), low & mask(prefixLength - 64));
    }

    /** @return a mask of the {@code bits} leading bits of a long, clamped to 0..64 */
    static long mask(int bits) {
        if (bits <= 0) {
            return 0;
        }
        return bits >= 64 ? -1L : -1L << (64 - bits);
    }

    @Override
    public String toString() {
        if (isIpv4()) {
            return ((low >>> 24) & 0xff) + "." + ((low >>> 16) & 0xff) + "." + ((low >>> 8) & 0xff) + "."
                    + (low & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 4; i++) {
            groups[i] = (int) (high >>> (48 - 16 * i)) & 0xffff;
            groups[i + 4] = (int) (low >>> (48 - 16 * i)) & 0xffff;
        }
        // RFC 5952: the longest run of two or more zero groups (the first if tied) becomes "::"
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder s = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(groups[i]));
        }
        return s.toString();
    }

    /** @return the address as a 32-bit value, or -1 if {@code text[from, to)} is not a strict dotted quad */
    private static long parseIpv4(String text, int from, int to) {
        long value = 0;
        int parts = 0;
        int i = from;
        while (parts < 4) {
            int start = i;
            int octet = 0;
            while (i < to && i - start < 3 && isDigit(text.charAt(i))) {
                octet = octet * 10 + text.charAt(i) - '0';
                i++;
            }
            int digits = i - start;
            if (digits == 0 || octet > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return -1;
            }
            value = value << 8 | octet;
            parts++;
            if (parts < 4) {
                if (i >= to || text.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
        }
        return i == to ? value : -1;
    }

    private static IpAddress parseIpv6(String text, int end) {
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = 0;
        if (text.startsWith("::")) {
            gap = 0;
            i = 2;
        } else if (text.startsWith(":")) {
            return null;
        }
        while (i < end) {
            if (count == 8) {
                return null;
            }
            int start = i;
            int group = 0;
            while (i < end && i - start < 5 && hexValue(text.charAt(i)) >= 0) {
                group = group << 4 | hexValue(text.charAt(i));
                i++;
            }
            if (i < end && text.charAt(i) == '.') {
                // a trailing dotted quad fills the last two groups
                long v4 = count <= 6 ? parseIpv4(text, start, end) : -1;
                if (v4 < 0) {
                    return null;
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xffff);
                i = end;
                break;
            }
            if (i == start || i - start > 4) {
                return null;
            }
            groups[count++] = group;
            if (i == end) {
                break;
            }
            if (text.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < end && text.charAt(i) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = count;
                i++;
            } else if (i == end) {
                return null;
            }
        }
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        int[] full = new int[8];
        int tail = gap < 0 ? 0 : count - gap;
        int head = count - tail;
        System.arraycopy(groups, 0, full, 0, head);
        System.arraycopy(groups, head, full, 8 - tail, tail);
        long high = 0;
        long low = 0;
        for (int g = 0; g < 4; g++) {
            high = high << 16 | full[g];
            low = low << 16 | full[g + 4];
        }
        return new IpAddress(high, low);
    }

    private static boolean validZone(String text, int from) {
        if (from == text.length()) {
            return false;
        }
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '%' || c == '[' || c == ']' || c == '/') {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
