package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthService;
import io.github.servletauth.core.ConfigurationException;
import io.github.servletauth.servlet.testing.JettyApp;
import io.github.servletauth.servlet.testing.TestKeys;
import jakarta.servlet.ServletContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthContextListenerTest {

    @TempDir
    Path dir;

    JettyApp app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    private JettyApp webapp(Map<String, String> initParams, AtomicReference<ServletContext> context) {
        return new JettyApp().context("/app", ctx -> {
            initParams.forEach(ctx::setInitParameter);
            ctx.addEventListener(new AuthContextListener());
            context.set(ctx.getServletContext());
        });
    }

    @Test
    void startWhenConfigurationInvalidThenWebappFailsNamingKey() {
        app = webapp(Map.of("auth.data-dir", dir.toString(), "auth.jwt.access-ttl", "forever"), new AtomicReference<>());

        assertThatThrownBy(app::start).isInstanceOfSatisfying(ConfigurationException.class,
                e -> assertThat(e.key()).isEqualTo("auth.jwt.access-ttl"));
    }

    @Test
    void startWhenUnknownAuthKeyThenWebappFailsNamingIt() {
        app = webapp(Map.of("auth.data-dir", dir.toString(), "auth.jwt.secrte", "x"), new AtomicReference<>());

        assertThatThrownBy(app::start).isInstanceOfSatisfying(ConfigurationException.class,
                e -> assertThat(e.key()).isEqualTo("auth.jwt.secrte"));
    }

    @Test
    void startWhenTrustedProxyEntryMalformedThenWebappFailsNamingKeyAndEntry() {
        app = webapp(Map.of("auth.data-dir", dir.toString(), "auth.http.trusted-proxies", "10.0.0.0/8, proxy.internal"),
                new AtomicReference<>());

        assertThatThrownBy(app::start).isInstanceOfSatisfying(ConfigurationException.class, e -> {
            assertThat(e.key()).isEqualTo("auth.http.trusted-proxies");
            assertThat(e.getMessage()).contains("'proxy.internal'");
        });
    }

    @Test
    void startThenServiceInContextAndStopRemovesIt() throws Exception {
        AtomicReference<ServletContext> context = new AtomicReference<>();
        app = webapp(Map.of("auth.data-dir", dir.toString(), "auth.jwt.secret", TestKeys.secret(TestKeys.randomBytes()),
                "auth.http.trusted-proxies", "10.0.0.1, fd00::/8", "unrelated.param", "x"), context).start();

        Object service = context.get().getAttribute(AuthContextListener.SERVICE_ATTRIBUTE);
        assertThat(service).isInstanceOf(AuthService.class);
        assertThat(AuthContextListener.SERVICE_ATTRIBUTE).isEqualTo("io.github.servletauth.core.AuthService");

        app.close();
        app = null;
        assertThat(context.get().getAttribute(AuthContextListener.SERVICE_ATTRIBUTE)).isNull();
    }
}
