package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthService;
import io.github.servletauth.servlet.internal.ClientAddresses;
import io.github.servletauth.servlet.internal.Endpoint;
import io.github.servletauth.servlet.internal.ErrorResponses;
import io.github.servletauth.servlet.internal.HttpError;
import io.github.servletauth.servlet.internal.RequestBody;
import io.github.servletauth.servlet.internal.ServiceLookup;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The whole HTTP API under one mapping: {@code register}, {@code login}, {@code validate}, {@code refresh},
 * {@code logout}, {@code password} and {@code jwks}, each answering exactly as its one-endpoint servlet
 * ({@link RegisterServlet}, {@link LoginServlet}, ...) does. Any other path under the mapping answers 404
 * {@code {"error":"Not found"}}.
 *
 * <pre>{@code
 * <listener>
 *   <listener-class>io.github.servletauth.servlet.AuthContextListener</listener-class>
 * </listener>
 * <servlet>
 *   <servlet-name>auth</servlet-name>
 *   <servlet-class>io.github.servletauth.servlet.AuthApiServlet</servlet-class>
 * </servlet>
 * <servlet-mapping>
 *   <servlet-name>auth</servlet-name>
 *   <url-pattern>/auth/*</url-pattern>
 * </servlet-mapping>
 * }</pre>
 *
 * <p>The init-param (or context init-param) {@code auth.http.trusted-proxies} is read as by {@link LoginServlet}.
 */
public final class AuthApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private transient AuthService auth;
    private transient Map<String, Endpoint> endpoints;

    /** For web.xml: the service is looked up in the context attribute {@link AuthContextListener#SERVICE_ATTRIBUTE}. */
    public AuthApiServlet() {
        this.auth = null;
    }

    /**
     * For code: uses the given service.
     *
     * @param auth the service
     */
    public AuthApiServlet(AuthService auth) {
        this.auth = Objects.requireNonNull(auth, "auth");
    }

    /**
     * @throws ServletException if no service was given and none is in the servlet context
     * @throws io.github.servletauth.core.ConfigurationException if {@code auth.http.trusted-proxies} is malformed
     */
    @Override
    public void init() throws ServletException {
        auth = ServiceLookup.resolve(auth, getServletContext(), getClass().getSimpleName());
        ApiRoute.Context context = new ApiRoute.Context(auth, ClientAddresses.from(getServletConfig()));
        Map<String, Endpoint> byPath = new HashMap<>();
        for (ApiRoute route : ApiRoute.values()) {
            byPath.put(route.path, route.endpoint(context));
        }
        endpoints = Map.copyOf(byPath);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        Endpoint endpoint = path == null ? null : endpoints.get(path);
        if (endpoint != null) {
            endpoint.serve(request, response);
            return;
        }
        RequestBody.drain(request);
        ErrorResponses.API.write(response, HttpError.notFound());
    }
}
