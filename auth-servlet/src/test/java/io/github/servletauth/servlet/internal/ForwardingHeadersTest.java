package io.github.servletauth.servlet.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ForwardingHeadersTest {

    /** @return each hop's canonical text, {@code "-"} for a hop that is not an address */
    private static List<String> texts(List<IpAddress> hops) {
        List<String> out = new ArrayList<>();
        for (IpAddress hop : hops) {
            out.add(hop == null ? "-" : hop.toString());
        }
        return out;
    }

    private static List<String> forwarded(String... headers) {
        return texts(ForwardingHeaders.forwarded(List.of(headers)));
    }

    private static List<String> xForwardedFor(String... headers) {
        return texts(ForwardingHeaders.xForwardedFor(List.of(headers)));
    }

    @Test
    void nodeWhenPortOrBracketsThenAddressAlone() {
        assertThat(ForwardingHeaders.node("198.51.100.2:1234", false)).isEqualTo(IpAddress.parse("198.51.100.2"));
        assertThat(ForwardingHeaders.node("[2001:db8::1]:443", false)).isEqualTo(IpAddress.parse("2001:db8::1"));
        assertThat(ForwardingHeaders.node("[2001:db8::1]", false)).isEqualTo(IpAddress.parse("2001:db8::1"));
        assertThat(ForwardingHeaders.node("[fe80::1%eth0]:80", true)).isEqualTo(IpAddress.parse("fe80::1"));
        assertThat(ForwardingHeaders.node("198.51.100.2:_obf-port.1", true)).isEqualTo(IpAddress.parse("198.51.100.2"));
        assertThat(ForwardingHeaders.node("2001:db8::1", false)).isEqualTo(IpAddress.parse("2001:db8::1"));
    }

    @Test
    void nodeWhenMalformedThenNull() {
        for (String bad : List.of("198.51.100.2:", "198.51.100.2:65536", "198.51.100.2:123456", "198.51.100.2:8a",
                "198.51.100.2:_", "198.51.100.2:_a b", "[2001:db8::1", "[2001:db8::1]443", "[2001:db8::1]:",
                "[198.51.100.2]", "[198.51.100.2]:80", "[]", "unknown", "_hidden", "host.example:80", "")) {
            assertThat(ForwardingHeaders.node(bad, false)).as("'%s'", bad).isNull();
        }
        assertThat(ForwardingHeaders.node("2001:db8::1", true)).isNull();
    }

    @Test
    void xForwardedForWhenSeveralHeadersThenOneListInOrder() {
        assertThat(xForwardedFor("203.0.113.9, 198.51.100.2:4711", "[2001:db8::1]:443,10.0.0.1"))
                .containsExactly("203.0.113.9", "198.51.100.2", "2001:db8::1", "10.0.0.1");
        assertThat(xForwardedFor("unknown, nonsense,, 10.0.0.1")).containsExactly("-", "-", "-", "10.0.0.1");
        assertThat(xForwardedFor("")).containsExactly("-");
    }

    @Test
    void forwardedWhenRfc7239ExamplesThenTheirForAddresses() {
        assertThat(forwarded("for=\"_gazonk\"")).containsExactly("-");
        assertThat(forwarded("For=\"[2001:db8:cafe::17]:4711\"")).containsExactly("2001:db8:cafe::17");
        assertThat(forwarded("for=192.0.2.60;proto=http;by=203.0.113.43")).containsExactly("192.0.2.60");
        assertThat(forwarded("for=192.0.2.43, for=198.51.100.17")).containsExactly("192.0.2.43", "198.51.100.17");
        assertThat(forwarded("for=192.0.2.43,for=\"[2001:db8:cafe::17]\",for=unknown"))
                .containsExactly("192.0.2.43", "2001:db8:cafe::17", "-");
        assertThat(forwarded("for=_hidden, for=\"198.51.100.2:4711\"")).containsExactly("-", "198.51.100.2");
    }

    @Test
    void forwardedWhenSeveralHeadersThenElementsOfEachInOrder() {
        assertThat(forwarded("for=192.0.2.43", "for=198.51.100.17;by=10.0.0.1, for=10.0.0.1"))
                .containsExactly("192.0.2.43", "198.51.100.17", "10.0.0.1");
    }

    @Test
    void forwardedWhenSpacesEmptyPairsAndEmptyElementsThenTolerated() {
        assertThat(forwarded(" for=192.0.2.43 ; proto=https ,, ;for=198.51.100.17;; ,"))
                .containsExactly("192.0.2.43", "198.51.100.17");
        assertThat(forwarded("proto=https;for=\"198.51.100.\\2\"")).containsExactly("198.51.100.2");
    }

    @Test
    void forwardedWhenElementMalformedThenThatElementIsNoAddressAndTheOthersStand() {
        assertThat(forwarded("for=192.0.2.43;for=198.51.100.17, for=203.0.113.9")).containsExactly("-", "203.0.113.9");
        assertThat(forwarded("proto=https, for=203.0.113.9")).containsExactly("-", "203.0.113.9");
        assertThat(forwarded("for=[2001:db8::1], for=203.0.113.9")).containsExactly("-", "203.0.113.9");
        assertThat(forwarded("for=\"2001:db8::1\", for=203.0.113.9")).containsExactly("-", "203.0.113.9");
        assertThat(forwarded("for=, for=203.0.113.9")).containsExactly("-", "203.0.113.9");
        assertThat(forwarded("for 203.0.113.8, for=203.0.113.9")).containsExactly("-", "203.0.113.9");
        assertThat(forwarded("for=\"a,b\" x, for=203.0.113.9")).containsExactly("-", "203.0.113.9");
        assertThat(forwarded("for=\"203.0.113.8\u0001\", for=203.0.113.9")).containsExactly("-", "203.0.113.9");
        assertThat(forwarded("for=203.0.113.8 junk, for=203.0.113.9")).containsExactly("-", "203.0.113.9");
    }

    @Test
    void forwardedWhenQuoteUnterminatedThenRestOfThatHeaderIsOneBadElementButLaterHeadersStand() {
        assertThat(forwarded("for=\"203.0.113.8, for=203.0.113.7", "for=203.0.113.9"))
                .containsExactly("-", "203.0.113.9");
    }
}
