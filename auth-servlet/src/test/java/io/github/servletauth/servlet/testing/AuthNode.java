package io.github.servletauth.servlet.testing;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.AuthService;
import io.github.servletauth.servlet.AuthApiServlet;
import io.github.servletauth.servlet.JwtFilter;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * One instance of the accounts webapp, as a team would run it behind a load balancer: its own
 * {@link AuthService} (built in code from a full config, so several instances can share a database and a
 * secret), the API under {@code /app/auth/} ({@link AuthApiServlet}), and a {@link JwtFilter} in front of a
 * legacy servlet under {@code /app/api/}, on its own loopback port.
 */
public final class AuthNode implements AutoCloseable {

    public final AuthService auth;
    private final JettyApp app;

    public AuthNode(AuthConfig config) throws Exception {
        auth = AuthService.create(config);
        try {
            app = new JettyApp().context("/app", ctx -> {
                // the documented wiring: the whole API under one servlet
                ctx.addServlet(new ServletHolder(new AuthApiServlet(auth)), "/auth/*");
                ctx.addServlet(ProbeServlet.class, "/api/*");
                ctx.addFilter(new FilterHolder(new JwtFilter(auth.tokenVerifier(), "test", List.of(), false)),
                        "/api/*", EnumSet.of(DispatcherType.REQUEST));
            }).start();
        } catch (Exception | Error e) {
            auth.close();
            throw e;
        }
    }

    /** @return {@code http://127.0.0.1:<port>/app/}: {@code auth/login}, {@code api/me} and so on resolve against it */
    public URI base() {
        return app.uri("/app/");
    }

    public int port() {
        return app.port();
    }

    /** @return the live counters of this instance's connection pool */
    public HikariPoolMXBean pool() {
        return findPool(auth);
    }

    @Override
    public void close() {
        try {
            app.close();
        } finally {
            auth.close();
        }
    }

    /**
     * Finds the HikariCP pool inside a service by walking its fields by type: a test-only look inside, so the
     * leak checks need no monitoring hook in the library and survive renames of its internals.
     */
    public static HikariPoolMXBean findPool(AuthService service) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object> pending = new ArrayDeque<>(List.of(service));
        while (!pending.isEmpty()) {
            Object o = pending.pop();
            if (!seen.add(o)) {
                continue;
            }
            if (o instanceof HikariDataSource ds) {
                return ds.getHikariPoolMXBean();
            }
            for (Class<?> c = o.getClass(); c != null && c.getName().startsWith("io.github.servletauth");
                 c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                        continue;
                    }
                    try {
                        f.setAccessible(true);
                        Object value = f.get(o);
                        if (value != null && (value instanceof HikariDataSource
                                || value.getClass().getName().startsWith("io.github.servletauth"))) {
                            pending.push(value);
                        }
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        // not reachable this way: try the other fields
                    }
                }
            }
        }
        throw new IllegalStateException("no HikariDataSource inside the AuthService");
    }
}
