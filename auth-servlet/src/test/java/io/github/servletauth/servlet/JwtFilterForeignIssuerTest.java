package io.github.servletauth.servlet;

import io.github.servletauth.servlet.internal.Responses;
import io.github.servletauth.servlet.testing.Http;
import io.github.servletauth.servlet.testing.JettyApp;
import io.github.servletauth.testing.IssuerTokens;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter of a legacy webapp whose users sign in with a Keycloak realm: configured in {@code web.xml} by the
 * realm's issuer URI and the claim mapping, it gives the servlet the Keycloak username and realm roles.
 */
class JwtFilterForeignIssuerTest {
    private static final String CERTS = "/realms/staff/protocol/openid-connect/certs";

    private JettyApp keycloak;
    private JettyApp legacy;
    private KeyPair key;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {legacy, keycloak}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void doFilterWhenKeycloakAccessTokenThenRemoteUserIsPreferredUsernameAndRolesAreRealmRoles() throws Exception {
        String realm = startKeycloak();
        startLegacy(realm);
        String token = IssuerTokens.sign(IssuerTokens.keycloakAccess(realm, "legacy-app", "portal", Instant.now()),
                "RS256", "kc-1", "JWT", key.getPrivate());

        HttpResponse<String> answer = Http.send("GET", legacy.uri("/legacy/report"), "Authorization", "Bearer " + token);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"remote_user\":\"zoe\"", "\"principal\":\"zoe\"", "\"clerk\":true",
                "\"admin\":false", "\"subject\":\"f3a9c1de-5b6e-4c2a-9a47-1f0b8e2d7c35\"", "\"user_id\":-1");
    }

    @Test
    void doFilterWhenKeycloakIdTokenThenInvalidTokenChallenge() throws Exception {
        String realm = startKeycloak();
        startLegacy(realm);
        String idToken = IssuerTokens.sign(IssuerTokens.keycloakId(realm, "legacy-app", Instant.now()), "RS256", "kc-1",
                "JWT", key.getPrivate());

        HttpResponse<String> answer = Http.send("GET", legacy.uri("/legacy/report"), "Authorization", "Bearer " + idToken);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                h -> assertThat(h).contains("error=\"invalid_token\""));
        assertThat(answer.body()).contains("not an access token");
    }

    @Test
    void doFilterWhenForeignTokenWithoutSessionIdInTheAccessCookieThenNoCaller() throws Exception {
        String realm = startKeycloak();
        startLegacy(realm);
        Map<String, Object> claims = IssuerTokens.keycloakAccess(realm, "legacy-app", "portal", Instant.now());
        claims.remove("sid");
        String token = IssuerTokens.sign(claims, "RS256", "kc-1", "JWT", key.getPrivate());

        HttpResponse<String> byHeader = Http.send("GET", legacy.uri("/legacy/report"), "Authorization", "Bearer " + token);
        HttpResponse<String> byCookie = Http.send("GET", legacy.uri("/legacy/report"), "Cookie", "auth_access=" + token);

        assertThat(byHeader.statusCode()).isEqualTo(200);
        assertThat(byCookie.statusCode()).isEqualTo(401);
    }

    /** @return the issuer identifier of a realm served by a second Jetty: metadata and JWK Set */
    private String startKeycloak() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        key = g.generateKeyPair();
        keycloak = new JettyApp();
        int port = keycloak.reservePort();
        String realm = "http://127.0.0.1:" + port + "/realms/staff";
        Map<String, String> documents = Map.of(
                "/realms/staff/.well-known/openid-configuration", "{\"issuer\":\"" + realm + "\",\"jwks_uri\":\""
                        + "http://127.0.0.1:" + port + CERTS + "\",\"response_types_supported\":[\"code\"]}",
                CERTS, IssuerTokens.jwks(IssuerTokens.jwk("kc-1", key.getPublic(), "use", "sig", "alg", "RS256")));
        keycloak.context("/", ctx -> ctx.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                String body = documents.get(req.getRequestURI());
                resp.setStatus(body == null ? 404 : 200);
                resp.setContentType("application/json");
                resp.getOutputStream().write((body == null ? "{}" : body).getBytes(StandardCharsets.UTF_8));
            }
        }), "/*")).start();
        return realm;
    }

    private void startLegacy(String realm) throws Exception {
        legacy = new JettyApp().context("/legacy", ctx -> {
            ctx.addServlet(new ServletHolder(new HttpServlet() {
                @Override
                protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("remote_user", req.getRemoteUser());
                    body.put("principal", req.getUserPrincipal() == null ? null : req.getUserPrincipal().getName());
                    body.put("clerk", req.isUserInRole("clerk"));
                    body.put("admin", req.isUserInRole("admin"));
                    if (req.getAttribute(JwtFilter.TOKEN_ATTRIBUTE) instanceof io.github.servletauth.core.VerifiedToken t) {
                        body.put("subject", t.subject());
                        body.put("user_id", t.userId());
                    }
                    Responses.json(resp, 200, body);
                }
            }), "/*");
            FilterHolder filter = new FilterHolder(JwtFilter.class);
            filter.setInitParameters(Map.of("realm", "legacy", "auth.jwt.issuer-uri", realm,
                    "auth.jwt.algorithm", "RS256", "auth.jwt.audience", "legacy-app",
                    "auth.jwt.username-claim", "preferred_username", "auth.jwt.roles-claim", "realm_access.roles"));
            ctx.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        }).start();
    }
}
