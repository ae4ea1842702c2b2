package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.AuthService;
import io.github.servletauth.servlet.testing.ApiFixture;
import io.github.servletauth.servlet.testing.Forgeries;
import io.github.servletauth.servlet.testing.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every row of the HTTP contract table, over real HTTP against embedded Jetty; subclasses choose the
 * database.
 */
abstract class HttpApiContract {

    @TempDir
    Path dir;

    ApiFixture api;

    /** @return the configuration of the service under test, without a secret */
    abstract AuthConfig.Builder config(Path dir) throws Exception;

    /** @return whether the one {@link AuthApiServlet} serves the API, rather than the seven endpoint servlets */
    boolean oneServlet() {
        return false;
    }

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture(config(dir), oneServlet());
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    @Test
    void registerWhenValidThenCreatedWithTokens() throws Exception {
        HttpResponse<String> r = api.post("register", Map.of("username", "alice", "password", ApiFixture.PASSWORD,
                "email", "alice@example.org"));

        assertThat(r.statusCode()).isEqualTo(201);
        Http.assertJsonUtf8(r);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        Map<String, Object> body = Http.json(r);
        assertThat(body).containsKeys("user_id", "token", "refresh_token", "expires_in")
                .containsEntry("username", "alice").containsEntry("token_type", "Bearer")
                .containsEntry("access_token", body.get("token"));
        assertThat(((BigDecimal) body.get("expires_in")).longValue()).isBetween(1L, 900L);
        assertThat(r.body()).doesNotContain(ApiFixture.PASSWORD);
    }

    @Test
    void registerWhenUsernameTakenThenConflict() throws Exception {
        api.register("bob");

        HttpResponse<String> r = api.post("register", Map.of("username", "BOB", "password", ApiFixture.PASSWORD));

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(Http.json(r)).containsKey("error");
    }

    @Test
    void registerWhenPasswordWeakThenBadRequestNamingFieldWithoutEchoingIt() throws Exception {
        HttpResponse<String> r = api.post("register", Map.of("username", "carol", "password", "short7"));

        assertThat(r.statusCode()).isEqualTo(400);
        Map<String, Object> body = Http.json(r);
        assertThat(body).containsKey("error");
        assertThat(Http.fields(r)).containsKey("password");
        assertThat(r.body()).doesNotContain("short7");
    }

    @Test
    void loginWhenValidThenTokens() throws Exception {
        api.register("dave");

        HttpResponse<String> r = api.post("login", Map.of("username", "dave", "password", ApiFixture.PASSWORD));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(Http.json(r)).containsKeys("token", "refresh_token", "expires_in")
                .containsEntry("token_type", "Bearer").doesNotContainKey("user_id")
                .containsEntry("access_token", Http.json(r).get("token"));
        assertThat(api.validate((String) Http.json(r).get("token")).statusCode()).isEqualTo(200);
    }

    @Test
    void loginWhenFormEncodedThenTokens() throws Exception {
        api.register("erin");

        HttpResponse<String> r = Http.post(api.uri("login"), "application/x-www-form-urlencoded",
                "username=erin&password=" + java.net.URLEncoder.encode(ApiFixture.PASSWORD, "UTF-8"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.json(r)).containsKey("token");
    }

    @Test
    void loginWhenUnknownUserThenSameAnswerAsWrongPassword() throws Exception {
        api.register("frank");

        HttpResponse<String> wrong = api.post("login", Map.of("username", "frank", "password", "not-the-password-1"));
        HttpResponse<String> unknown = api.post("login", Map.of("username", "nobody", "password", "whatever-pass-1"));

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo(unknown.body()).isEqualTo("{\"error\":\"Invalid credentials\"}");
        assertThat(wrong.body()).doesNotContain("not-the-password-1");
    }

    @Test
    void loginWhenRepeatedFailuresThenThrottledWithRetryAfter() throws Exception {
        api.register("grace");
        HttpResponse<String> r = null;
        for (int i = 0; i < 30; i++) {
            r = api.post("login", Map.of("username", "grace", "password", "wrong-password-" + i));
            if (r.statusCode() == 429) {
                break;
            }
            assertThat(r.statusCode()).isEqualTo(401);
        }

        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(Http.json(r)).containsKey("error");
        // even the right password waits for the backoff
        assertThat(api.post("login", Map.of("username", "grace", "password", ApiFixture.PASSWORD)).statusCode())
                .isEqualTo(429);
    }

    @Test
    void registerWhenOneAddressRepeatsATakenNameThenThrottledWithRetryAfter() throws Exception {
        api.register("ivan");
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> r = null;
        for (int i = 0; i < 25 && (r == null || r.statusCode() != 429); i++) {
            r = api.post("register", Map.of("username", "ivan", "password", ApiFixture.PASSWORD));
            statuses.add(r.statusCode());
        }
        // the first registration and 19 refusals of the taken name use up the default 20 of this address
        assertThat(statuses).hasSize(20).startsWith(409).endsWith(429).containsOnly(409, 429);
        assertThat(r.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(Http.json(r)).containsEntry("error", "Too many registrations from this address; try again later");
        assertThat(api.post("register", Map.of("username", "ivana", "password", ApiFixture.PASSWORD)).statusCode())
                .isEqualTo(429);
    }

    @Test
    void validateWhenValidThenClaims() throws Exception {
        Map<String, Object> reg = api.register("heidi");

        HttpResponse<String> r = api.validate((String) reg.get("token"));

        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Object> body = Http.json(r);
        assertThat(body).containsEntry("valid", true).containsEntry("user_id", reg.get("user_id"))
                .containsEntry("username", "heidi").containsEntry("roles", List.of("user"));
        assertThat(((BigDecimal) body.get("expires_at")).longValue())
                .isGreaterThan(System.currentTimeMillis() / 1000);
    }

    @Test
    void validateWhenSchemeInOtherCaseWithExtraSpacesThenAccepted() throws Exception {
        String token = (String) api.register("ivan").get("token");

        HttpResponse<String> r = Http.send("POST", api.uri("validate"), "Authorization", "  bEaReR    " + token + "  ");

        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void validateWhenNoTokenThenBadRequest() throws Exception {
        HttpResponse<String> r = Http.send("POST", api.uri("validate"));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"error\":\"Token missing\"}");
    }

    @Test
    void validateWhenTokenOfAnAccountThatDoesNotExistThenUnauthorizedValidFalse() throws Exception {
        String ghost;
        // signed with this service's secret, issuer and audience, for an account only another database holds
        try (AuthService elsewhere = api.minter(dir.resolve("elsewhere"), Clock.systemUTC(), Map.of())) {
            ghost = elsewhere.register("ghost", ApiFixture.PASSWORD, null).accessToken();
        }
        HttpResponse<String> r = api.validate(ghost);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
        assertThat(Http.json(r)).containsEntry("valid", false).containsKey("error");
    }

    @Test
    void validateWhenTokenForgedThenUnauthorizedWithChallenge() throws Exception {
        String genuine = (String) api.register("judy").get("token");
        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("alg none", Forgeries.algNone(genuine));
        forged.put("other algorithm", Forgeries.otherAlgorithm(genuine, api.secret));
        forged.put("bad signature", Forgeries.badSignature(genuine));
        forged.put("edited claims", Forgeries.editedClaims(genuine));
        forged.put("embedded jwk", Forgeries.embeddedJwk(genuine));
        forged.put("oversized", Forgeries.oversized(genuine, api.secret));
        forged.put("garbage", "not.a.jwt");
        try (AuthService past = api.minter(dir.resolve("past"), Clock.offset(Clock.systemUTC(), Duration.ofDays(-1)), Map.of());
             AuthService otherIssuer = api.minter(dir.resolve("iss"), Clock.systemUTC(), Map.of("auth.jwt.issuer", "evil"));
             AuthService otherAudience = api.minter(dir.resolve("aud"), Clock.systemUTC(), Map.of("auth.jwt.audience", "other-app"))) {
            forged.put("expired", past.register("judy", ApiFixture.PASSWORD, null).accessToken());
            forged.put("wrong issuer", otherIssuer.register("judy", ApiFixture.PASSWORD, null).accessToken());
            forged.put("wrong audience", otherAudience.register("judy", ApiFixture.PASSWORD, null).accessToken());
        }

        forged.forEach((what, token) -> {
            HttpResponse<String> r;
            try {
                r = api.validate(token);
            } catch (Exception e) {
                throw new AssertionError(what, e);
            }
            assertThat(r.statusCode()).as(what).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).as(what).hasValue("Bearer error=\"invalid_token\"");
            assertThat(Http.json(r)).as(what).containsEntry("valid", false).containsKey("error");
            assertThat(r.body()).as(what).doesNotContain(token);
        });
    }

    @Test
    void validateWhenAccountDisabledOrDeletedThenUnauthorized() throws Exception {
        Map<String, Object> disabled = api.register("kate");
        Map<String, Object> deleted = api.register("kim");

        api.auth.setEnabled(((BigDecimal) disabled.get("user_id")).longValue(), false);
        api.auth.deleteAccount(((BigDecimal) deleted.get("user_id")).longValue());

        assertThat(api.validate((String) disabled.get("token")).statusCode()).isEqualTo(401);
        assertThat(api.validate((String) deleted.get("token")).statusCode()).isEqualTo(401);
        assertThat(api.post("login", Map.of("username", "kate", "password", ApiFixture.PASSWORD)).body())
                .isEqualTo("{\"error\":\"Invalid credentials\"}");
    }

    @Test
    void validateWhenSeveralAuthorizationHeadersThenUnauthorized() throws Exception {
        String token = (String) api.register("ken").get("token");

        HttpResponse<String> r = Http.send("POST", api.uri("validate"),
                "Authorization", "Bearer " + token, "Authorization", "Bearer " + token);

        assertThat(r.statusCode()).isEqualTo(401);
    }

    @Test
    void logoutThenTokenAndRefreshTokenRefused() throws Exception {
        Map<String, Object> reg = api.register("leo");
        String token = (String) reg.get("token");

        HttpResponse<String> r = api.post("logout", Map.of("refresh_token", reg.get("refresh_token")),
                "Authorization", "Bearer " + token);

        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(api.validate(token).statusCode()).isEqualTo(401);
        assertThat(api.post("refresh", Map.of("refresh_token", reg.get("refresh_token"))).statusCode()).isEqualTo(401);
    }

    @Test
    void logoutWithoutBodyThenNoContent() throws Exception {
        String token = (String) api.register("lena").get("token");

        HttpResponse<String> r = Http.send("POST", api.uri("logout"), "Authorization", "Bearer " + token);

        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(api.validate(token).statusCode()).isEqualTo(401);
    }

    @Test
    void logoutWhenNoTokenThenUnauthorizedWithChallenge() throws Exception {
        HttpResponse<String> r = Http.send("POST", api.uri("logout"));

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(Http.json(r)).containsKey("error");
    }

    @Test
    void refreshWhenValidThenRotatesAndReuseRevokesFamily() throws Exception {
        String first = (String) api.register("mallory").get("refresh_token");

        HttpResponse<String> r = api.post("refresh", Map.of("refresh_token", first));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        Map<String, Object> rotated = Http.json(r);
        assertThat(rotated).containsKeys("token", "expires_in").containsEntry("token_type", "Bearer");
        assertThat(rotated.get("refresh_token")).isNotEqualTo(first);

        HttpResponse<String> reuse = api.post("refresh", Map.of("refresh_token", first));
        assertThat(reuse.statusCode()).isEqualTo(401);
        assertThat(api.post("refresh", Map.of("refresh_token", rotated.get("refresh_token"))).statusCode())
                .isEqualTo(401);
        assertThat(api.validate((String) rotated.get("token")).statusCode()).isEqualTo(401);
    }

    @Test
    void refreshWhenMissingThenBadRequestNamingField() throws Exception {
        HttpResponse<String> r = api.post("refresh", Map.of());

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Http.fields(r)).containsKey("refresh_token");
    }

    @Test
    void passwordChangeThenEveryEarlierTokenRefused() throws Exception {
        Map<String, Object> reg = api.register("nina");
        String token = (String) reg.get("token");
        String newPassword = "An0ther-long-passphrase!";

        HttpResponse<String> r = api.post("password",
                Map.of("current_password", ApiFixture.PASSWORD, "new_password", newPassword),
                "Authorization", "Bearer " + token);

        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(api.validate(token).statusCode()).isEqualTo(401);
        assertThat(api.post("refresh", Map.of("refresh_token", reg.get("refresh_token"))).statusCode()).isEqualTo(401);
        assertThat(api.post("login", Map.of("username", "nina", "password", newPassword)).statusCode()).isEqualTo(200);
    }

    @Test
    void passwordChangeWhenCurrentWrongThenUnauthorized() throws Exception {
        String token = (String) api.register("oscar").get("token");

        HttpResponse<String> r = api.post("password",
                Map.of("current_password", "wrong-current-pass", "new_password", "An0ther-long-passphrase!"),
                "Authorization", "Bearer " + token);

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).isEqualTo("{\"error\":\"Invalid credentials\"}");
        assertThat(api.validate(token).statusCode()).isEqualTo(200);
    }

    @Test
    void passwordChangeWhenNewPasswordWeakThenBadRequestNamingIt() throws Exception {
        String token = (String) api.register("peggy").get("token");

        HttpResponse<String> r = api.post("password",
                Map.of("current_password", ApiFixture.PASSWORD, "new_password", "short7"),
                "Authorization", "Bearer " + token);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Http.fields(r)).containsKey("new_password");
    }

    @Test
    void jwksWhenHs256ThenEmptyKeySet() throws Exception {
        HttpResponse<String> r = Http.send("GET", api.uri("jwks"));

        assertThat(r.statusCode()).isEqualTo(200);
        Http.assertJsonUtf8(r);
        assertThat(Http.json(r)).containsEntry("keys", List.of());
    }

    @Test
    void revocationsWhenLoggedOutThenListedOnceWithoutPersonalDataAndNeverCached() throws Exception {
        Map<String, Object> reg = api.register("quentin");
        String token = (String) reg.get("token");
        HttpResponse<String> before = Http.send("GET", api.uri("revocations"));
        assertThat(before.statusCode()).isEqualTo(200);
        Http.assertJsonUtf8(before);
        assertThat(before.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(Http.json(before)).containsEntry("revoked", List.of()).containsEntry("more", false);
        String cursor = (String) Http.json(before).get("cursor");

        assertThat(api.post("logout", Map.of(), "Authorization", "Bearer " + token).statusCode()).isEqualTo(204);
        HttpResponse<String> after = Http.send("GET", api.uri("revocations?since=" + cursor));
        HttpResponse<String> again = Http.send("GET", api.uri("revocations?since="
                + Http.json(after).get("cursor")));

        assertThat(after.statusCode()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> revoked = (List<Map<String, Object>>) Http.json(after).get("revoked");
        assertThat(revoked).hasSize(1);
        assertThat(revoked.get(0)).containsOnlyKeys("sid", "until");
        assertThat(after.body()).doesNotContain("quentin").doesNotContain("user");
        assertThat(Http.json(again)).containsEntry("revoked", List.of());
        assertThat(Http.send("HEAD", api.uri("revocations")).statusCode()).isEqualTo(200);
    }

    @Test
    void revocationsWhenSinceMalformedOrRepeatedThenBadRequestNamingItAndOtherMethodsRefused() throws Exception {
        for (String query : List.of("since=not%20a%20cursor", "since=abc", "since=a.1&since=a.2", "since=%41.1")) {
            HttpResponse<String> r = Http.send("GET", api.uri("revocations?" + query));
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(Http.fields(r)).as(query).containsOnlyKeys("since");
        }
        HttpResponse<String> post = Http.postJson(api.uri("revocations"), Map.of());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }
}
