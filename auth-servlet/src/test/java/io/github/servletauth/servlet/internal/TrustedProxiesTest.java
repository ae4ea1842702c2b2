package io.github.servletauth.servlet.internal;

import io.github.servletauth.core.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustedProxiesTest {

    private static final String KEY = "auth.http.trusted-proxies";

    private static boolean trusts(String list, String address) {
        return TrustedProxies.parse(KEY, list).contains(IpAddress.parse(address));
    }

    @Test
    void containsWhenIpv4RangeThenEveryAddressInsideAndNoneOutside() {
        assertThat(trusts("10.0.0.0/8", "10.0.0.0")).isTrue();
        assertThat(trusts("10.0.0.0/8", "10.255.255.255")).isTrue();
        assertThat(trusts("10.0.0.0/8", "11.0.0.0")).isFalse();
        assertThat(trusts("10.0.0.0/8", "9.255.255.255")).isFalse();
        assertThat(trusts("172.16.0.0/12", "172.31.1.1")).isTrue();
        assertThat(trusts("172.16.0.0/12", "172.32.0.0")).isFalse();
        assertThat(trusts("192.0.2.7/32", "192.0.2.7")).isTrue();
        assertThat(trusts("192.0.2.7/32", "192.0.2.8")).isFalse();
        assertThat(trusts("0.0.0.0/0", "203.0.113.9")).isTrue();
        assertThat(trusts("0.0.0.0/0", "2001:db8::1")).isFalse();
    }

    @Test
    void containsWhenIpv6RangeThenEveryAddressInsideAndNoneOutside() {
        assertThat(trusts("fd00::/8", "fd12:3456::1")).isTrue();
        assertThat(trusts("fd00::/8", "fc00::1")).isFalse();
        assertThat(trusts("2001:db8:1::/48", "2001:db8:1:ffff:ffff:ffff:ffff:ffff")).isTrue();
        assertThat(trusts("2001:db8:1::/48", "2001:db8:2::")).isFalse();
        assertThat(trusts("2001:db8::1/128", "2001:db8::1")).isTrue();
        assertThat(trusts("2001:db8::1/128", "2001:db8::2")).isFalse();
    }

    @Test
    void containsWhenSingleAddressesThenMatchedWhateverTheSpelling() {
        assertThat(trusts("127.0.0.1", "::ffff:127.0.0.1")).isTrue();
        assertThat(trusts("::1", "0:0:0:0:0:0:0:1")).isTrue();
        assertThat(trusts("0:0:0:0:0:0:0:1", "::1")).isTrue();
        assertThat(trusts("127.0.0.1", "127.0.0.2")).isFalse();
        assertThat(trusts("::1", "::2")).isFalse();
        assertThat(trusts("10.0.0.0/8, fd00::/8, 127.0.0.1, ::1", "fd00::5")).isTrue();
        assertThat(trusts(" 10.0.0.0/8 ,, 127.0.0.1 , ", "127.0.0.1")).isTrue();
        assertThat(trusts("::ffff:10.0.0.0/104", "10.9.9.9")).isTrue();
    }

    @Test
    void parseWhenBlankOrNullThenNoneTrusted() {
        assertThat(TrustedProxies.parse(KEY, null).isEmpty()).isTrue();
        assertThat(TrustedProxies.parse(KEY, " ").isEmpty()).isTrue();
        assertThat(trusts("", "127.0.0.1")).isFalse();
    }

    @Test
    void parseWhenEntryMalformedThenConfigurationErrorNamingKeyAndEntry() {
        for (String bad : List.of("proxy.internal", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/08",
                "10.0.0.0/8/8", "fd00::/129", "fd00::/x", "10.0.0.1/8", "fd00::1/8", "10.0.0.300", "127.1",
                "fe80::1%eth0", "[::1]", "10.0.0.1:8080", "*", "10.0.0.0 /8")) {
            assertThatThrownBy(() -> TrustedProxies.parse(KEY, "127.0.0.1, " + bad)).as(bad)
                    .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                        assertThat(e.key()).isEqualTo(KEY);
                        assertThat(e.getMessage()).contains("'" + bad.strip() + "'");
                    });
        }
    }
}
