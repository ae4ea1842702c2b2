package io.github.servletauth.servlet.internal;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Determines the client address login throttling counts against. {@code X-Forwarded-For} is trivially forged,
 * so it is read only when the direct peer is a configured trusted proxy, and then from the right: the
 * right-most address that is not itself a trusted proxy is the one the first trusted proxy saw.
 */
public final class ClientAddresses {

    /** The init-param (servlet or context) listing trusted proxy addresses, comma-separated. */
    public static final String TRUSTED_PROXIES = "auth.http.trusted-proxies";

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final Set<String> trusted;

    /**
     * @param trustedProxies comma-separated IP addresses, or {@code null} / blank for none
     */
    public ClientAddresses(String trustedProxies) {
        Set<String> set = new LinkedHashSet<>();
        if (trustedProxies != null) {
            for (String s : trustedProxies.split(",")) {
                if (!s.isBlank()) {
                    set.add(s.trim());
                }
            }
        }
        this.trusted = Set.copyOf(set);
    }

    /**
     * @param config a servlet's config: its init-param {@value #TRUSTED_PROXIES}, else the context's
     * @return the addresses policy
     */
    public static ClientAddresses from(ServletConfig config) {
        String v = config.getInitParameter(TRUSTED_PROXIES);
        return new ClientAddresses(v != null ? v : config.getServletContext().getInitParameter(TRUSTED_PROXIES));
    }

    /**
     * @param request the request
     * @return the client's address as best we can trust it
     */
    public String of(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (!trusted.contains(peer)) {
            return peer;
        }
        List<String> headers = Collections.list(request.getHeaders("X-Forwarded-For"));
        String[] hops = String.join(",", headers).split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!IP_LITERAL.matcher(hop).matches()) {
                // garbage where an address should be: stop trusting the header at this point
                return peer;
            }
            if (!trusted.contains(hop)) {
                return hop;
            }
            peer = hop;
        }
        return peer;
    }
}
