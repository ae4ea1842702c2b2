package io.github.servletauth.servlet.testing;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.AuthService;
import io.github.servletauth.servlet.AuthApiServlet;
import io.github.servletauth.servlet.JwksServlet;
import io.github.servletauth.servlet.LoginServlet;
import io.github.servletauth.servlet.LogoutServlet;
import io.github.servletauth.servlet.PasswordServlet;
import io.github.servletauth.servlet.RefreshServlet;
import io.github.servletauth.servlet.RegisterServlet;
import io.github.servletauth.servlet.RevocationFeedServlet;
import io.github.servletauth.servlet.ValidateServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One AuthService (built in code) and the API under {@code /app/auth/}: the seven endpoint servlets, or the one
 * {@link AuthApiServlet}. Each test gets a fresh one, so login throttling state never leaks between tests.
 */
public final class ApiFixture implements AutoCloseable {

    public static final String PASSWORD = "Tr0ub4dor&3-horse-staple";

    public final byte[] secret = TestKeys.randomBytes();
    public final AuthService auth;
    public final JettyApp app;

    public ApiFixture(AuthConfig.Builder config) throws Exception {
        this(config, false, (ctx, auth) -> { });
    }

    /** @param oneServlet whether {@link AuthApiServlet} serves the API under {@code /auth/*} instead of the seven */
    public ApiFixture(AuthConfig.Builder config, boolean oneServlet) throws Exception {
        this(config, oneServlet, (ctx, auth) -> { });
    }

    /** @param extra more setup of the context (init-params, filters), given the service */
    public ApiFixture(AuthConfig.Builder config, BiConsumer<ServletContextHandler, AuthService> extra)
            throws Exception {
        this(config, false, extra);
    }

    /**
     * @param oneServlet whether {@link AuthApiServlet} serves the API under {@code /auth/*} (with the browser
     *                   endpoints {@code signin}, {@code renew} and {@code signout}) instead of the seven
     * @param extra more setup of the context (init-params, filters), given the service
     */
    public ApiFixture(AuthConfig.Builder config, boolean oneServlet,
                      BiConsumer<ServletContextHandler, AuthService> extra) throws Exception {
        auth = AuthService.create(config.set("auth.jwt.secret", TestKeys.secret(secret)).build());
        app = new JettyApp().context("/app", ctx -> {
            extra.accept(ctx, auth);
            if (oneServlet) {
                ctx.addServlet(new ServletHolder(new AuthApiServlet(auth)), "/auth/*");
                return;
            }
            ctx.addServlet(new ServletHolder(new RegisterServlet(auth)), "/auth/register");
            ctx.addServlet(new ServletHolder(new LoginServlet(auth)), "/auth/login");
            ctx.addServlet(new ServletHolder(new ValidateServlet(auth)), "/auth/validate");
            ctx.addServlet(new ServletHolder(new RefreshServlet(auth)), "/auth/refresh");
            ctx.addServlet(new ServletHolder(new LogoutServlet(auth)), "/auth/logout");
            ctx.addServlet(new ServletHolder(new PasswordServlet(auth)), "/auth/password");
            ctx.addServlet(new ServletHolder(new JwksServlet(auth)), "/auth/jwks");
            ctx.addServlet(new ServletHolder(new RevocationFeedServlet(auth)), "/auth/revocations");
        }).start();
    }

    /** @return a config with its SQLite file in {@code dir} */
    public static AuthConfig.Builder sqlite(Path dir) {
        return AuthConfig.builder().set("auth.data-dir", dir.toString());
    }

    /**
     * A second service that signs with the same secret but other settings: it mints tokens this fixture's
     * service must refuse (expired, wrong issuer or audience).
     */
    public AuthService minter(Path dir, Clock clock, Map<String, String> overrides) {
        AuthConfig.Builder b = sqlite(dir).set("auth.jwt.secret", TestKeys.secret(secret)).clock(clock);
        overrides.forEach(b::set);
        return AuthService.create(b.build());
    }

    public URI uri(String endpoint) {
        return app.uri("/app/auth/" + endpoint);
    }

    public HttpResponse<String> post(String endpoint, Object json, String... headers) throws Exception {
        return Http.postJson(uri(endpoint), json, headers);
    }

    public Map<String, Object> register(String username) throws Exception {
        HttpResponse<String> r = post("register", Map.of("username", username, "password", PASSWORD));
        if (r.statusCode() != 201) {
            throw new AssertionError("register " + username + ": " + r.statusCode() + " " + r.body());
        }
        return Http.json(r);
    }

    public HttpResponse<String> validate(String token) throws Exception {
        return Http.send("POST", uri("validate"), "Authorization", "Bearer " + token);
    }

    @Override
    public void close() {
        try {
            app.close();
        } finally {
            auth.close();
        }
    }
}
