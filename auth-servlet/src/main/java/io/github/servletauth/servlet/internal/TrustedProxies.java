package io.github.servletauth.servlet.internal;

import io.github.servletauth.core.ConfigurationException;

import java.util.ArrayList;
import java.util.List;

/**
 * The proxies whose forwarding headers are believed: single addresses and CIDR ranges, IPv4 or IPv6. Each entry
 * is kept as a 128-bit value and mask, so a membership test is a few long comparisons per entry.
 */
final class TrustedProxies {

    private final long[] highs;
    private final long[] lows;
    private final long[] highMasks;
    private final long[] lowMasks;

    private TrustedProxies(List<IpAddress> networks, List<Integer> prefixLengths) {
        int n = networks.size();
        highs = new long[n];
        lows = new long[n];
        highMasks = new long[n];
        lowMasks = new long[n];
        for (int i = 0; i < n; i++) {
            highs[i] = networks.get(i).high();
            lows[i] = networks.get(i).low();
            highMasks[i] = IpAddress.mask(prefixLengths.get(i));
            lowMasks[i] = IpAddress.mask(prefixLengths.get(i) - 64);
        }
    }

    /**
     * @param key the configuration key the list came from, named in errors
     * @param commaSeparated entries like {@code 10.0.0.0/8, fd00::/8, 127.0.0.1, ::1}; {@code null} or blank for none
     * @return the parsed list
     * @throws ConfigurationException naming the key and the first entry that is not an address or a range, or a
     *         range with bits set after its prefix (a typo like {@code 10.0.0.1/8} is refused, not widened)
     */
    static TrustedProxies parse(String key, String commaSeparated) {
        List<IpAddress> networks = new ArrayList<>();
        List<Integer> prefixLengths = new ArrayList<>();
        if (commaSeparated != null && !commaSeparated.isBlank()) {
            for (String raw : commaSeparated.split(",", -1)) {
                String entry = raw.strip();
                if (entry.isEmpty()) {
                    continue;
                }
                int slash = entry.indexOf('/');
                String literal = slash < 0 ? entry : entry.substring(0, slash);
                IpAddress address = literal.indexOf('%') < 0 ? IpAddress.parse(literal) : null;
                if (address == null) {
                    throw new ConfigurationException(key, "entry '" + entry
                            + "' is not an IP address or CIDR range (like 10.0.0.0/8 or fd00::/8)");
                }
                // an IPv4 range counts its prefix within the 32 bits of IPv4, an IPv6 one within 128
                int offset = literal.indexOf(':') < 0 ? 96 : 0;
                int prefix = slash < 0 ? 128
                        : offset + prefixLength(key, entry, entry.substring(slash + 1), 128 - offset);
                if (!address.masked(prefix).equals(address)) {
                    throw new ConfigurationException(key, "entry '" + entry + "' has bits set after its prefix length");
                }
                networks.add(address);
                prefixLengths.add(prefix);
            }
        }
        return new TrustedProxies(networks, prefixLengths);
    }

    private static int prefixLength(String key, String entry, String digits, int max) {
        if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                || (digits.length() > 1 && digits.charAt(0) == '0') || Integer.parseInt(digits) > max) {
            throw new ConfigurationException(key, "entry '" + entry + "' needs a prefix length from 0 to " + max);
        }
        return Integer.parseInt(digits);
    }

    /** @return whether {@code address} is one of the trusted proxies or inside one of their ranges */
    boolean contains(IpAddress address) {
        long high = address.high();
        long low = address.low();
        for (int i = 0; i < highs.length; i++) {
            if ((high & highMasks[i]) == highs[i] && (low & lowMasks[i]) == lows[i]) {
                return true;
            }
        }
        return false;
    }

    /** @return whether no proxy is trusted */
    boolean isEmpty() {
        return highs.length == 0;
    }
}
