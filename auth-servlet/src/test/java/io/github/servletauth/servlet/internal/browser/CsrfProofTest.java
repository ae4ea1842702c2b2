package io.github.servletauth.servlet.internal.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CsrfProofTest {

    private static final String FORM = "Content-Type: application/x-www-form-urlencoded";

    @RegisterExtension
    static final RequestProbe probe = new RequestProbe();

    @Test
    void forSessionWhenComputedThenBase64urlOfSha256OverTheVersionedSessionId() {
        // computed independently: base64url(sha256(b"servlet-auth csrf v1\n" + sid)), padding stripped
        assertThat(CsrfProof.forSession("sid-123")).isEqualTo("bUmEGH4UJBGrlO-XpXsrS7kxac5wbqy-MeaFDNodF9c");
        assertThat(CsrfProof.forSession("s\u00e9ance")).isEqualTo("VOIktxgXI7Q2LbtoOGXW-rhoswMUQYL3rVc8sYUbJyE");
        assertThat(CsrfProof.forSession("sid-124")).isNotEqualTo(CsrfProof.forSession("sid-123"));
    }

    @Test
    void randomWhenDrawnThen43Base64urlCharactersNeverRepeated() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String proof = CsrfProof.random();
            assertThat(proof).hasSize(43).matches("[A-Za-z0-9_-]+");
            seen.add(proof);
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void matchesWhenEqualThenTrueOtherwiseFalse() {
        String proof = CsrfProof.forSession("sid-123");
        assertThat(CsrfProof.matches(proof, CsrfProof.forSession("sid-123"))).isTrue();
        assertThat(CsrfProof.matches(proof, CsrfProof.forSession("sid-124"))).isFalse();
        assertThat(CsrfProof.matches(proof + "x", proof)).isFalse();
        assertThat(CsrfProof.matches(proof.substring(1), proof)).isFalse();
    }

    @Test
    void matchesWhenEitherNullOrEmptyThenFalse() {
        assertThat(CsrfProof.matches(null, null)).isFalse();
        assertThat(CsrfProof.matches("", "")).isFalse();
        assertThat(CsrfProof.matches(null, "x")).isFalse();
        assertThat(CsrfProof.matches("x", null)).isFalse();
        assertThat(CsrfProof.matches("", "x")).isFalse();
        assertThat(CsrfProof.matches("x", "")).isFalse();
    }

    private static String presented(String requestLine, String body, String... headerLines) throws Exception {
        probe.ask(req -> {
            String proof = CsrfProof.presented(req);
            // the webapp still sees its own form fields after the proof was read
            return proof + " " + req.getParameter("name");
        });
        RequestProbe.Response response = probe.send(requestLine, body, headerLines);
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    @Test
    void presentedWhenNothingSentThenNull() throws Exception {
        assertThat(presented("GET /app/page HTTP/1.1", null)).isEqualTo("null null");
        assertThat(presented("POST /app/page HTTP/1.1", "name=a", FORM)).isEqualTo("null a");
    }

    @Test
    void presentedWhenHeaderSentOnceThenItsValue() throws Exception {
        assertThat(presented("POST /app/page HTTP/1.1", "{}", "X-CSRF-Token: p1", "Content-Type: application/json"))
                .isEqualTo("p1 null");
        assertThat(presented("DELETE /app/page HTTP/1.1", null, "x-csrf-token: p1")).isEqualTo("p1 null");
    }

    @Test
    void presentedWhenHeaderSentTwiceOrEmptyThenNull() throws Exception {
        assertThat(presented("POST /app/page HTTP/1.1", "", "X-CSRF-Token: p1", "X-CSRF-Token: p2"))
                .isEqualTo("null null");
        assertThat(presented("POST /app/page HTTP/1.1", "", "X-CSRF-Token: p1", "X-CSRF-Token: p1"))
                .isEqualTo("null null");
        assertThat(presented("POST /app/page HTTP/1.1", "", "X-CSRF-Token:")).isEqualTo("null null");
    }

    @Test
    void presentedWhenHeaderAndFieldThenHeaderWins() throws Exception {
        assertThat(presented("POST /app/page HTTP/1.1", "_csrf=f1&name=a", FORM, "X-CSRF-Token: h1"))
                .isEqualTo("h1 a");
    }

    @Test
    void presentedWhenFormFieldOnceThenItsValue() throws Exception {
        assertThat(presented("POST /app/page HTTP/1.1", "name=a&_csrf=f1", FORM)).isEqualTo("f1 a");
        assertThat(presented("POST /app/page HTTP/1.1", "_csrf=f%2D1",
                "Content-Type: Application/X-WWW-Form-Urlencoded ; charset=UTF-8")).isEqualTo("f-1 null");
        assertThat(presented("PUT /app/page?other=1 HTTP/1.1", "_csrf=f1", FORM)).isEqualTo("f1 null");
    }

    @Test
    void presentedWhenFormFieldTwiceOrEmptyThenNull() throws Exception {
        assertThat(presented("POST /app/page HTTP/1.1", "_csrf=f1&_csrf=f2", FORM)).isEqualTo("null null");
        assertThat(presented("POST /app/page HTTP/1.1", "_csrf=f1&_csrf=f1", FORM)).isEqualTo("null null");
        assertThat(presented("POST /app/page HTTP/1.1", "_csrf=&name=a", FORM)).isEqualTo("null a");
    }

    @Test
    void presentedWhenFieldInQueryStringThenNeverCounts() throws Exception {
        assertThat(presented("GET /app/page?_csrf=q1 HTTP/1.1", null)).isEqualTo("null null");
        assertThat(presented("POST /app/page?_csrf=q1 HTTP/1.1", "name=a", FORM)).isEqualTo("null a");
        // with the field in the body too, getParameter would merge both: ambiguous
        assertThat(presented("POST /app/page?_csrf=q1 HTTP/1.1", "_csrf=f1", FORM)).isEqualTo("null null");
        assertThat(presented("POST /app/page?%5Fcsrf=q1 HTTP/1.1", "_csrf=f1", FORM)).isEqualTo("null null");
        assertThat(presented("POST /app/page?x=1&%5f%63srf=q1 HTTP/1.1", "name=a", FORM)).isEqualTo("null a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"_csrf=%G1", "_csrf=%FF", "name=%ED%A0%80&_csrf=f1", "_csrf=f1&name=a%"})
    void presentedWhenTheBodyCannotBeParsedAsAFormThenNullAndNoException(String body) throws Exception {
        // Jetty 12 throws BadMessageException from getParameterValues for these
        probe.ask(CsrfProof::presented);
        RequestProbe.Response response = probe.send("POST /app/page HTTP/1.1", body, FORM);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("null");
    }

    @Test
    void presentedWhenFieldInABodyThatIsNotAFormThenNull() throws Exception {
        assertThat(presented("POST /app/page HTTP/1.1", "_csrf=f1", "Content-Type: text/plain")).isEqualTo("null null");
        assertThat(presented("POST /app/page HTTP/1.1", "_csrf=f1")).isEqualTo("null null");
        String multipart = "--b\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nf1\r\n--b--\r\n";
        assertThat(presented("POST /app/page HTTP/1.1", multipart, "Content-Type: multipart/form-data; boundary=b"))
                .startsWith("null");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
        NULL                | false
        ''                  | false
        _csrf=1             | true
        _csrf               | true
        _csrf=              | true
        a=1&_csrf=1         | true
        %5Fcsrf=1           | true
        %5f%63%53RF=1       | false
        %5f%63%73%72%66=1   | true
        +_csrf=1            | false
        _csrf+=1            | false
        x_csrf=1            | false
        _csrfx=1            | false
        a=_csrf             | false
        a=1&b=_csrf=2       | false
        &&&_csrf            | true
        %                   | false
        """)
    void queryNamesWhenDecodedNameEqualsThenTrue(String query, boolean expected) {
        assertThat(CsrfProof.queryNames(query, "_csrf")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} / {1} / Host {2} / domain {3} -> {4}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
        NULL        | NULL                              | example.org          | NULL        | true
        same-origin | NULL                              | example.org          | NULL        | true
        same-site   | NULL                              | example.org          | NULL        | true
        none        | NULL                              | example.org          | NULL        | true
        Same-Origin | NULL                              | example.org          | NULL        | true
        cross-site  | NULL                              | example.org          | NULL        | false
        cross-site  | https://example.org               | example.org          | NULL        | false
        ''          | NULL                              | example.org          | NULL        | false
        whatever    | NULL                              | example.org          | NULL        | false
        NULL        | https://example.org               | example.org          | NULL        | true
        same-origin | https://example.org               | example.org          | NULL        | true
        NULL        | https://EXAMPLE.org               | example.ORG          | NULL        | true
        NULL        | http://example.org                | example.org          | NULL        | true
        NULL        | https://example.org               | example.org:443      | NULL        | true
        NULL        | https://example.org:443           | example.org          | NULL        | true
        NULL        | http://example.org:80             | example.org          | NULL        | true
        NULL        | http://example.org                | example.org:443      | NULL        | true
        NULL        | https://example.org:8443          | example.org:8443     | NULL        | true
        NULL        | https://example.org:08443         | example.org:8443     | NULL        | true
        NULL        | http://127.0.0.1:8080             | 127.0.0.1:8080       | NULL        | true
        NULL        | http://[::1]:8080                 | [::1]:8080           | NULL        | true
        NULL        | http://[::1]                      | [::1]:80             | NULL        | true
        NULL        | https://example.org:8443          | example.org          | NULL        | false
        NULL        | https://example.org               | example.org:8443     | NULL        | false
        NULL        | https://evil.example              | example.org          | NULL        | false
        NULL        | https://example.org.evil.example  | example.org          | NULL        | false
        NULL        | https://sub.example.org           | example.org          | NULL        | false
        NULL        | null                              | example.org          | NULL        | false
        NULL        | null                              | example.org          | example.org | false
        same-origin | null                              | example.org          | NULL        | true
        same-site   | null                              | example.org          | example.org | false
        cross-site  | null                              | example.org          | NULL        | false
        NULL        | ''                                | example.org          | NULL        | false
        NULL        | example.org                       | example.org          | NULL        | false
        NULL        | //example.org                     | example.org          | NULL        | false
        NULL        | https://example.org/              | example.org          | NULL        | false
        NULL        | https://example.org/path          | example.org          | NULL        | false
        NULL        | https://user@example.org          | example.org          | NULL        | false
        NULL        | https://example.org:              | example.org          | NULL        | false
        NULL        | https://example.org:99999         | example.org:99999    | NULL        | false
        NULL        | https://example.org:x             | example.org:x        | NULL        | false
        NULL        | https://[::1                      | [::1                 | NULL        | false
        NULL        | https://[::1]x                    | [::1]x               | NULL        | false
        NULL        | 1https://example.org              | example.org          | NULL        | false
        NULL        | https:// example.org              | ' example.org'       | NULL        | false
        NULL        | https://example.org               | NULL                 | NULL        | false
        NULL        | https://example.org               | ''                   | NULL        | false
        same-site   | https://sub.example.org           | example.org          | NULL        | false
        same-site   | https://sub.example.org           | example.org          | example.org | true
        NULL        | https://example.org               | app.example.org      | example.org | true
        NULL        | https://a.b.example.org:8443      | app.example.org      | example.org | true
        NULL        | https://SUB.Example.ORG           | app.example.org      | example.org | true
        NULL        | https://evilexample.org           | app.example.org      | example.org | false
        NULL        | https://example.org.evil.example  | app.example.org      | example.org | false
        NULL        | https://sub.example.org           | NULL                 | example.org | true
        NULL        | https://sub.example.org           | example.org          | .example.org | true
        cross-site  | https://sub.example.org           | example.org          | example.org | false
        """)
    void fromOwnSiteWhenHeadersGivenThenDecides(String site, String origin, String host, String domain,
                                                boolean expected) {
        assertThat(CsrfProof.fromOwnSite(site, origin, host, domain)).isEqualTo(expected);
    }

    @Test
    void fromOwnSiteOverRealHttpWhenOriginMatchesHostThenTrue() throws Exception {
        probe.ask(req -> CsrfProof.fromOwnSite(req, null));
        assertThat(probe.get("Host: app.example.org", "Origin: https://app.example.org",
                "Sec-Fetch-Site: same-origin")).isEqualTo("true");
        assertThat(probe.get("Host: app.example.org:8080", "Origin: http://app.example.org:8080")).isEqualTo("true");
        assertThat(probe.get("Host: app.example.org")).isEqualTo("true");
    }

    @Test
    void fromOwnSiteOverRealHttpWhenCrossSiteOrOtherOriginThenFalse() throws Exception {
        probe.ask(req -> CsrfProof.fromOwnSite(req, null));
        assertThat(probe.get("Host: app.example.org", "Sec-Fetch-Site: cross-site")).isEqualTo("false");
        assertThat(probe.get("Host: app.example.org", "Origin: https://evil.example")).isEqualTo("false");
        assertThat(probe.get("Host: app.example.org", "Origin: null")).isEqualTo("false");
    }

    @Test
    void fromOwnSiteOverRealHttpWhenAHeaderIsSentTwiceThenFalse() throws Exception {
        probe.ask(req -> CsrfProof.fromOwnSite(req, null));
        assertThat(probe.get("Host: app.example.org", "Origin: https://app.example.org",
                "Origin: https://app.example.org")).isEqualTo("false");
        assertThat(probe.get("Host: app.example.org", "Sec-Fetch-Site: same-origin", "Sec-Fetch-Site: same-origin"))
                .isEqualTo("false");
    }

    @Test
    void fromOwnSiteOverRealHttpWhenSubdomainOfCookieDomainThenTrue() throws Exception {
        probe.ask(req -> CsrfProof.fromOwnSite(req, "example.org"));
        assertThat(probe.get("Host: app.example.org", "Origin: https://accounts.example.org",
                "Sec-Fetch-Site: same-site")).isEqualTo("true");
        assertThat(probe.get("Host: app.example.org", "Origin: https://accounts.example.com")).isEqualTo("false");
    }
}
