package io.github.servletauth.servlet.internal.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CookiesTest {

    private static final String NAME = "auth_access";

    @RegisterExtension
    static final RequestProbe probe = new RequestProbe();

    private static String single(String... headers) {
        return Cookies.single(Collections.enumeration(List.of(headers)), NAME);
    }

    @Test
    void singleWhenNoHeaderThenNull() {
        assertThat(single()).isNull();
        assertThat(Cookies.single((java.util.Enumeration<String>) null, NAME)).isNull();
    }

    @Test
    void singleWhenOnlyOtherCookiesThenNull() {
        assertThat(single("a=1; b=2")).isNull();
        assertThat(single("")).isNull();
    }

    @Test
    void singleWhenOneCookieThenItsValue() {
        assertThat(single("auth_access=abc.def-ghi_jkl")).isEqualTo("abc.def-ghi_jkl");
    }

    @Test
    void singleWhenAmongManyThenItsValue() {
        assertThat(single("a=1; auth_access=tok; b=2")).isEqualTo("tok");
        assertThat(single("a=1;auth_access=tok;b=2")).isEqualTo("tok");
        assertThat(single("a=1;\t auth_access=tok \t; b=2")).isEqualTo("tok");
        assertThat(single("a=1; b=2; auth_access=tok")).isEqualTo("tok");
        assertThat(single("auth_access=tok; a=1;")).isEqualTo("tok");
    }

    @Test
    void singleWhenSpacesAroundEqualsThenTolerated() {
        assertThat(single("auth_access = tok")).isEqualTo("tok");
    }

    @Test
    void singleWhenQuotedThenQuotesRemoved() {
        assertThat(single("auth_access=\"tok\"")).isEqualTo("tok");
        assertThat(single("a=1; auth_access=\"tok\"; b=2")).isEqualTo("tok");
    }

    @Test
    void singleWhenQuotesUnbalancedOrEmptyThenNull() {
        assertThat(single("auth_access=\"tok")).isNull();
        assertThat(single("auth_access=tok\"")).isNull();
        assertThat(single("auth_access=\"\"")).isNull();
        assertThat(single("auth_access=\"")).isNull();
        assertThat(single("auth_access=\"to\"k\"")).isNull();
    }

    @Test
    void singleWhenSentTwiceThenNull() {
        assertThat(single("auth_access=1; auth_access=2")).isNull();
        assertThat(single("auth_access=1; auth_access=1")).isNull();
        assertThat(single("auth_access=1", "auth_access=2")).isNull();
        // even when the second one is malformed: which one the browser meant is unknowable
        assertThat(single("auth_access=1; auth_access=a b")).isNull();
        assertThat(single("auth_access=1; auth_access=")).isNull();
    }

    @Test
    void singleWhenNameIsPrefixOrSuffixOfAnotherThenOnlyExactNameCounts() {
        assertThat(single("xauth_access=1; auth_access=2")).isEqualTo("2");
        assertThat(single("auth_access=2; xauth_access=1")).isEqualTo("2");
        assertThat(single("auth_access_old=1")).isNull();
        assertThat(single("auth_access_old=1; auth_access=2; auth_accessx=3")).isEqualTo("2");
        assertThat(single("__Host-auth_access=1")).isNull();
        assertThat(single("x=auth_access=1")).isNull();
    }

    @Test
    void singleWhenNameDiffersInCaseThenNotOurs() {
        assertThat(single("Auth_Access=1")).isNull();
        assertThat(single("AUTH_ACCESS=1; auth_access=2")).isEqualTo("2");
    }

    @Test
    void singleWhenEmptyValueThenNull() {
        assertThat(single("auth_access=")).isNull();
        assertThat(single("auth_access=; a=1")).isNull();
        assertThat(single("auth_access=   ")).isNull();
    }

    @Test
    void singleWhenPairHasNoEqualsThenSkipped() {
        assertThat(single("auth_access")).isNull();
        assertThat(single("auth_access; a=1")).isNull();
        assertThat(single("auth_access; auth_access=tok")).isEqualTo("tok");
    }

    @Test
    void singleWhenValueAtTheLimitThenAcceptedAndOverItThenNull() {
        String atLimit = "a".repeat(Cookies.MAX_VALUE_LENGTH);
        assertThat(single("auth_access=" + atLimit)).isEqualTo(atLimit);
        assertThat(single("auth_access=" + atLimit + "a")).isNull();
        assertThat(single("auth_access=\"" + atLimit + "\"")).isEqualTo(atLimit);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a,b", "a\\b", "a\"b", "é", "a\u0000b", "a\u007fb", "a\u0080", "tok\u2028"})
    void singleWhenValueHasCharactersOutsideCookieOctetsThenNull(String value) {
        assertThat(single("auth_access=" + value)).isNull();
        assertThat(single("a=1; auth_access=" + value + "; b=2")).isNull();
    }

    @Test
    void singleWhenEveryCookieOctetThenAccepted() {
        StringBuilder all = new StringBuilder();
        for (char c = 0x21; c <= 0x7E; c++) {
            if (c != '"' && c != ',' && c != ';' && c != '\\') {
                all.append(c);
            }
        }
        assertThat(single("auth_access=" + all)).isEqualTo(all.toString());
    }

    @Test
    void singleWhenGarbageAroundThenOurCookieStillRead() {
        assertThat(single("\"; ===; ;;; a; =x; \u00e9=\u00e9; auth_access=tok; b=\"unterminated")).isEqualTo("tok");
        assertThat(single(";;;auth_access=tok;;;")).isEqualTo("tok");
        assertThat(single("=auth_access; auth_access=tok")).isEqualTo("tok");
        assertThat(single("a=\"x;auth_access=tok;\"")).isEqualTo("tok");
    }

    @Test
    void singleWhenSeveralCookieHeadersThenAllAreRead() {
        assertThat(single("a=1", "auth_access=tok", "b=2")).isEqualTo("tok");
        assertThat(single("a=1; b=2", "c=3; auth_access=tok")).isEqualTo("tok");
        assertThat(single("a=1", "b=2")).isNull();
    }

    @Test
    void singleWhen100KilobytesOfGarbagePairsThenOurCookieStillRead() {
        StringBuilder garbage = new StringBuilder();
        for (int i = 0; garbage.length() < 100_000; i++) {
            garbage.append(i % 3 == 0 ? "auth_access_" + i + "=x; " : i % 3 == 1 ? "auth_accesss; " : "x=\"; ");
        }
        assertThat(single(garbage + "auth_access=tok")).isEqualTo("tok");
        assertThat(single("auth_access=tok; " + garbage)).isEqualTo("tok");
        assertThat(single(garbage.toString())).isNull();
        String noSemicolons = "auth_access".repeat(10_000);
        assertThat(single(noSemicolons)).isNull();
    }

    @Test
    void presentWhenSentThenTrueHoweverMalformed() throws Exception {
        probe.ask(req -> Cookies.present(req, NAME));
        assertThat(probe.get()).isEqualTo("false");
        assertThat(probe.get("Cookie: a=1; auth_access_old=2; xauth_access=3")).isEqualTo("false");
        assertThat(probe.get("Cookie: auth_access")).isEqualTo("false");
        assertThat(probe.get("Cookie: auth_access=tok")).isEqualTo("true");
        assertThat(probe.get("Cookie: auth_access=")).isEqualTo("true");
        assertThat(probe.get("Cookie: auth_access=a,b")).isEqualTo("true");
        assertThat(probe.get("Cookie: auth_access=1; auth_access=2")).isEqualTo("true");
        assertThat(probe.get("Cookie: a=1", "Cookie: b=2; auth_access=x")).isEqualTo("true");
    }

    @Test
    void singleOverRealHttpWhenRawCookieHeadersThenSameAsTheParser() throws Exception {
        probe.ask(req -> Cookies.single(req, NAME));
        assertThat(probe.get()).isEqualTo("null");
        assertThat(probe.get("Cookie: a=1; auth_access=tok; b=2")).isEqualTo("tok");
        assertThat(probe.get("Cookie: a=1", "Cookie: auth_access=\"tok\"")).isEqualTo("tok");
        assertThat(probe.get("Cookie: auth_access=1", "Cookie: auth_access=2")).isEqualTo("null");
        assertThat(probe.get("Cookie: xauth_access=1; auth_access=2")).isEqualTo("2");
        assertThat(probe.get("Cookie: auth_access=a b")).isEqualTo("null");
        assertThat(probe.get("Cookie: auth_access=\u00e9")).isEqualTo("null");
        assertThat(probe.get("Cookie: $Version=1; auth_access=tok; $Path=/")).isEqualTo("tok");
        assertThat(probe.get("Cookie: \"; ===; a; auth_access=tok; b=\"unterminated")).isEqualTo("tok");
    }
}
