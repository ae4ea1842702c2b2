package io.github.servletauth.servlet.internal;

import io.github.servletauth.core.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientAddressesTest {

    private final ClientAddresses behindProxies = new ClientAddresses("10.0.0.0/8, fd00::/8, 127.0.0.1, ::1");

    private String xff(String peer, String... xForwardedFor) {
        return behindProxies.of(peer, List.of(xForwardedFor), List.of());
    }

    private String fwd(String peer, String... forwarded) {
        return behindProxies.of(peer, List.of(), List.of(forwarded));
    }

    @Test
    void ofWhenDirectIpv4PeerThenItsDottedDecimal() {
        ClientAddresses none = new ClientAddresses(null);

        assertThat(none.of("198.51.100.2", List.of("203.0.113.9"), List.of("for=203.0.113.9")))
                .isEqualTo("198.51.100.2");
        assertThat(none.of("::ffff:198.51.100.2", List.of(), List.of())).isEqualTo("198.51.100.2");
    }

    @Test
    void ofWhenDirectIpv6PeerThenItsSlash64HoweverTheContainerSpellsIt() {
        ClientAddresses none = new ClientAddresses("");

        assertThat(none.of("0:0:0:0:0:0:0:1", List.of(), List.of())).isEqualTo("::/64");
        assertThat(none.of("[::1]", List.of(), List.of())).isEqualTo("::/64");
        assertThat(none.of("2001:db8:1:2:a:b:c:d", List.of(), List.of())).isEqualTo("2001:db8:1:2::/64");
        assertThat(none.of("2001:DB8:1:2:0:0:0:1%3", List.of(), List.of())).isEqualTo("2001:db8:1:2::/64");
        assertThat(none.of("fe80:0:0:0:1:2:3:4%eth0", List.of(), List.of())).isEqualTo("fe80::/64");
    }

    @Test
    void ofWhenPeerNotAnIpAddressThenTheContainersText() {
        assertThat(new ClientAddresses(null).of("unix-socket", List.of(), List.of())).isEqualTo("unix-socket");
    }

    @Test
    void ofWhenPeerUntrustedThenHeadersIgnored() {
        assertThat(xff("198.51.100.2", "203.0.113.9")).isEqualTo("198.51.100.2");
        assertThat(fwd("2001:db8::5", "for=203.0.113.9")).isEqualTo("2001:db8::/64");
    }

    @Test
    void ofWhenPeerTrustedInAnySpellingThenRightmostUntrustedHop() {
        assertThat(xff("127.0.0.1", "6.6.6.6, 203.0.113.9, 10.1.2.3")).isEqualTo("203.0.113.9");
        assertThat(xff("::ffff:127.0.0.1", "203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(xff("0:0:0:0:0:0:0:1", "203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(xff("[::1]", "203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(xff("fd00::7", "203.0.113.9:5555, fd00::8")).isEqualTo("203.0.113.9");
    }

    @Test
    void ofWhenForwardedClientIsIpv6ThenItsSlash64() {
        assertThat(xff("10.0.0.1", "2001:db8:1:2::7")).isEqualTo("2001:db8:1:2::/64");
        assertThat(xff("10.0.0.1", "[2001:db8:1:2:ffff::1]:443")).isEqualTo("2001:db8:1:2::/64");
        assertThat(fwd("10.0.0.1", "for=\"[2001:db8:1:2::7]:4711\"")).isEqualTo("2001:db8:1:2::/64");
    }

    @Test
    void ofWhenEveryHopTrustedThenTheLeftmostHop() {
        assertThat(xff("127.0.0.1", "10.0.0.9, 10.0.0.2")).isEqualTo("10.0.0.9");
    }

    @Test
    void ofWhenGarbageOrUnknownWhereAnAddressShouldBeThenLastTrustedHop() {
        assertThat(xff("127.0.0.1", "203.0.113.9, nonsense")).isEqualTo("127.0.0.1");
        assertThat(xff("127.0.0.1", "203.0.113.9, unknown, 10.0.0.2")).isEqualTo("10.0.0.2");
        assertThat(xff("127.0.0.1", "")).isEqualTo("127.0.0.1");
        assertThat(xff("127.0.0.1", "proxy.example.com")).isEqualTo("127.0.0.1");
        assertThat(fwd("127.0.0.1", "for=203.0.113.9, for=_hidden")).isEqualTo("127.0.0.1");
        assertThat(fwd("127.0.0.1", "for=203.0.113.9, for=unknown;by=10.0.0.2, for=10.0.0.2")).isEqualTo("10.0.0.2");
        assertThat(fwd("127.0.0.1", "for=203.0.113.9, proto=https")).isEqualTo("127.0.0.1");
    }

    @Test
    void ofWhenForwardedHeadersThenSameRightToLeftRuleAsXForwardedFor() {
        assertThat(fwd("127.0.0.1", "for=6.6.6.6, for=203.0.113.9", "for=10.1.2.3;proto=https"))
                .isEqualTo("203.0.113.9");
        assertThat(fwd("127.0.0.1", "for=\"198.51.100.2:1234\"")).isEqualTo("198.51.100.2");
    }

    @Test
    void ofWhenBothHeadersAgreeThenTheirClient() {
        assertThat(behindProxies.of("127.0.0.1", List.of("6.6.6.6, 203.0.113.9, 10.1.2.3"),
                List.of("for=203.0.113.9, for=\"10.1.2.3:80\""))).isEqualTo("203.0.113.9");
    }

    @Test
    void ofWhenBothHeadersDisagreeThenTrustStopsWhereTheyDiffer() {
        // a proxy that writes only X-Forwarded-For passed on the client's own Forwarded header, or the reverse
        assertThat(behindProxies.of("127.0.0.1", List.of("203.0.113.9"), List.of("for=6.6.6.6")))
                .isEqualTo("127.0.0.1");
        assertThat(behindProxies.of("127.0.0.1", List.of("6.6.6.6"), List.of("for=203.0.113.9")))
                .isEqualTo("127.0.0.1");
        assertThat(behindProxies.of("127.0.0.1", List.of("203.0.113.9, 10.0.0.2"), List.of("for=10.0.0.2")))
                .isEqualTo("10.0.0.2");
        assertThat(behindProxies.of("127.0.0.1", List.of("unknown"), List.of("for=unknown"))).isEqualTo("127.0.0.1");
    }

    @Test
    void constructWhenEntryMalformedThenConfigurationErrorNamingKeyAndEntry() {
        assertThatThrownBy(() -> new ClientAddresses("10.0.0.0/8, 10.0.0.300"))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.key()).isEqualTo(ClientAddresses.TRUSTED_PROXIES);
                    assertThat(e.getMessage()).contains("'10.0.0.300'");
                });
    }
}
