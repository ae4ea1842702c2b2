package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthService;
import io.github.servletauth.core.InvalidTokenException;
import io.github.servletauth.servlet.testing.ApiFixture;
import io.github.servletauth.servlet.testing.Forgeries;
import io.github.servletauth.servlet.testing.Http;
import io.github.servletauth.servlet.testing.JettyApp;
import io.github.servletauth.servlet.testing.ProbeServlet;
import io.github.servletauth.servlet.testing.TestKeys;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The filter inside the webapp that hosts the accounts, wired as web.xml would: the listener builds the
 * service from context init-params, the servlets and the filter find it in the context.
 */
class JwtFilterTest {

    @TempDir
    Path dir;

    JettyApp app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    private void startHost(Map<String, String> filterParams) throws Exception {
        String secret = TestKeys.secret(TestKeys.randomBytes());
        app = new JettyApp().context("/app", ctx -> {
            ctx.setInitParameter("auth.data-dir", dir.toString());
            ctx.setInitParameter("auth.jwt.secret", secret);
            ctx.addEventListener(new AuthContextListener());
            ctx.addServlet(RegisterServlet.class, "/auth/register");
            ctx.addServlet(LogoutServlet.class, "/auth/logout");
            ctx.addServlet(ProbeServlet.class, "/api/*");
            ctx.addServlet(ProbeServlet.class, "/health");
            FilterHolder filter = new FilterHolder(JwtFilter.class);
            filter.setInitParameters(filterParams);
            ctx.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        }).start();
    }

    private Map<String, Object> register(String username) throws Exception {
        HttpResponse<String> r = Http.postJson(app.uri("/app/auth/register"),
                Map.of("username", username, "password", ApiFixture.PASSWORD));
        assertThat(r.statusCode()).isEqualTo(201);
        return Http.json(r);
    }

    private static final Map<String, String> PROTECTED = Map.of("realm", "test", "public-paths", "/auth/*,/health");

    @Test
    void doFilterWhenValidTokenThenServletSeesPrincipalAndRoles() throws Exception {
        startHost(PROTECTED);
        Map<String, Object> reg = register("alice");

        HttpResponse<String> r = Http.send("GET", app.uri("/app/api/orders"), "Authorization", "Bearer " + reg.get("token"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.json(r)).containsEntry("remote_user", "alice").containsEntry("principal", "alice")
                .containsEntry("auth_type", "Bearer").containsEntry("user", true).containsEntry("admin", false)
                .containsEntry("token_user_id", reg.get("user_id"));
    }

    @Test
    void doFilterWhenNoTokenOnProtectedPathThenChallengeWithRealm() throws Exception {
        startHost(PROTECTED);

        HttpResponse<String> r = Http.send("GET", app.uri("/app/api/orders"));

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"test\"");
        Http.assertJsonUtf8(r);
        assertThat(Http.json(r)).containsKey("error");
    }

    @Test
    void doFilterWhenInvalidTokenThenInvalidTokenChallenge() throws Exception {
        startHost(PROTECTED);
        String token = (String) register("bob").get("token");

        HttpResponse<String> r = Http.send("GET", app.uri("/app/api/orders"),
                "Authorization", "Bearer " + Forgeries.editedClaims(token));

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"test\", error=\"invalid_token\"");
        assertThat(Http.json(r)).containsKey("error");
    }

    @Test
    void doFilterWhenLoggedOutThenTokenRefusedAtOnce() throws Exception {
        startHost(PROTECTED);
        String token = (String) register("carol").get("token");
        assertThat(Http.send("POST", app.uri("/app/auth/logout"), "Authorization", "Bearer " + token).statusCode())
                .isEqualTo(204);

        HttpResponse<String> r = Http.send("GET", app.uri("/app/api/orders"), "Authorization", "Bearer " + token);

        assertThat(r.statusCode()).isEqualTo(401);
    }

    @Test
    void doFilterWhenPublicPathThenPassesWithoutTokenAndIgnoresBadOne() throws Exception {
        startHost(PROTECTED);

        HttpResponse<String> none = Http.send("GET", app.uri("/app/health"));
        HttpResponse<String> bad = Http.send("GET", app.uri("/app/health"), "Authorization", "Bearer not.a.jwt");
        HttpResponse<String> lookalike = Http.send("GET", app.uri("/app/healthz"));

        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(Http.json(none)).containsEntry("remote_user", null);
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(lookalike.statusCode()).isEqualTo(401);
    }

    @Test
    void doFilterWhenAnonymousThenNoTokenPassesButBadTokenRefused() throws Exception {
        startHost(Map.of("realm", "test", "anonymous", "true"));

        HttpResponse<String> none = Http.send("GET", app.uri("/app/api/orders"));
        HttpResponse<String> bad = Http.send("GET", app.uri("/app/api/orders"), "Authorization", "Bearer not.a.jwt");

        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(Http.json(none)).containsEntry("remote_user", null).containsEntry("user", false);
        assertThat(bad.statusCode()).isEqualTo(401);
    }

    @Test
    void doFilterWhenBuiltInCodeThenUsesGivenVerifier() throws Exception {
        try (AuthService auth = AuthService.create(ApiFixture.sqlite(dir)
                .set("auth.jwt.secret", TestKeys.secret(TestKeys.randomBytes())).build())) {
            String token = auth.register("dave", ApiFixture.PASSWORD, null).accessToken();
            app = new JettyApp().context("/", ctx -> {
                ctx.addServlet(ProbeServlet.class, "/*");
                ctx.addFilter(new FilterHolder(new JwtFilter(auth.tokenVerifier(), "code", List.of("/open/*"), false)),
                        "/*", EnumSet.of(DispatcherType.REQUEST));
            }).start();

            assertThat(Http.json(Http.send("GET", app.uri("/x"), "Authorization", "bearer " + token)))
                    .containsEntry("principal", "dave");
            assertThat(Http.send("GET", app.uri("/open/x")).statusCode()).isEqualTo(200);
            assertThat(Http.send("GET", app.uri("/x")).headers().firstValue("WWW-Authenticate"))
                    .hasValue("Bearer realm=\"code\"");
        }
    }

    @Test
    void doFilterWhenVerifierFailsUnexpectedlyThenBare500() throws Exception {
        app = new JettyApp().context("/", ctx -> {
            ctx.addServlet(ProbeServlet.class, "/*");
            ctx.addFilter(new FilterHolder(new JwtFilter(t -> {
                throw new IllegalStateException("library detail");
            }, "code", List.of(), false)), "/*", EnumSet.of(DispatcherType.REQUEST));
        }).start();

        HttpResponse<String> r = Http.send("GET", app.uri("/x"), "Authorization", "Bearer a.b.c");

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("{\"error\":\"Internal error\"}");
    }

    @Test
    void doFilterWhenVerifierRefusesThenReasonNotEchoingToken() throws Exception {
        app = new JettyApp().context("/", ctx -> {
            ctx.addServlet(ProbeServlet.class, "/*");
            ctx.addFilter(new FilterHolder(new JwtFilter(t -> {
                throw new InvalidTokenException(InvalidTokenException.Reason.EXPIRED);
            }, "code", List.of(), false)), "/*", EnumSet.of(DispatcherType.REQUEST));
        }).start();

        HttpResponse<String> r = Http.send("GET", app.uri("/x"), "Authorization", "Bearer abc.def.ghi");

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).doesNotContain("abc.def.ghi").contains("expired");
    }

    /** Outside RFC 6750's b64token (and so outside compact JWS): refused whoever checks the characters. */
    static final List<String> NOT_B64TOKEN = List.of("abc~def,ghi", "a\"b.c.d", "a.b.c=x", "a;b.c.d", "a.b.c d",
            "=abc", "a.b.c\\");

    @Test
    void doFilterWhenCustomVerifierThenFilterChecksTokenSyntaxBeforeCallingIt() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        app = new JettyApp().context("/", ctx -> {
            ctx.addServlet(ProbeServlet.class, "/*");
            ctx.addFilter(new FilterHolder(new JwtFilter(t -> {
                calls.incrementAndGet();
                throw new InvalidTokenException(InvalidTokenException.Reason.BAD_SIGNATURE);
            }, "code", List.of(), false)), "/*", EnumSet.of(DispatcherType.REQUEST));
        }).start();

        for (String token : NOT_B64TOKEN) {
            HttpResponse<String> r = Http.send("GET", app.uri("/x"), "Authorization", "Bearer " + token);
            assertThat(r.statusCode()).as(token).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).as(token)
                    .hasValue("Bearer realm=\"code\", error=\"invalid_token\"");
            assertThat(r.body()).as(token).contains("malformed");
        }
        assertThat(calls).hasValue(0);

        // b64token allows "~+/" and trailing "=": those reach the verifier, which decides
        Http.send("GET", app.uri("/x"), "Authorization", "Bearer a~b+c/d==");
        assertThat(calls).hasValue(1);
    }

    @Test
    void doFilterWhenServiceVerifierChecksSyntaxThenMalformedTokensStillRefused() throws Exception {
        startHost(PROTECTED);
        String token = (String) register("erin").get("token");
        assertThat(Http.send("GET", app.uri("/app/api/orders"), "Authorization", "Bearer " + token).statusCode())
                .isEqualTo(200);

        List<String> bad = new ArrayList<>(NOT_B64TOKEN);
        bad.addAll(List.of(token + "=", token + "~", token.replace('.', '+'), token + ".", token + "/x",
                token.substring(0, token.length() - 1) + ",", "a~b+c/d=="));
        for (String t : bad) {
            HttpResponse<String> r = Http.send("GET", app.uri("/app/api/orders"), "Authorization", "Bearer " + t);
            assertThat(r.statusCode()).as(t).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).as(t)
                    .hasValue("Bearer realm=\"test\", error=\"invalid_token\"");
            assertThat(r.body()).as(t).contains("malformed").doesNotContain(token);
        }
        assertThat(Http.send("GET", app.uri("/app/api/orders"), "Authorization", "Bearer " + token).statusCode())
                .isEqualTo(200);
    }

    @Test
    void servletInitWhenNoListenerThenFailsNamingIt() throws Exception {
        ServletHolder[] holder = new ServletHolder[1];
        app = new JettyApp().context("/", ctx -> holder[0] = ctx.addServlet(LoginServlet.class, "/login")).start();

        assertThatThrownBy(() -> holder[0].getServlet())
                .hasStackTraceContaining("AuthContextListener");
    }


}
