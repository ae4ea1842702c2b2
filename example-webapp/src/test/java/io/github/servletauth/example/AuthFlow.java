package io.github.servletauth.example;

import java.net.URI;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole life of an account over HTTP against a deployed example WAR: register, log in, call the
 * protected {@code /api/whoami}, refresh, log out, and see every token of the session refused afterwards.
 */
final class AuthFlow {

    /** What the flow used, for checks after it (nothing here may appear in a log). */
    record Outcome(long userId, String username, String password, List<String> tokens) {
    }

    private AuthFlow() {
    }

    static String newUsername() {
        byte[] bytes = new byte[5];
        new SecureRandom().nextBytes(bytes);
        return "user_" + HexFormat.of().formatHex(bytes);
    }

    static Outcome run(URI base) throws Exception {
        Api api = new Api(base);
        String username = newUsername();
        String password = "correct horse battery staple " + username.substring(5);

        HttpResponse<String> page = api.get("", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("servlet-auth example").contains("app.js");
        assertThat(api.get("app.js", null).statusCode()).isEqualTo(200);

        HttpResponse<String> registered = api.post("auth/register", Map.of("username", username, "password", password), null);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        Map<String, Object> account = Api.json(registered);
        long userId = ((Number) account.get("user_id")).longValue();
        assertThat(userId).isPositive();
        assertThat(account).containsEntry("username", username).containsEntry("token_type", "Bearer");

        HttpResponse<String> login = api.post("auth/login", Map.of("username", username, "password", password), null);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String access = (String) Api.json(login).get("token");
        String refresh = (String) Api.json(login).get("refresh_token");

        HttpResponse<String> whoami = api.get("api/whoami", access);
        assertThat(whoami.statusCode()).as(whoami.body()).isEqualTo(200);
        assertThat(whoami.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type.replace(" ", "")).isEqualToIgnoringCase("application/json;charset=utf-8"));
        assertThat(Api.json(whoami)).containsEntry("user_id", userId).containsEntry("username", username)
                .containsEntry("roles", List.of("user"));

        HttpResponse<String> anonymous = api.get("api/whoami", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Bearer").contains("realm=\"example\""));

        HttpResponse<String> validated = api.post("auth/validate", Map.of(), access);
        assertThat(validated.statusCode()).as(validated.body()).isEqualTo(200);
        assertThat(Api.json(validated)).containsEntry("valid", true).containsEntry("user_id", userId);

        HttpResponse<String> refreshed = api.post("auth/refresh", Map.of("refresh_token", refresh), null);
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        String access2 = (String) Api.json(refreshed).get("token");
        String refresh2 = (String) Api.json(refreshed).get("refresh_token");
        assertThat(refresh2).isNotEqualTo(refresh);
        assertThat(api.get("api/whoami", access2).statusCode()).isEqualTo(200);

        HttpResponse<String> logout = api.post("auth/logout", Map.of("refresh_token", refresh2), access2);
        assertThat(logout.statusCode()).as(logout.body()).isEqualTo(204);

        HttpResponse<String> afterLogout = api.get("api/whoami", access2);
        assertThat(afterLogout.statusCode()).isEqualTo(401);
        assertThat(afterLogout.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).contains("error=\"invalid_token\""));
        assertThat(api.post("auth/refresh", Map.of("refresh_token", refresh2), null).statusCode()).isEqualTo(401);

        assertThat(Api.json(api.get("auth/jwks", null))).containsEntry("keys", List.of());
        return new Outcome(userId, username, password, List.of(access, refresh, access2, refresh2));
    }
}
