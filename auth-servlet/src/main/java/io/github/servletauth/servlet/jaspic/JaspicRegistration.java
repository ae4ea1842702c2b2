package io.github.servletauth.servlet.jaspic;

import io.github.servletauth.core.AuthService;
import io.github.servletauth.core.ConfigurationException;
import io.github.servletauth.servlet.AuthContextListener;
import io.github.servletauth.servlet.JwtFilter;
import io.github.servletauth.servlet.internal.GateSetup;
import io.github.servletauth.servlet.internal.TokenGate;
import io.github.servletauth.servlet.jaspic.internal.TokenAuthConfigProvider;
import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Lets the container enforce the webapp's own {@code <security-constraint>} rules with our tokens: registers,
 * for this webapp only, a Jakarta Authentication (JASPIC) provider whose module finds the caller exactly as
 * {@link JwtFilter} does (the {@code Authorization: Bearer} header, then the access cookie of a signed-in
 * browser; the same verifiers, CSRF rules and sign-in redirects), and removes it when the webapp stops. The
 * token's username becomes {@code getUserPrincipal()} / {@code getRemoteUser()}, its roles the container's roles
 * ({@code <auth-constraint>}, {@code isUserInRole}, {@code @ServletSecurity}), and {@code getAuthType()} is
 * {@code Bearer} (or {@code FORM} for the cookie).
 *
 * <pre>{@code
 * <listener>
 *   <listener-class>io.github.servletauth.servlet.jaspic.JaspicRegistration</listener-class>
 * </listener>
 * <context-param>
 *   <param-name>auth.jwt.jwks-url</param-name>
 *   <param-value>https://accounts.example.org/auth/jwks</param-value>
 * </context-param>
 * <context-param>
 *   <param-name>auth.http.jaspic.signin-url</param-name>
 *   <param-value>https://accounts.example.org/auth/signin</param-value>
 * </context-param>
 * }</pre>
 *
 * <p>What the container answers: a constrained resource without a token, or with an invalid one, gets 401 with
 * {@code WWW-Authenticate: Bearer realm="..."} ({@code error="invalid_token"} for an invalid one) and a JSON
 * body, or, for a browser asking for a page, a redirect to sign in (or through renewal); a caller without one of
 * the required roles gets the container's 403; a cookie-authenticated unsafe request without the CSRF proof
 * 403. Unconstrained resources pass whatever the request carries, with the caller named when its token is
 * valid. No {@code HttpSession} is created.
 *
 * <p>Context-params (the names of JwtFilter's init-params, prefixed {@value #PREFIX}): {@code realm} (default
 * {@code servlet-auth}), {@code verifier} ({@code auto}: the context's {@link AuthService} when
 * {@link AuthContextListener} is declared before this listener, else a {@link io.github.servletauth.core.JwtVerifier}
 * from the context's {@code auth.*} params; {@code service}; {@code standalone}), {@code cookies} ({@code false}
 * reads only the header), {@code signin-url} and {@code renew-url}. Public paths are the container's business:
 * whatever no constraint covers. A bad value, or an unknown {@value #PREFIX} name, stops the webapp's start.
 *
 * <p>The container must support Jakarta Authentication (JASPIC 1.1 or later) and look providers up when a
 * request arrives: Tomcat 9 ({@code -javax} jar), 10.1 and 11 do. On Tomcat, the webapp also declares its
 * authenticator valve in {@code META-INF/context.xml} with {@code changeSessionIdOnAuthentication="false"}
 * (auth-servlet/README.md has the file): Tomcat registers the caller anew on every request, and would otherwise
 * change the id of the webapp's own {@code HttpSession} each time.
 */
public final class JaspicRegistration implements ServletContextListener {

    /** The prefix of this listener's context-params: {@code auth.http.jaspic.}. */
    public static final String PREFIX = "auth.http.jaspic.";

    /** The message layer of the Servlet Container Profile. */
    static final String LAYER = "HttpServlet";

    static final Set<String> NAMES = Set.of("realm", "verifier", "cookies", "signin-url", "renew-url");
    private static final Logger LOG = LoggerFactory.getLogger(JaspicRegistration.class);

    private TokenGate gate;
    private String registrationId;

    /** Creates the listener; the registration happens in {@link #contextInitialized}. */
    public JaspicRegistration() {
    }

    /**
     * @throws IllegalStateException naming the context-param at fault, or if the container has no Jakarta
     *                               Authentication factory: the webapp does not start
     * @throws ConfigurationException if the {@code auth.*} keys of a standalone verifier are unusable
     */
    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        try {
            gate = new GateSetup(context, params(context), "context-param " + PREFIX)
                    .build(false, "JaspicRegistration");
        } catch (IllegalArgumentException e) {
            LOG.error("JaspicRegistration cannot start: {}", e.getMessage());
            throw new IllegalStateException("JaspicRegistration: " + e.getMessage(), e);
        } catch (ConfigurationException e) {
            LOG.error("JaspicRegistration cannot start: invalid configuration: {}", e.getMessage());
            throw e;
        }
        AuthConfigFactory factory = AuthConfigFactory.getFactory();
        if (factory == null) {
            gate.close();
            throw new IllegalStateException("JaspicRegistration: the container offers no Jakarta Authentication "
                    + "(AuthConfigFactory.getFactory() is null)");
        }
        String appContext = appContext(context);
        registrationId = factory.registerConfigProvider(new TokenAuthConfigProvider(gate), LAYER, appContext,
                "servlet-auth tokens for " + appContext);
        LOG.info("servlet-auth Jakarta Authentication provider registered for '{}'", appContext);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (registrationId != null) {
            AuthConfigFactory factory = AuthConfigFactory.getFactory();
            if (factory != null) {
                factory.removeRegistration(registrationId);
            }
            registrationId = null;
        }
        if (gate != null) {
            gate.close();
            gate = null;
        }
    }

    /**
     * The application context identifier of the Servlet Container Profile, as containers look it up: the
     * virtual server's name, a space, the context path.
     */
    static String appContext(ServletContext context) {
        return context.getVirtualServerName() + " " + context.getContextPath();
    }

    private static Map<String, String> params(ServletContext context) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : Collections.list(context.getInitParameterNames())) {
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            String shortName = name.substring(PREFIX.length());
            if (!NAMES.contains(shortName)) {
                throw new IllegalStateException("JaspicRegistration: unknown context-param " + name + " (known: "
                        + PREFIX + String.join(", " + PREFIX, NAMES.stream().sorted().toList()) + ")");
            }
            params.put(shortName, context.getInitParameter(name));
        }
        return params;
    }
}
