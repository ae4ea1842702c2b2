package io.github.servletauth.core;

import io.github.servletauth.core.BrowserSettings.SecureMode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code auth.browser.*} keys: cookie names and attributes, and the renewal grace of two tabs. */
class AuthConfigBrowserTest {

    static AuthConfig.Builder base() {
        return AuthConfig.builder().set("auth.data-dir", "/tmp/unused-servlet-auth");
    }

    @Test
    void browserWhenNothingSetThenTheTablesDefaults() {
        BrowserSettings expected = new BrowserSettings("auth_access", "auth_refresh", null, SecureMode.AUTO, "Lax",
                Duration.ofSeconds(10));

        assertThat(base().build().browser()).isEqualTo(expected);
        assertThat(BrowserSettings.defaults()).isEqualTo(expected);
    }

    @Test
    void browserWhenEveryKeySetThenEachRead() {
        AuthConfig c = base().set("auth.browser.access-cookie", " app.at ").set("auth.browser.refresh-cookie", "app-rt")
                .set("auth.browser.cookie-domain", "Example.ORG").set("auth.browser.cookie-secure", "TRUE")
                .set("auth.browser.same-site", "none").set("auth.browser.renew-grace", "pt30s").build();

        assertThat(c.browser()).isEqualTo(new BrowserSettings("app.at", "app-rt", "example.org", SecureMode.ALWAYS,
                "None", Duration.ofSeconds(30)));
    }

    @Test
    void cookieNamesWhenTokenCharactersThenAccepted() {
        for (String name : new String[] {"a", "x".repeat(64), "A-b_c.d", "!#$%&'*+-.^_`|~", "_single", "ID9"}) {
            assertThat(base().set("auth.browser.access-cookie", name).build().browser().accessCookie())
                    .isEqualTo(name);
        }
    }

    @Test
    void cookieNamesWhenNotATokenOrReservedPrefixOrTooLongThenRefusedNamingTheKey() {
        for (String key : new String[] {"auth.browser.access-cookie", "auth.browser.refresh-cookie"}) {
            for (String bad : new String[] {"", " ", "a b", "a=b", "a;b", "a,b", "a\"b", "a(b)", "a/b", "a:b", "a@b",
                    "a[b]", "a?b", "a{b}", "a\\b", "a\tb", "caf\u00e9", "x".repeat(65), "__Host-x", "__Secure-x",
                    "__x"}) {
                assertThatThrownBy(() -> base().set(key, bad).build()).as(key + "=" + bad)
                        .isInstanceOfSatisfying(ConfigurationException.class,
                                e -> assertThat(e.key()).isEqualTo(key));
            }
        }
        assertThatThrownBy(() -> base().set("auth.browser.access-cookie", "__Host-at").build())
                .hasMessageStartingWith("auth.browser.access-cookie:").hasMessageContaining("added automatically");
    }

    @Test
    void refreshCookieWhenSameNameAsAccessCookieThenRefusedNamingRefreshCookie() {
        assertThatThrownBy(() -> base().set("auth.browser.refresh-cookie", "auth_access").build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.problems()).containsOnlyKeys("auth.browser.refresh-cookie");
                    assertThat(e.getMessage()).contains("must differ from auth.browser.access-cookie");
                });
        assertThatThrownBy(() -> base().set("auth.browser.access-cookie", "SID")
                .set("auth.browser.refresh-cookie", "sid").build())
                .hasMessageStartingWith("auth.browser.refresh-cookie:");
    }

    @Test
    void cookieDomainWhenHostNameThenStoredLowerCase() {
        Map<String, String> accepted = Map.of("example.org", "example.org", "App.Example.Org", "app.example.org",
                "localhost", "localhost", "xn--bcher-kva.example", "xn--bcher-kva.example",
                "a-1.b2.example", "a-1.b2.example", ("a".repeat(63) + ".").repeat(3) + "b".repeat(61),
                ("a".repeat(63) + ".").repeat(3) + "b".repeat(61));
        accepted.forEach((value, stored) -> assertThat(base().set("auth.browser.cookie-domain", value).build()
                .browser().cookieDomain()).as(value).isEqualTo(stored));
    }

    @Test
    void cookieDomainWhenSchemePortPathIpLeadingDotOrNoHostNameThenRefusedNamingTheKey() {
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put("https://example.org", "without scheme, port or path");
        refusals.put("example.org:8443", "without scheme, port or path");
        refusals.put("example.org/app", "without scheme, port or path");
        refusals.put(".example.org", "must not start with a dot");
        refusals.put("192.168.0.1", "not an IP address");
        refusals.put("[::1]", "without scheme, port or path");
        refusals.put("", "must not be blank");
        refusals.put("exa mple.org", "host name");
        refusals.put("example..org", "host name");
        refusals.put("example.org.", "host name");
        refusals.put("-example.org", "host name");
        refusals.put("example-.org", "host name");
        refusals.put("ex_ample.org", "host name");
        refusals.put("b\u00fccher.example", "host name");
        refusals.put("a".repeat(64) + ".org", "host name");
        refusals.put(("a".repeat(63) + ".").repeat(3) + "b".repeat(62), "at most 253 characters");
        refusals.forEach((value, why) -> assertThatThrownBy(() -> base().set("auth.browser.cookie-domain", value)
                .build()).as(value).isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.key()).isEqualTo("auth.browser.cookie-domain");
                    assertThat(e.getMessage()).contains(why);
                }));
    }

    @Test
    void cookieSecureWhenAutoTrueOrFalseInAnyCaseThenAcceptedOtherwiseRefused() {
        Map<String, SecureMode> accepted = Map.of("auto", SecureMode.AUTO, "AUTO", SecureMode.AUTO,
                "true", SecureMode.ALWAYS, " True ", SecureMode.ALWAYS, "false", SecureMode.NEVER,
                "FALSE", SecureMode.NEVER);
        accepted.forEach((value, mode) -> assertThat(base().set("auth.browser.cookie-secure", value).build()
                .browser().secure()).as(value).isEqualTo(mode));
        for (String bad : new String[] {"yes", "1", "", "always"}) {
            assertThatThrownBy(() -> base().set("auth.browser.cookie-secure", bad).build()).as(bad)
                    .hasMessageStartingWith("auth.browser.cookie-secure:").hasMessageContaining("auto, true or false");
        }
    }

    @Test
    void sameSiteWhenLaxStrictOrNoneInAnyCaseThenStoredCapitalised() {
        Map<String, String> accepted = Map.of("lax", "Lax", "STRICT", "Strict", "Strict", "Strict", " lAx ", "Lax");
        accepted.forEach((value, stored) -> assertThat(base().set("auth.browser.same-site", value).build()
                .browser().sameSite()).as(value).isEqualTo(stored));
        assertThat(base().set("auth.browser.same-site", "NONE").set("auth.browser.cookie-secure", "true").build()
                .browser().sameSite()).isEqualTo("None");
        assertThatThrownBy(() -> base().set("auth.browser.same-site", "relaxed").build())
                .hasMessageStartingWith("auth.browser.same-site:").hasMessageContaining("Lax, Strict or None");
    }

    @Test
    void sameSiteNoneWhenCookiesNotAlwaysSecureThenRefusedNamingSameSite() {
        for (String secure : new String[] {"auto", "false"}) {
            assertThatThrownBy(() -> base().set("auth.browser.same-site", "None")
                    .set("auth.browser.cookie-secure", secure).build()).as(secure)
                    .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                        assertThat(e.problems()).containsOnlyKeys("auth.browser.same-site");
                        assertThat(e.getMessage()).contains("requires auth.browser.cookie-secure=true");
                    });
        }
    }

    @Test
    void renewGraceWhenWithinZeroToOneMinuteThenAcceptedOtherwiseRefused() {
        assertThat(base().set("auth.browser.renew-grace", "PT0S").build().browser().renewGrace()).isZero();
        assertThat(base().set("auth.browser.renew-grace", "PT1M").build().browser().renewGrace())
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(base().set("auth.browser.renew-grace", "pt0.5s").build().browser().renewGrace())
                .isEqualTo(Duration.ofMillis(500));
        for (String bad : new String[] {"PT61S", "-PT1S", "10 seconds", "10"}) {
            assertThatThrownBy(() -> base().set("auth.browser.renew-grace", bad).build()).as(bad)
                    .hasMessageStartingWith("auth.browser.renew-grace:");
        }
    }

    @Test
    void buildWhenSeveralBrowserKeysBadThenOneExceptionNamesEachWithTheOtherKeys() {
        assertThatThrownBy(() -> base().set("auth.db.pool-size", "0").set("auth.browser.access-cookie", "a b")
                .set("auth.browser.cookie-domain", "https://example.org").set("auth.browser.cookie-secure", "yes")
                .set("auth.browser.same-site", "sometimes").set("auth.browser.renew-grace", "PT2M").build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems().keySet())
                        .containsExactly("auth.db.pool-size", "auth.browser.access-cookie",
                                "auth.browser.cookie-domain", "auth.browser.cookie-secure", "auth.browser.same-site",
                                "auth.browser.renew-grace"));
    }

    @Test
    void forWebappWhenFilterOnlyWebappGivesBrowserKeysAsInitParamsThenTheyWinOverTheEnvironment() {
        Map<String, String> initParams = Map.of("auth.jwt.jwks-url", "https://accounts.example.org/auth/jwks",
                "auth.jwt.algorithm", "RS256", "auth.browser.access-cookie", "reports_at",
                "auth.browser.cookie-domain", "example.org", "auth.browser.same-site", "Strict");
        AuthConfig c = AuthConfig.forWebapp(Map.of(), Map.of("AUTH_BROWSER_ACCESS_COOKIE", "env_at",
                "AUTH_BROWSER_RENEW_GRACE", "PT5S"), initParams).build();

        assertThat(c.browser()).isEqualTo(new BrowserSettings("reports_at", "auth_refresh", "example.org",
                SecureMode.AUTO, "Strict", Duration.ofSeconds(5)));
        assertThatThrownBy(() -> AuthConfig.forWebapp(Map.of(), Map.of(),
                Map.of("auth.browser.same-site", "None")).build())
                .hasMessageStartingWith("auth.browser.same-site:");
    }

    @Test
    void constructorWhenComponentBreaksItsRuleThenIllegalArgumentNamingIt() {
        Duration grace = Duration.ofSeconds(10);
        assertThatThrownBy(() -> new BrowserSettings("a b", "rt", null, SecureMode.AUTO, "Lax", grace))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("accessCookie ");
        assertThatThrownBy(() -> new BrowserSettings("at", "at", null, SecureMode.AUTO, "Lax", grace))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("refreshCookie ");
        assertThatThrownBy(() -> new BrowserSettings("at", "rt", ".example.org", SecureMode.AUTO, "Lax", grace))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cookieDomain ");
        assertThatThrownBy(() -> new BrowserSettings("at", "rt", null, SecureMode.AUTO, "lax", grace))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("sameSite ");
        assertThatThrownBy(() -> new BrowserSettings("at", "rt", null, SecureMode.NEVER, "None", grace))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("sameSite ");
        assertThatThrownBy(() -> new BrowserSettings("at", "rt", null, SecureMode.AUTO, "Lax", Duration.ofMinutes(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("renewGrace ");
        assertThatThrownBy(() -> new BrowserSettings(null, "rt", null, SecureMode.AUTO, "Lax", grace))
                .isInstanceOf(NullPointerException.class).hasMessage("accessCookie");
        assertThat(new BrowserSettings("at", "rt", "Example.Org", SecureMode.ALWAYS, "None", grace).cookieDomain())
                .isEqualTo("example.org");
    }
}
