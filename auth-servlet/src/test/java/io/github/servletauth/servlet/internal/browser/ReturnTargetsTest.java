package io.github.servletauth.servlet.internal.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ReturnTargetsTest {

    private static final String FALLBACK = "/home";

    @RegisterExtension
    static final RequestProbe probe = new RequestProbe();

    @ParameterizedTest
    @ValueSource(strings = {
        "/",
        "/app/page?x=1&y=%2F",
        "/a/b#frag",
        "/app/report;jsessionid=x?q=a+b",
        "/search?q=%C3%A9t%C3%A9",        // UTF-8, percent-encoded as browsers send it
        "/search?q=100%25",               // an encoded %: decodes to a literal % that stays literal
        "/search?q=%2525",                // a user searching for "%25"
        "/x%20y",                         // an encoded space is an ordinary path character
        "/app/",
        "/app//double/slash/later",
        "/~user/?a=b&c=d",
    })
    void safeWhenSameHostPathThenKept(String target) {
        assertThat(ReturnTargets.safe(target, FALLBACK)).isEqualTo(target);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "https://evil.example",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil",
        "\\/evil",
        "javascript:alert(1)",
        "/%2F/evil",
        "/%2f/evil",
        "/%5Cevil",
        "/a/%5c/b",
        "%2F%2Fevil",
        "/%252F%252Fevil",               // double-encoded
        "/%25252F%25252Fevil",           // triple-encoded
        "/%2525252F%2525252Fevil",       // four times: not stable after three decodings
        "/\tevil",
        "/%09/evil",
        "/%0d%0aSet-Cookie:x",
        "/%00",
        "/%7F",
        "/%2",                           // malformed escapes
        "/%zz",
        "/a%",
        "/%%32%46/evil",
        "http:/evil",
        " /x",
        "/x y",
        "/x\n",
        "/\u00e9",
        "/\u2215\u2215evil",             // division slashes, raw non-ASCII
        "evil.example/path",
        "?return=/x",
        "#/x",
    })
    void safeWhenNotASameHostPathThenFallback(String target) {
        assertThat(ReturnTargets.safe(target, FALLBACK)).isEqualTo(FALLBACK);
    }

    @Test
    void safeWhenAtMaxLengthThenKeptAndOneOverThenFallback() {
        String atLimit = "/" + "a".repeat(ReturnTargets.MAX_LENGTH - 1);
        assertThat(ReturnTargets.safe(atLimit, FALLBACK)).isEqualTo(atLimit);
        assertThat(ReturnTargets.safe(atLimit + "a", FALLBACK)).isEqualTo(FALLBACK);
    }

    @Test
    void safeWhenFallbackIsNullThenNullForUnsafe() {
        assertThat(ReturnTargets.safe("//evil", null)).isNull();
    }

    @Test
    void withReturnWhenBaseHasNoQueryThenQuestionMark() {
        assertThat(ReturnTargets.withReturn("/accounts/auth/signin", "/app/page?x=1&y=%2F"))
                .isEqualTo("/accounts/auth/signin?return=%2Fapp%2Fpage%3Fx%3D1%26y%3D%252F");
    }

    @Test
    void withReturnWhenBaseHasQueryThenAmpersand() {
        assertThat(ReturnTargets.withReturn("https://accounts.example.org/auth/signin?lang=en", "/a b"))
                .isEqualTo("https://accounts.example.org/auth/signin?lang=en&return=%2Fa%20b");
        assertThat(ReturnTargets.withReturn("/signin?", "/a")).isEqualTo("/signin?return=%2Fa");
        assertThat(ReturnTargets.withReturn("/signin?lang=en&", "/a")).isEqualTo("/signin?lang=en&return=%2Fa");
    }

    @Test
    void withReturnWhenBaseHasFragmentThenParameterGoesBeforeIt() {
        assertThat(ReturnTargets.withReturn("/signin#form", "/a")).isEqualTo("/signin?return=%2Fa#form");
        assertThat(ReturnTargets.withReturn("/signin?x=1#form", "/a")).isEqualTo("/signin?x=1&return=%2Fa#form");
    }

    @Test
    void withReturnWhenNonAsciiThenUtf8PercentEncoded() {
        assertThat(ReturnTargets.withReturn("/signin", "/\u00e9t\u00e9~-._")).isEqualTo("/signin?return=%2F%C3%A9t%C3%A9~-._");
    }

    @Test
    void withReturnWhenSentToTheContainerThenItDecodesBackToTheTarget() throws Exception {
        String target = "/app/page?x=1&y=%2F#frag";
        probe.ask(req -> req.getParameter("return"));
        String url = ReturnTargets.withReturn("/app/signin?lang=en", target);
        assertThat(probe.send("GET " + url + " HTTP/1.1", null).body()).isEqualTo(target);
    }

    @Test
    void fromQueryWhenReturnPresentThenItsFirstValueDecodedAsGetParameterWould() {
        assertThat(ReturnTargets.fromQuery("return=%2Fapp%2Fpage%3Fx%3D1%26y%3D%252F"))
                .isEqualTo("/app/page?x=1&y=%2F");
        assertThat(ReturnTargets.fromQuery("lang=en&return=/a+b&return=/second")).isEqualTo("/a b");
        assertThat(ReturnTargets.fromQuery("xreturn=/no&return=/yes")).isEqualTo("/yes");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "return=",
        "return",
        "returns=/x",
        "lang=en",
        "return=/app/%G1",                // malformed escapes: Jetty's getParameter throws on these
        "return=/app/%",
        "return=/app/%4",
        "return=/é",                 // raw non-ASCII, as a container may hand it over
    })
    void fromQueryWhenNoReadableReturnThenNull(String query) {
        assertThat(ReturnTargets.fromQuery(query)).isNull();
    }

    @Test
    void fromQueryWhenSentToTheContainerWithMalformedEscapesThenNoTargetAndNoException() throws Exception {
        probe.ask(req -> String.valueOf(ReturnTargets.safe(ReturnTargets.fromQuery(req.getQueryString()), FALLBACK)));
        assertThat(probe.send("GET /app/signin?return=/app/%G1 HTTP/1.1", null).body()).isEqualTo(FALLBACK);
        assertThat(probe.send("GET /app/signin?x=%&return=%2Fapp%2Fx HTTP/1.1", null).body()).isEqualTo("/app/x");
    }

    @Test
    void ofWhenRequestHasPathAndQueryThenBothAsSentUndecoded() throws Exception {
        probe.ask(req -> ReturnTargets.of(req, FALLBACK));
        assertThat(probe.send("GET /app/report HTTP/1.1", null).body()).isEqualTo("/app/report");
        assertThat(probe.send("GET /app/report?month=11&q=a%26b HTTP/1.1", null).body())
                .isEqualTo("/app/report?month=11&q=a%26b");
        assertThat(probe.send("GET /app/r%C3%A9sum%C3%A9 HTTP/1.1", null).body()).isEqualTo("/app/r%C3%A9sum%C3%A9");
    }

    @Test
    void ofWhenRequestTargetUnsafeThenFallback() throws Exception {
        probe.ask(req -> ReturnTargets.of(req, FALLBACK));
        String longQuery = "q=" + "a".repeat(ReturnTargets.MAX_LENGTH);
        assertThat(probe.send("GET /app/report?" + longQuery + " HTTP/1.1", null).body()).isEqualTo(FALLBACK);
        assertThat(probe.send("GET /app/report?x=%0d%0aSet-Cookie:x HTTP/1.1", null).body()).isEqualTo(FALLBACK);
        assertThat(probe.send("GET /app/report?x=%5c HTTP/1.1", null).body()).isEqualTo(FALLBACK);
    }
}
