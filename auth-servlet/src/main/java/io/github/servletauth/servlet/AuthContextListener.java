package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.AuthService;
import io.github.servletauth.core.ConfigurationException;
import io.github.servletauth.servlet.internal.ClientAddresses;
import io.github.servletauth.servlet.internal.ServiceLookup;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the webapp's one {@link AuthService} at start-up and closes it at shutdown. The configuration comes
 * from {@link AuthConfig#forWebapp(Map)}: the servlet context init-params named {@code auth.*} win for this
 * webapp; JVM system properties, then environment variables, fill in the keys they leave unset (and none of the
 * key sources once the webapp names one), so that several webapps in one container keep their own settings. The service is stored in the context
 * attribute {@link #SERVICE_ATTRIBUTE}, where the servlets of this package and {@link JwtFilter} find it.
 * A bad configuration fails the webapp's start, with a log line naming the key.
 *
 * <pre>{@code
 * <listener>
 *   <listener-class>io.github.servletauth.servlet.AuthContextListener</listener-class>
 * </listener>
 * <context-param>
 *   <param-name>auth.db.url</param-name>
 *   <param-value>jdbc:postgresql://db.internal/app</param-value>
 * </context-param>
 * <!-- the secret is better given as the environment variable AUTH_JWT_SECRET -->
 * <servlet>
 *   <servlet-name>login</servlet-name>
 *   <servlet-class>io.github.servletauth.servlet.LoginServlet</servlet-class>
 * </servlet>
 * <servlet-mapping>
 *   <servlet-name>login</servlet-name>
 *   <url-pattern>/auth/login</url-pattern>
 * </servlet-mapping>
 * }</pre>
 *
 * <p>The context init-param {@code auth.http.trusted-proxies} (addresses and CIDR ranges of the reverse proxies
 * whose {@code X-Forwarded-For} / {@code Forwarded} headers are believed) is read by {@link LoginServlet} and
 * {@link RegisterServlet}, not by the core, and is therefore not passed on to {@link AuthConfig}; a malformed entry
 * fails the start all the same.
 */
public final class AuthContextListener implements ServletContextListener {

    /** The context attribute holding the {@link AuthService}: {@code io.github.servletauth.core.AuthService}. */
    public static final String SERVICE_ATTRIBUTE = ServiceLookup.ATTRIBUTE;

    private static final Logger LOG = LoggerFactory.getLogger(AuthContextListener.class);

    /** Creates the listener; the service is built in {@link #contextInitialized}. */
    public AuthContextListener() {
    }

    /**
     * @throws ConfigurationException if the configuration is unusable: the webapp does not start
     */
    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        AuthService service;
        try {
            // read again by each servlet that needs it; checked here too so that a typo stops the webapp's start
            new ClientAddresses(context.getInitParameter(ClientAddresses.TRUSTED_PROXIES));
            service = AuthService.create(AuthConfig.forWebapp(authInitParams(context)));
        } catch (ConfigurationException e) {
            LOG.error("servlet-auth cannot start: invalid configuration: {}", e.getMessage());
            throw e;
        }
        context.setAttribute(SERVICE_ATTRIBUTE, service);
        LOG.info("servlet-auth started for context '{}'", context.getContextPath());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Object service = context.getAttribute(SERVICE_ATTRIBUTE);
        context.removeAttribute(SERVICE_ATTRIBUTE);
        if (service instanceof AuthService auth) {
            auth.close();
        }
    }

    private static Map<String, String> authInitParams(ServletContext context) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : Collections.list(context.getInitParameterNames())) {
            if (name.startsWith("auth.") && !name.startsWith("auth.http.")) {
                params.put(name, context.getInitParameter(name));
            }
        }
        return params;
    }
}
