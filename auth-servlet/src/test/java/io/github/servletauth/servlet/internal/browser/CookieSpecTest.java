package io.github.servletauth.servlet.internal.browser;

import io.github.servletauth.core.BrowserSettings;
import io.github.servletauth.core.BrowserSettings.SecureMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Exact {@code Set-Cookie} headers, as a real Jetty sends them, for plain and secure requests. */
class CookieSpecTest {

    /** 15 minutes before "Mon, 30 Nov 2026 22:00:00 GMT". */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T21:45:00Z"), ZoneOffset.UTC);
    private static final Duration FIFTEEN_MINUTES = Duration.ofMinutes(15);
    private static final String EXPIRES = "Max-Age=900; Expires=Mon, 30 Nov 2026 22:00:00 GMT";
    private static final String EXPIRED = "Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
    private static final String HTTPS = "X-Forwarded-Proto: https";

    @RegisterExtension
    static final RequestProbe probe = new RequestProbe();

    private static BrowserSettings settings(String domain, SecureMode secure, String sameSite) {
        return new BrowserSettings("auth_access", "auth_refresh", domain, secure, sameSite, Duration.ofSeconds(10));
    }

    private static CookieSpec spec(String domain, SecureMode secure, String sameSite) {
        return new CookieSpec(settings(domain, secure, sameSite), CLOCK);
    }

    /** @return the Set-Cookie headers of a request answered by {@code spec.setAccess(..., "tok", 15 min)} */
    private static List<String> setAccess(CookieSpec spec, String... headerLines) throws Exception {
        probe.askWithResponse((req, resp) -> {
            spec.setAccess(req, resp, "tok", FIFTEEN_MINUTES);
            return null;
        });
        return probe.send("GET /app/signin HTTP/1.1", null, headerLines).headers("Set-Cookie");
    }

    @Test
    void setAccessWhenPlainHttpThenPlainNameWithoutSecure() throws Exception {
        assertThat(setAccess(spec(null, SecureMode.AUTO, "Lax"))).containsExactly(
                "auth_access=tok; Path=/; " + EXPIRES + "; HttpOnly; SameSite=Lax");
    }

    @Test
    void setAccessWhenSecureRequestThenHostPrefixAndSecure() throws Exception {
        assertThat(setAccess(spec(null, SecureMode.AUTO, "Lax"), HTTPS)).containsExactly(
                "__Host-auth_access=tok; Path=/; " + EXPIRES + "; Secure; HttpOnly; SameSite=Lax");
    }

    @Test
    void setAccessWhenSecureWithDomainThenSecurePrefixAndDomain() throws Exception {
        assertThat(setAccess(spec("example.org", SecureMode.AUTO, "Lax"), HTTPS)).containsExactly(
                "__Secure-auth_access=tok; Path=/; Domain=example.org; " + EXPIRES + "; Secure; HttpOnly; SameSite=Lax");
    }

    @Test
    void setAccessWhenPlainHttpWithDomainThenPlainNameAndDomain() throws Exception {
        assertThat(setAccess(spec("example.org", SecureMode.AUTO, "Lax"))).containsExactly(
                "auth_access=tok; Path=/; Domain=example.org; " + EXPIRES + "; HttpOnly; SameSite=Lax");
    }

    @Test
    void setAccessWhenAlwaysSecureOnPlainHttpThenSecure() throws Exception {
        assertThat(setAccess(spec(null, SecureMode.ALWAYS, "Lax"))).containsExactly(
                "__Host-auth_access=tok; Path=/; " + EXPIRES + "; Secure; HttpOnly; SameSite=Lax");
    }

    @Test
    void setAccessWhenNeverSecureOnHttpsThenPlain() throws Exception {
        assertThat(setAccess(spec(null, SecureMode.NEVER, "Lax"), HTTPS)).containsExactly(
                "auth_access=tok; Path=/; " + EXPIRES + "; HttpOnly; SameSite=Lax");
    }

    @Test
    void setAccessWhenSameSiteStrictThenStrict() throws Exception {
        assertThat(setAccess(spec(null, SecureMode.AUTO, "Strict"), HTTPS)).containsExactly(
                "__Host-auth_access=tok; Path=/; " + EXPIRES + "; Secure; HttpOnly; SameSite=Strict");
    }

    @Test
    void setAccessWhenDayOfMonthHasOneDigitThenExpiresHasTwo() throws Exception {
        CookieSpec spec = new CookieSpec(settings(null, SecureMode.AUTO, "Lax"),
                Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"), ZoneOffset.UTC));
        assertThat(setAccess(spec)).containsExactly(
                "auth_access=tok; Path=/; Max-Age=900; Expires=Tue, 01 Dec 2026 08:15:00 GMT; HttpOnly; SameSite=Lax");
    }

    @Test
    void setRefreshWhenTwoPathsThenOneCookiePerPath() throws Exception {
        CookieSpec spec = spec(null, SecureMode.AUTO, "Lax");
        probe.askWithResponse((req, resp) -> {
            spec.setRefresh(req, resp, "rt", FIFTEEN_MINUTES, List.of("/accounts/auth/renew", "/accounts/auth/signout"));
            return null;
        });
        assertThat(probe.send("GET /app/signin HTTP/1.1", null, HTTPS).headers("Set-Cookie")).containsExactly(
                "__Secure-auth_refresh=rt; Path=/accounts/auth/renew; " + EXPIRES + "; Secure; HttpOnly; SameSite=Lax",
                "__Secure-auth_refresh=rt; Path=/accounts/auth/signout; " + EXPIRES + "; Secure; HttpOnly; SameSite=Lax");
        assertThat(probe.send("GET /app/signin HTTP/1.1", null).headers("Set-Cookie")).containsExactly(
                "auth_refresh=rt; Path=/accounts/auth/renew; " + EXPIRES + "; HttpOnly; SameSite=Lax",
                "auth_refresh=rt; Path=/accounts/auth/signout; " + EXPIRES + "; HttpOnly; SameSite=Lax");
    }

    @Test
    void setRefreshWhenDomainConfiguredThenDomainOnEveryPath() throws Exception {
        CookieSpec spec = spec("example.org", SecureMode.ALWAYS, "Lax");
        probe.askWithResponse((req, resp) -> {
            spec.setRefresh(req, resp, "rt", FIFTEEN_MINUTES, List.of("/auth/renew"));
            return null;
        });
        assertThat(probe.send("GET /app/signin HTTP/1.1", null).headers("Set-Cookie")).containsExactly(
                "__Secure-auth_refresh=rt; Path=/auth/renew; Domain=example.org; " + EXPIRES
                        + "; Secure; HttpOnly; SameSite=Lax");
    }

    @Test
    void clearWhenSecureThenBothExpiredUnderTheSameNamesPathsAndDomain() throws Exception {
        CookieSpec spec = spec("example.org", SecureMode.AUTO, "Lax");
        probe.askWithResponse((req, resp) -> {
            spec.clear(req, resp, List.of("/auth/renew", "/auth/signout"));
            return null;
        });
        assertThat(probe.send("POST /app/auth/signout HTTP/1.1", "", HTTPS).headers("Set-Cookie")).containsExactly(
                "__Secure-auth_access=; Path=/; Domain=example.org; " + EXPIRED + "; Secure; HttpOnly; SameSite=Lax",
                "__Secure-auth_refresh=; Path=/auth/renew; Domain=example.org; " + EXPIRED + "; Secure; HttpOnly; SameSite=Lax",
                "__Secure-auth_refresh=; Path=/auth/signout; Domain=example.org; " + EXPIRED
                        + "; Secure; HttpOnly; SameSite=Lax");
    }

    @Test
    void clearWhenPlainHttpThenPlainNamesExpired() throws Exception {
        CookieSpec spec = spec(null, SecureMode.AUTO, "Lax");
        probe.askWithResponse((req, resp) -> {
            spec.clear(req, resp, List.of("/auth/renew"));
            return null;
        });
        assertThat(probe.send("POST /app/auth/signout HTTP/1.1", "").headers("Set-Cookie")).containsExactly(
                "auth_access=; Path=/; " + EXPIRED + "; HttpOnly; SameSite=Lax",
                "auth_refresh=; Path=/auth/renew; " + EXPIRED + "; HttpOnly; SameSite=Lax");
    }

    @Test
    void setSignInProofWhenSecureThenHostPrefixedStrictAndNoDomainEvenWhenConfigured() throws Exception {
        CookieSpec spec = spec("example.org", SecureMode.AUTO, "Lax");
        probe.askWithResponse((req, resp) -> {
            spec.setSignInProof(req, resp, "proof", FIFTEEN_MINUTES);
            return spec.signInProofName(req);
        });
        RequestProbe.Response secure = probe.send("GET /app/signin HTTP/1.1", null, HTTPS);
        assertThat(secure.body()).isEqualTo("__Host-auth_signin");
        assertThat(secure.headers("Set-Cookie")).containsExactly(
                "__Host-auth_signin=proof; Path=/; " + EXPIRES + "; Secure; HttpOnly; SameSite=Strict");
        RequestProbe.Response plain = probe.send("GET /app/signin HTTP/1.1", null);
        assertThat(plain.body()).isEqualTo("auth_signin");
        assertThat(plain.headers("Set-Cookie")).containsExactly(
                "auth_signin=proof; Path=/; " + EXPIRES + "; HttpOnly; SameSite=Strict");
    }

    @Test
    void clearSignInProofWhenSecureThenExpiredUnderItsName() throws Exception {
        CookieSpec spec = spec(null, SecureMode.AUTO, "Lax");
        probe.askWithResponse((req, resp) -> {
            spec.clearSignInProof(req, resp);
            return null;
        });
        assertThat(probe.send("POST /app/signin HTTP/1.1", "", HTTPS).headers("Set-Cookie")).containsExactly(
                "__Host-auth_signin=; Path=/; " + EXPIRED + "; Secure; HttpOnly; SameSite=Strict");
    }

    @Test
    void namesWhenReadOnTheSameRequestThenSameRuleAsTheWriter() throws Exception {
        CookieSpec host = spec(null, SecureMode.AUTO, "Lax");
        CookieSpec shared = spec("example.org", SecureMode.AUTO, "Lax");
        probe.ask(req -> host.secure(req) + " " + host.accessName(req) + " " + host.refreshName(req) + " "
                + shared.accessName(req) + " " + shared.refreshName(req));
        assertThat(probe.get(HTTPS)).isEqualTo(
                "true __Host-auth_access __Secure-auth_refresh __Secure-auth_access __Secure-auth_refresh");
        assertThat(probe.get()).isEqualTo("false auth_access auth_refresh auth_access auth_refresh");
    }

    @Test
    void secureWhenModeAlwaysOrNeverThenRequestDoesNotMatter() throws Exception {
        CookieSpec always = spec(null, SecureMode.ALWAYS, "Lax");
        CookieSpec never = spec(null, SecureMode.NEVER, "Lax");
        probe.ask(req -> always.secure(req) + " " + never.secure(req) + " " + never.accessName(req));
        assertThat(probe.get()).isEqualTo("true false auth_access");
        assertThat(probe.get(HTTPS)).isEqualTo("true false auth_access");
    }

    @Test
    void readerWhenPlainCookieTossedOnSecureRequestThenNotRead() throws Exception {
        CookieSpec spec = spec(null, SecureMode.AUTO, "Lax");
        probe.ask(req -> Cookies.single(req, spec.accessName(req)));
        assertThat(probe.get(HTTPS, "Cookie: auth_access=tossed")).isEqualTo("null");
        assertThat(probe.get(HTTPS, "Cookie: auth_access=tossed; __Host-auth_access=ours")).isEqualTo("ours");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a;b", "a,b", "a\"b", "a\\b", "\u00e9", "a\r\nSet-Cookie: x=1"})
    void setWhenValueIsNotCookieOctetsThenIllegalArgumentWithoutTheValue(String value) throws Exception {
        CookieSpec spec = spec(null, SecureMode.AUTO, "Lax");
        probe.askWithResponse((req, resp) -> {
            try {
                spec.setAccess(req, resp, value, FIFTEEN_MINUTES);
                return "written";
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        });
        RequestProbe.Response response = probe.send("GET /app/signin HTTP/1.1", null);
        assertThat(response.body()).isEqualTo("value must be 1 to 4096 RFC 6265 cookie-octets");
        assertThat(response.headers("Set-Cookie")).isEmpty();
    }

    @Test
    void setWhenValueTooLongOrMaxAgeNegativeOrPathBadThenIllegalArgument() throws Exception {
        CookieSpec spec = spec(null, SecureMode.AUTO, "Lax");
        probe.askWithResponse((req, resp) -> {
            StringBuilder refusals = new StringBuilder();
            List<Runnable> calls = List.of(
                    () -> spec.setAccess(req, resp, "a".repeat(4097), FIFTEEN_MINUTES),
                    () -> spec.setAccess(req, resp, "tok", Duration.ofSeconds(-1)),
                    () -> spec.setRefresh(req, resp, "rt", FIFTEEN_MINUTES, List.of()),
                    () -> spec.setRefresh(req, resp, "rt", FIFTEEN_MINUTES, List.of("auth/renew")),
                    () -> spec.setRefresh(req, resp, "rt", FIFTEEN_MINUTES, List.of("/auth;Domain=evil")),
                    () -> spec.setSignInProof(req, resp, "a b", FIFTEEN_MINUTES));
            for (Runnable call : calls) {
                try {
                    call.run();
                    refusals.append("written ");
                } catch (IllegalArgumentException e) {
                    refusals.append("refused ");
                }
            }
            return refusals.toString().strip();
        });
        RequestProbe.Response response = probe.send("GET /app/signin HTTP/1.1", null);
        assertThat(response.body()).isEqualTo("refused refused refused refused refused refused");
        assertThat(response.headers("Set-Cookie")).isEmpty();
    }

    @Test
    void setAccessWhenValueIsALongTokenThenWrittenWhole() throws Exception {
        String token = "eyJ" + "a".repeat(4000);
        CookieSpec spec = spec(null, SecureMode.AUTO, "Lax");
        probe.askWithResponse((req, resp) -> {
            spec.setAccess(req, resp, token, FIFTEEN_MINUTES);
            return null;
        });
        assertThat(probe.send("GET /app/signin HTTP/1.1", null).headers("Set-Cookie")).containsExactly(
                "auth_access=" + token + "; Path=/; " + EXPIRES + "; HttpOnly; SameSite=Lax");
    }
}
