package io.github.servletauth.servlet;

import io.github.servletauth.servlet.testing.ApiFixture;
import io.github.servletauth.servlet.testing.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The "everywhere" rules of the contract: methods, content types, sizes, malformed and mistyped input. */
class RequestHardeningTest {

    @TempDir
    Path dir;

    ApiFixture api;

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture(ApiFixture.sqlite(dir));
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    @Test
    void wrongMethodThenMethodNotAllowedWithAllow() throws Exception {
        for (String endpoint : new String[] {"register", "login", "validate", "refresh", "logout", "password"}) {
            HttpResponse<String> r = Http.send("GET", api.uri(endpoint));
            assertThat(r.statusCode()).as(endpoint).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow")).as(endpoint).hasValue("POST");
            Http.assertJsonUtf8(r);
            assertThat(Http.json(r)).as(endpoint).containsKey("error");
        }
        HttpResponse<String> jwks = Http.send("DELETE", api.uri("jwks"));
        assertThat(jwks.statusCode()).isEqualTo(405);
        assertThat(jwks.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void headOnJwksThenOkWithoutBody() throws Exception {
        HttpResponse<String> head = Http.send("HEAD", api.uri("jwks"));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    }

    @Test
    void unsupportedContentTypeThen415() throws Exception {
        HttpResponse<String> text = Http.post(api.uri("login"), "text/plain", "username=a&password=b");
        HttpResponse<String> latin1 = Http.post(api.uri("login"), "application/json; charset=ISO-8859-1", "{}");
        HttpResponse<String> none = Http.post(api.uri("login"), null, "{}");

        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(latin1.statusCode()).isEqualTo(415);
        assertThat(none.statusCode()).isEqualTo(415);
        assertThat(Http.json(text)).containsKey("error");
    }

    @Test
    void bodyOverLimitByContentLengthThenRefusedUnread() throws Exception {
        // 10 MB announced, nothing sent: the answer cannot have waited for the body
        String response = Http.raw(api.app.port(), "POST /app/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: 10000000\r\n\r\n", new byte[0]);

        assertThat(response).startsWith("HTTP/1.1 413");
    }

    @Test
    void bodyOverLimitChunkedThenRefused() throws Exception {
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        Arrays.fill(chunk, (byte) ' ');
        for (int i = 0; i < 8; i++) {
            chunks.write(("1000\r\n").getBytes(StandardCharsets.US_ASCII));
            chunks.write(chunk);
            chunks.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunks.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        String response = Http.raw(api.app.port(), "POST /app/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", chunks.toByteArray());

        assertThat(response).startsWith("HTTP/1.1 413");
        assertThat(response).contains("\"error\"");
    }

    @Test
    void malformedJsonThenBadRequest() throws Exception {
        for (String body : new String[] {"{\"username\":", "{\"username\":\"a\"} trailing", "[1,2]", "{'a':1}",
                "{\"username\":\"a\",\"username\":\"b\",\"password\":\"x\"}", "{\"a\":\"\\ud800\"}"}) {
            HttpResponse<String> r = Http.post(api.uri("login"), "application/json", body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(Http.json(r)).as(body).containsKey("error");
        }
    }

    @Test
    void wrongTypesThenBadRequestNamingField() throws Exception {
        HttpResponse<String> number = Http.post(api.uri("login"), "application/json",
                "{\"username\":42,\"password\":\"secret-value-1\"}");
        HttpResponse<String> array = Http.post(api.uri("register"), "application/json",
                "{\"username\":[\"a\"],\"password\":null}");

        assertThat(number.statusCode()).isEqualTo(400);
        assertThat(Http.fields(number)).containsOnlyKeys("username");
        assertThat(number.body()).doesNotContain("secret-value-1");
        assertThat(array.statusCode()).isEqualTo(400);
        assertThat(Http.fields(array)).containsOnlyKeys("username", "password");
    }

    @Test
    void missingFieldsThenBadRequestNamingEach() throws Exception {
        HttpResponse<String> r = Http.post(api.uri("register"), "application/json", "{}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Http.fields(r)).containsOnlyKeys("username", "password");
    }

    @Test
    void formWithDuplicateFieldThenBadRequest() throws Exception {
        HttpResponse<String> r = Http.post(api.uri("login"), "application/x-www-form-urlencoded",
                "username=a&username=b&password=c");

        assertThat(r.statusCode()).isEqualTo(400);
    }

    @Test
    void formWhenPercentEscapesAreNotUtf8ThenBadRequestNamingFieldAndNoAccount() throws Exception {
        String[] invalid = {"%FF", "%C3", "%C3x", "%C0%AF", "%E0%80%AF", "%ED%A0%80", "%F4%90%80%80", "%80",
                "%F8%88%80%80%80"};
        for (String escape : invalid) {
            HttpResponse<String> r = Http.post(api.uri("register"), "application/x-www-form-urlencoded",
                    "username=zoe&password=Tr0ub4dor-horse" + escape);

            assertThat(r.statusCode()).as(escape).isEqualTo(400);
            assertThat(Http.fields(r)).as(escape).containsOnlyKeys("password");
        }
        assertThat(api.auth.findAccount("zoe")).isEmpty();
    }

    @Test
    void formWhenPercentEscapeMalformedThenBadRequestNamingField() throws Exception {
        for (String escape : new String[] {"%G1", "%4", "%", "%%41", "%-1"}) {
            HttpResponse<String> r = Http.post(api.uri("login"), "application/x-www-form-urlencoded",
                    "username=zoe" + escape + "&password=whatever-it-is");

            assertThat(r.statusCode()).as(escape).isEqualTo(400);
            assertThat(Http.fields(r)).as(escape).containsOnlyKeys("username");
        }
    }

    @Test
    void formWhenFieldNameOrUnreadFieldNotUtf8ThenBadRequest() throws Exception {
        HttpResponse<String> name = Http.post(api.uri("login"), "application/x-www-form-urlencoded",
                "user%FFname=zoe&password=whatever-it-is");
        HttpResponse<String> unread = Http.post(api.uri("login"), "application/x-www-form-urlencoded",
                "username=zoe&password=whatever-it-is&remember=%FF");

        assertThat(name.statusCode()).isEqualTo(400);
        assertThat(Http.json(name)).containsKey("error");
        assertThat(unread.statusCode()).isEqualTo(400);
        assertThat(Http.json(unread)).containsKey("error");
    }

    @Test
    void formWhenEscapesAreUtf8ThenDecodedExactly() throws Exception {
        HttpResponse<String> r = Http.post(api.uri("register"), "application/x-www-form-urlencoded",
                "username=J%C3%B6rg&password=p%C3%A4ss+phrase%F0%9F%98%80%2B%25&email=j%C3%B6rg%40example.org");

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(api.auth.findAccount("jörg")).hasValueSatisfying(a ->
                assertThat(a.email()).isEqualTo("jörg@example.org"));
        assertThat(api.post("login", Map.of("username", "Jörg", "password", "päss phrase\ud83d\ude00+%"))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void bodyCutShortByClientThenBadRequestAndNoStackTraceLogged() throws Exception {
        byte[] request = ("POST /app/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"username\":")
                .getBytes(StandardCharsets.US_ASCII);
        Http.RawResponse r;
        List<String> logProblems;
        try (LogCapture log = new LogCapture()) {
            // sends less than announced, then closes its side: the read ends early
            r = Http.exchange(api.app.port(), request);
            logProblems = log.problems();
        }

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("\"error\"");
        assertThat(logProblems).isEmpty();
    }

    @Test
    void malformedAuthorizationThenUnauthorized() throws Exception {
        for (String header : new String[] {"Bearer", "Bearer a b", "Bearer a\"b", "Bearer " + "a".repeat(5000)}) {
            HttpResponse<String> r = Http.send("POST", api.uri("validate"), "Authorization", header);
            assertThat(r.statusCode()).as(header).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
        }
    }

    @Test
    void otherSchemeThenTokenMissing() throws Exception {
        HttpResponse<String> r = Http.send("POST", api.uri("validate"), "Authorization", "Basic YTpi");

        assertThat(r.statusCode()).isEqualTo(400);
    }
}
