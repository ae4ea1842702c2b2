package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.AuthService;
import io.github.servletauth.core.IssuedTokens;
import io.github.servletauth.servlet.testing.ApiFixture;
import io.github.servletauth.servlet.testing.Http;
import io.github.servletauth.servlet.testing.JettyApp;
import io.github.servletauth.servlet.testing.ProbeServlet;
import io.github.servletauth.servlet.testing.TestKeys;
import io.github.servletauth.testing.QueryCountingDriver;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over real HTTP: the filter validates without touching the database, and a login flood against one hashing
 * slot is shed with 503 + {@code Retry-After}, never another error.
 */
class HotPathHttpTest {

    @TempDir
    Path dir;

    AuthService auth;
    JettyApp app;

    @BeforeAll
    static void countQueries() throws Exception {
        QueryCountingDriver.install();
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (auth != null) {
            auth.close();
        }
    }

    private void start(AuthConfig.Builder config) throws Exception {
        auth = AuthService.create(config.set("auth.data-dir", dir.toString())
                .set("auth.jwt.secret", TestKeys.secret(TestKeys.randomBytes()))
                // the revocation poller is the one reader allowed; a long interval keeps it out of the count
                .set("auth.revocation.poll-interval", "PT5M").build());
        app = new JettyApp().context("/app", ctx -> {
            ctx.addServlet(new ServletHolder(new LoginServlet(auth)), "/auth/login");
            ctx.addServlet(new ServletHolder(new ValidateServlet(auth)), "/auth/validate");
            ctx.addServlet(ProbeServlet.class, "/api/*");
            ctx.addFilter(new FilterHolder(new JwtFilter(auth.tokenVerifier(), "test", List.of("/auth/*"), false)),
                    "/*", EnumSet.of(DispatcherType.REQUEST));
        }).start();
    }

    @Test
    void filterAndValidateWhenTokenRepeatedThenAtMostOneAccountLookup() throws Exception {
        // a long poll interval: on a busy machine these 250 requests can outlast the default 5 s, and the
        // revocation poll or the expiry of the remembered account would then count as lookups of their own
        start(AuthConfig.builder().set("auth.revocation.poll-interval", "PT5M"));
        IssuedTokens t = auth.register("alice", ApiFixture.PASSWORD, null);
        String bearer = "Bearer " + t.accessToken();
        long before = QueryCountingDriver.roundTrips();
        long statementsBefore = QueryCountingDriver.statements();

        for (int i = 0; i < 200; i++) {
            HttpResponse<String> api = Http.send("GET", app.uri("/app/api/orders"), "Authorization", bearer);
            assertThat(api.statusCode()).isEqualTo(200);
            assertThat(Http.json(api)).containsEntry("remote_user", "alice");
        }
        assertThat(QueryCountingDriver.roundTrips() - before).as("the filter verifies locally").isZero();
        for (int i = 0; i < 50; i++) {
            assertThat(Http.send("POST", app.uri("/app/auth/validate"), "Authorization", bearer).statusCode())
                    .isEqualTo(200);
        }
        // validate confirms the account once, then remembers it for the revocation poll interval
        // (the pool may also check the connection it hands out, if the requests above took over half a second)
        assertThat(QueryCountingDriver.statements() - statementsBefore).as("validate's one account lookup")
                .isEqualTo(1);
        Http.postJson(app.uri("/app/auth/login"), Map.of("username", "alice", "password", ApiFixture.PASSWORD));
        assertThat(QueryCountingDriver.roundTrips() - before).as("the counter sees this pool").isPositive();
    }

    @Test
    void loginWhenHashSlotsSaturatedThen503WithRetryAfterAndNoOtherError() throws Exception {
        start(AuthConfig.builder().set("auth.password.hash-threads", "1")
                .set("auth.password.hash-queue-timeout", "PT0S"));
        int clients = 6;
        for (int i = 0; i < clients; i++) {
            // one account per client: concurrent logins of one username beyond its free attempts would meet the
            // login throttle (429), which claims every attempt before hashing
            auth.register("bob" + i, ApiFixture.PASSWORD, null);
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<HttpResponse<String>> responses = new ArrayList<>();
        try {
            // rounds until one saturates the single slot (a hash takes ~100 ms: in practice the first round)
            for (int round = 0; round < 20 && responses.stream().noneMatch(r -> r.statusCode() == 503); round++) {
                CyclicBarrier go = new CyclicBarrier(clients);
                List<Future<HttpResponse<String>>> calls = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    String username = "bob" + i;
                    calls.add(pool.submit(() -> {
                        go.await();
                        return Http.postJson(app.uri("/app/auth/login"),
                                Map.of("username", username, "password", ApiFixture.PASSWORD));
                    }));
                }
                for (Future<HttpResponse<String>> f : calls) {
                    responses.add(f.get(60, TimeUnit.SECONDS));
                }
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(200, 503).contains(200, 503);
        HttpResponse<String> busy = responses.stream().filter(r -> r.statusCode() == 503).findFirst().orElseThrow();
        assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(busy.body()).isEqualTo("{\"error\":\"Service temporarily unavailable\"}");
    }
}
