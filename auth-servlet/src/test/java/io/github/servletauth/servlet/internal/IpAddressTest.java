package io.github.servletauth.servlet.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IpAddressTest {

    private static String canonical(String text) {
        IpAddress a = IpAddress.parse(text);
        return a == null ? null : a.toString();
    }

    @Test
    void parseWhenIpv4ThenDottedDecimal() {
        assertThat(canonical("198.51.100.2")).isEqualTo("198.51.100.2");
        assertThat(canonical("0.0.0.0")).isEqualTo("0.0.0.0");
        assertThat(canonical("255.255.255.255")).isEqualTo("255.255.255.255");
        assertThat(IpAddress.parse("198.51.100.2").isIpv4()).isTrue();
    }

    @Test
    void parseWhenSpellingsOfOneIpv6AddressThenOneRfc5952Form() {
        for (String spelling : List.of("::1", "0:0:0:0:0:0:0:1", "0000:0000:0000:0000:0000:0000:0000:0001", "0::0:1",
                "::0:0:1")) {
            assertThat(canonical(spelling)).as(spelling).isEqualTo("::1");
        }
        assertThat(canonical("2001:DB8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(canonical("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(canonical("2001:0db8:0000:0000:0000:0000:0002:0001")).isEqualTo("2001:db8::2:1");
        assertThat(canonical("2001:db8:0:0:1:0:0:0")).isEqualTo("2001:db8:0:0:1::");
        assertThat(canonical("1:0:0:0:0:0:0:0")).isEqualTo("1::");
        assertThat(canonical("::")).isEqualTo("::");
        assertThat(canonical("1:2:3:4:5:6:7::")).isEqualTo("1:2:3:4:5:6:7:0");
    }

    @Test
    void parseWhenIpv4MappedIpv6ThenTheIpv4Address() {
        assertThat(canonical("::ffff:198.51.100.2")).isEqualTo("198.51.100.2");
        assertThat(canonical("::FFFF:c633:6402")).isEqualTo("198.51.100.2");
        assertThat(canonical("0:0:0:0:0:ffff:198.51.100.2")).isEqualTo("198.51.100.2");
        assertThat(IpAddress.parse("::ffff:198.51.100.2")).isEqualTo(IpAddress.parse("198.51.100.2"));
    }

    @Test
    void parseWhenIpv6WithTrailingDottedQuadThenFillsLastTwoGroups() {
        assertThat(canonical("64:ff9b::198.51.100.2")).isEqualTo("64:ff9b::c633:6402");
        assertThat(canonical("::198.51.100.2")).isEqualTo("::c633:6402");
    }

    @Test
    void parseWhenZoneIdThenDropped() {
        assertThat(canonical("fe80::1%eth0")).isEqualTo("fe80::1");
        assertThat(canonical("fe80:0:0:0:0:0:0:1%2")).isEqualTo("fe80::1");
    }

    @Test
    void parseWhenNotAnIpLiteralThenNull() {
        for (String bad : List.of("", "localhost", "example.com", "unknown", "_hidden", "127.1", "127.0.0", "1.2.3.4.5",
                "256.0.0.1", "01.2.3.4", "1.2.3.04", "1.2.3.4 ", " 1.2.3.4", "1.2.3.", ".1.2.3", "1..2.3", "0x7f.0.0.1",
                "198.51.100.2:80", "[::1]", ":::", ":1::", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
                "::1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8::", "12345::", "g::1", "1:", ":1", "::1%", "::1%a b",
                "::ffff:1.2.3.4.5", "1:2:3:4:5:6:7:1.2.3.4", "::ffff:01.2.3.4", "::1.2.3", "1.2.3.4::",
                "\u0661.2.3.4", "\uff11.2.3.4", "::\uff11")) {
            assertThat(IpAddress.parse(bad)).as("'%s'", bad).isNull();
        }
        assertThat(IpAddress.parse(null)).isNull();
        assertThat(IpAddress.parse("1".repeat(65))).isNull();
    }

    @Test
    void maskedThenBitsAfterPrefixCleared() {
        assertThat(IpAddress.parse("2001:db8:1:2:3:4:5:6").masked(64).toString()).isEqualTo("2001:db8:1:2::");
        assertThat(IpAddress.parse("2001:db8:1:2:3:4:5:6").masked(48).toString()).isEqualTo("2001:db8:1::");
        assertThat(IpAddress.parse("2001:db8:1:2:3:4:5:6").masked(128).toString()).isEqualTo("2001:db8:1:2:3:4:5:6");
        assertThat(IpAddress.parse("2001:db8:1:2:3:4:5:6").masked(0).toString()).isEqualTo("::");
        assertThat(IpAddress.parse("10.1.2.3").masked(96 + 8).toString()).isEqualTo("10.0.0.0");
        assertThat(IpAddress.parse("10.1.2.3").masked(96 + 20).toString()).isEqualTo("10.1.0.0");
    }
}
