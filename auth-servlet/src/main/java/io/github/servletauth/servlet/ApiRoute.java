package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthService;
import io.github.servletauth.servlet.internal.ClientAddresses;
import io.github.servletauth.servlet.internal.Endpoint;
import io.github.servletauth.servlet.internal.ErrorResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The routing table of the API: each endpoint's path under the API's mapping, its one method, how its failures
 * are answered, and its work. {@link AuthApiServlet} serves every row under one mapping; each of the seven
 * endpoint servlets serves one row.
 */
enum ApiRoute {
    REGISTER("/register", "POST", ErrorResponses.API, RegisterServlet::handle),
    LOGIN("/login", "POST", ErrorResponses.API, LoginServlet::handle),
    VALIDATE("/validate", "POST", ErrorResponses.VALIDATE, ValidateServlet::handle),
    REFRESH("/refresh", "POST", ErrorResponses.API, RefreshServlet::handle),
    LOGOUT("/logout", "POST", ErrorResponses.API, LogoutServlet::handle),
    PASSWORD("/password", "POST", ErrorResponses.API, PasswordServlet::handle),
    JWKS("/jwks", "GET", ErrorResponses.API, JwksServlet::handle);

    /** What every handler gets: the service and how to tell the client's address. */
    record Context(AuthService auth, ClientAddresses clients) {
        /** @return the address throttling counts against (see {@link ClientAddresses}) */
        String clientAddress(HttpServletRequest request) {
            return clients.of(request);
        }
    }

    /** The work of one endpoint; anything thrown is answered by the route's {@link ErrorResponses}. */
    @FunctionalInterface
    interface Handler {
        void handle(Context context, HttpServletRequest request, HttpServletResponse response) throws Exception;
    }

    final String path;
    private final String method;
    private final ErrorResponses errors;
    private final Handler handler;

    ApiRoute(String path, String method, ErrorResponses errors, Handler handler) {
        this.path = path;
        this.method = method;
        this.errors = errors;
        this.handler = handler;
    }

    /** @return this route served with {@code context} */
    Endpoint endpoint(Context context) {
        return new Endpoint(method, errors, (request, response) -> handler.handle(context, request, response));
    }
}
