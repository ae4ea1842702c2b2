package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthService;
import io.github.servletauth.servlet.internal.ClientAddresses;
import io.github.servletauth.servlet.internal.Endpoint;
import io.github.servletauth.servlet.internal.ServiceLookup;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * What every one-endpoint API servlet shares: the {@link AuthService} (given in code, or found in the servlet
 * context where {@link AuthContextListener} put it) and its row of the routing table ({@link ApiRoute}): the one
 * allowed method, the mapping of failures to responses, and the handler.
 */
abstract class AuthEndpointServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final ApiRoute route;
    private transient AuthService auth;
    private transient Endpoint endpoint;

    /**
     * @param route the endpoint this servlet serves
     * @param auth the service, or {@code null} to look it up in the servlet context at {@link #init()}
     */
    AuthEndpointServlet(ApiRoute route, AuthService auth) {
        this.route = route;
        this.auth = auth;
    }

    /**
     * @throws ServletException if no service was given and none is in the servlet context
     * @throws io.github.servletauth.core.ConfigurationException if {@code auth.http.trusted-proxies} is malformed
     */
    @Override
    public void init() throws ServletException {
        auth = ServiceLookup.resolve(auth, getServletContext(), getClass().getSimpleName());
        endpoint = route.endpoint(new ApiRoute.Context(auth, ClientAddresses.from(getServletConfig())));
    }

    /** @return the service, once {@link #init()} has run */
    AuthService auth() {
        return auth;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        endpoint.serve(request, response);
    }
}
