package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthService;
import io.github.servletauth.servlet.internal.ClientAddresses;
import io.github.servletauth.servlet.internal.Endpoint;
import io.github.servletauth.servlet.internal.ErrorResponses;
import io.github.servletauth.servlet.internal.ServiceLookup;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * What every API servlet shares: the {@link AuthService} (given in code, or found in the servlet context
 * where {@link AuthContextListener} put it), the one allowed method, and the mapping of failures to responses.
 * A subclass only parses its request, calls the service and writes the outcome.
 */
abstract class AuthEndpointServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final String method;
    private final transient ErrorResponses errors;
    private transient AuthService auth;
    private transient Endpoint endpoint;
    private transient ClientAddresses clients;

    /**
     * @param method the one HTTP method the endpoint answers
     * @param errors how its failures are answered
     * @param auth the service, or {@code null} to look it up in the servlet context at {@link #init()}
     */
    AuthEndpointServlet(String method, ErrorResponses errors, AuthService auth) {
        this.method = method;
        this.errors = errors;
        this.auth = auth;
    }

    /**
     * @throws ServletException if no service was given and none is in the servlet context
     * @throws io.github.servletauth.core.ConfigurationException if {@code auth.http.trusted-proxies} is malformed
     */
    @Override
    public void init() throws ServletException {
        auth = ServiceLookup.resolve(auth, getServletContext(), getClass().getSimpleName());
        endpoint = new Endpoint(method, errors, this::handle);
        clients = ClientAddresses.from(getServletConfig());
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        endpoint.serve(request, response);
    }

    /** @return the service, once {@link #init()} has run */
    final AuthService auth() {
        return auth;
    }

    /**
     * @return the address throttling counts against: {@code getRemoteAddr()}, or, when the init-param (or context
     *         init-param) {@code auth.http.trusted-proxies} lists the direct peer, the forwarded client address
     */
    final String clientAddress(HttpServletRequest request) {
        return clients.of(request);
    }

    /** Answers one request; anything thrown is mapped to a response by {@link ErrorResponses}. */
    abstract void handle(HttpServletRequest request, HttpServletResponse response) throws Exception;
}
