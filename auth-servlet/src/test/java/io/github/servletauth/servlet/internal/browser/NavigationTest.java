package io.github.servletauth.servlet.internal.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class NavigationTest {

    /** What Chromium sends when following a link. */
    private static final String BROWSER_ACCEPT = "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,"
            + "image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";

    @RegisterExtension
    static final RequestProbe probe = new RequestProbe();

    private static String page(String method, String... headerLines) throws Exception {
        probe.ask(req -> Navigation.isPageRequest(req) + " " + Navigation.wantsJson(req));
        return probe.send(method + " /app/page HTTP/1.1", method.equals("POST") ? "" : null, headerLines).body();
    }

    @Test
    void isPageRequestWhenBrowserNavigatesThenTrue() throws Exception {
        assertThat(page("GET", BROWSER_ACCEPT, "Sec-Fetch-Mode: navigate", "Sec-Fetch-Dest: document"))
                .isEqualTo("true false");
        assertThat(page("HEAD", BROWSER_ACCEPT, "Sec-Fetch-Mode: navigate")).isEmpty(); // HEAD: no body to read
    }

    @Test
    void isPageRequestWhenHeadNavigationThenTrue() throws Exception {
        probe.ask(req -> Navigation.isPageRequest(req));
        RequestProbe.Response head = probe.send("HEAD /app/page HTTP/1.1", null, BROWSER_ACCEPT);
        assertThat(head.headers("Content-Length")).containsExactly("4"); // "true"
    }

    @Test
    void isPageRequestWhenOldBrowserWithoutFetchMetadataThenAcceptDecides() throws Exception {
        assertThat(page("GET", BROWSER_ACCEPT)).isEqualTo("true false");
        assertThat(page("GET", "Accept: text/html")).isEqualTo("true false");
        assertThat(page("GET", "Accept: */*")).isEqualTo("false false");
        assertThat(page("GET")).isEqualTo("false false");
    }

    @Test
    void isPageRequestWhenScriptFetchThenFalseWhateverItAccepts() throws Exception {
        for (String mode : new String[] {"cors", "same-origin", "no-cors", "websocket"}) {
            assertThat(page("GET", BROWSER_ACCEPT, "Sec-Fetch-Mode: " + mode)).isEqualTo("false false");
        }
        assertThat(page("GET", "Accept: application/json", "Sec-Fetch-Mode: cors")).isEqualTo("false true");
    }

    @Test
    void isPageRequestWhenNotGetOrHeadThenFalse() throws Exception {
        assertThat(page("POST", BROWSER_ACCEPT, "Sec-Fetch-Mode: navigate")).isEqualTo("false false");
        assertThat(page("OPTIONS", BROWSER_ACCEPT)).isEqualTo("false false");
    }

    @Test
    void wantsJsonWhenJsonListedWithoutHtmlThenTrue() throws Exception {
        assertThat(page("GET", "Accept: application/json")).isEqualTo("false true");
        assertThat(page("POST", "Accept: application/problem+json, */*;q=0.1")).isEqualTo("false true");
        assertThat(page("GET", "Accept: text/html, application/json")).isEqualTo("true false");
        assertThat(page("GET", "Accept: application/json", "Accept: text/html")).isEqualTo("true false");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        text/html                                               | 1
        TEXT/HTML                                               | 1
        '  text/html ; charset=utf-8 '                          | 1
        text/html;q=0.1                                         | 1
        text/html;q=1                                           | 1
        text/html;q=0                                           | 0
        text/html; q=0.0                                        | 0
        text/html;level=1;Q=0.000                               | 0
        text/html;q=0.001                                       | 1
        text/htmlx                                              | 0
        xtext/html                                              | 0
        text/*                                                  | 0
        */*                                                     | 0
        ''                                                      | 0
        ',,,'                                                   | 0
        application/json                                        | 2
        Application/JSON; charset=utf-8                         | 2
        application/problem+json                                | 2
        application/vnd.api+json;q=0.5                          | 2
        application/json;q=0                                    | 0
        application/+json                                       | 0
        application/jsonx                                       | 0
        text/json                                               | 0
        'application/json, text/html'                           | 3
        'text/html;q=0, application/json'                       | 2
        'text/plain;q="0", text/html'                           | 1
        """)
    void acceptedWhenMediaRangesListedThenFlags(String accept, int flags) {
        assertThat(Navigation.accepted(accept)).isEqualTo(flags);
    }

    @Test
    void acceptedWhenHugeHeaderOfParametersThenStillLinear() {
        String huge = "a/b" + ";x=y".repeat(20_000) + ", text/html";
        assertThat(Navigation.accepted(huge)).isEqualTo(Navigation.HTML);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "OPTIONS", "TRACE"})
    void isUnsafeWhenSafeMethodThenFalse(String method) {
        assertThat(Navigation.isUnsafe(method)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE", "CONNECT", "PROPFIND", "get", "Get", "head", ""})
    void isUnsafeWhenAnyOtherMethodThenTrue(String method) {
        assertThat(Navigation.isUnsafe(method)).isTrue();
    }
}
