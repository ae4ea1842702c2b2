package io.github.servletauth.servlet.internal;

import io.github.servletauth.core.ConfigurationException;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Determines the client address that throttling counts against, as a key in which one client has one spelling:
 * an IPv4 address in dotted decimal, or the /64 network of an IPv6 address ({@code 2001:db8:1:2::/64}), since one
 * host usually owns a whole /64. Ports and IPv6 zone ids are dropped; IPv4-mapped IPv6 is IPv4.
 *
 * <p>Forwarding headers are trivially forged, so they are read only when the direct peer is a trusted proxy
 * ({@value #TRUSTED_PROXIES}: addresses and CIDR ranges), and then from the right: the right-most hop that is not
 * itself a trusted proxy is the client the first trusted proxy saw. {@code X-Forwarded-For} and RFC 7239
 * {@code Forwarded} are read alike. When a request carries both, they must name the same hops, right to left;
 * where they differ, one of them was not written by a trusted proxy and trust stops there. A hop that is not an
 * address ({@code unknown}, an obfuscated identifier, garbage) also stops trust: the last trusted hop is the key.
 */
public final class ClientAddresses {

    /** The init-param (servlet or context) listing trusted proxies, comma-separated addresses or CIDR ranges. */
    public static final String TRUSTED_PROXIES = "auth.http.trusted-proxies";

    private static final Logger LOG = LoggerFactory.getLogger(ClientAddresses.class);

    private final TrustedProxies trusted;

    /**
     * @param trustedProxies comma-separated IP addresses and CIDR ranges ({@code 10.0.0.0/8, fd00::/8, ::1}), or
     *        {@code null} / blank for none
     * @throws ConfigurationException naming {@value #TRUSTED_PROXIES} and the first malformed entry
     */
    public ClientAddresses(String trustedProxies) {
        this.trusted = TrustedProxies.parse(TRUSTED_PROXIES, trustedProxies);
    }

    /**
     * Call it from {@code init()}, so that a malformed list stops the servlet from starting.
     *
     * <pre>{@code
     * clients = ClientAddresses.from(getServletConfig());
     * ...
     * auth().login(username, password, clients.of(request));
     * }</pre>
     *
     * @param config a servlet's config: its init-param {@value #TRUSTED_PROXIES}, else the context's
     * @return the addresses policy
     * @throws ConfigurationException naming {@value #TRUSTED_PROXIES} and the first malformed entry
     */
    public static ClientAddresses from(ServletConfig config) {
        String v = config.getInitParameter(TRUSTED_PROXIES);
        try {
            return new ClientAddresses(v != null ? v : config.getServletContext().getInitParameter(TRUSTED_PROXIES));
        } catch (ConfigurationException e) {
            LOG.error("{} cannot start: {}", config.getServletName(), e.getMessage());
            throw e;
        }
    }

    /**
     * @param request the request
     * @return the key of the client's address as far as it can be trusted
     */
    public String of(HttpServletRequest request) {
        if (trusted.isEmpty()) {
            return of(request.getRemoteAddr(), List.of(), List.of());
        }
        return of(request.getRemoteAddr(), Collections.list(request.getHeaders("X-Forwarded-For")),
                Collections.list(request.getHeaders("Forwarded")));
    }

    /**
     * @param remoteAddr the direct peer, as the container reports it
     * @param xForwardedFor the {@code X-Forwarded-For} field values
     * @param forwarded the {@code Forwarded} field values
     * @return the key of the client's address as far as it can be trusted
     */
    String of(String remoteAddr, List<String> xForwardedFor, List<String> forwarded) {
        IpAddress peer = ForwardingHeaders.node(remoteAddr, false);
        if (peer == null) {
            // not an IP connection (a Unix socket, say): the container's text is all there is
            return remoteAddr;
        }
        if (!trusted.contains(peer)) {
            return key(peer);
        }
        List<IpAddress> hops = hops(xForwardedFor, forwarded);
        for (int i = hops.size() - 1; i >= 0; i--) {
            IpAddress hop = hops.get(i);
            if (hop == null) {
                return key(peer);
            }
            if (!trusted.contains(hop)) {
                return key(hop);
            }
            peer = hop;
        }
        return key(peer);
    }

    /** The hops of whichever header is present; of both, the hops they agree on, {@code null} where they differ. */
    private static List<IpAddress> hops(List<String> xForwardedFor, List<String> forwarded) {
        if (forwarded.isEmpty()) {
            return ForwardingHeaders.xForwardedFor(xForwardedFor);
        }
        List<IpAddress> fromForwarded = ForwardingHeaders.forwarded(forwarded);
        if (xForwardedFor.isEmpty()) {
            return fromForwarded;
        }
        List<IpAddress> fromXff = ForwardingHeaders.xForwardedFor(xForwardedFor);
        int n = Math.max(fromForwarded.size(), fromXff.size());
        List<IpAddress> agreed = new ArrayList<>(Collections.nCopies(n, null));
        for (int k = 1; k <= Math.min(fromForwarded.size(), fromXff.size()); k++) {
            IpAddress a = fromForwarded.get(fromForwarded.size() - k);
            if (a != null && a.equals(fromXff.get(fromXff.size() - k))) {
                agreed.set(n - k, a);
            }
        }
        return agreed;
    }

    private static String key(IpAddress address) {
        return address.isIpv4() ? address.toString() : address.masked(64) + "/64";
    }
}
