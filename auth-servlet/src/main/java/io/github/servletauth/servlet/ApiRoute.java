package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthService;
import io.github.servletauth.servlet.internal.ClientAddresses;
import io.github.servletauth.servlet.internal.Endpoint;
import io.github.servletauth.servlet.internal.ErrorResponses;
import io.github.servletauth.servlet.internal.browser.BrowserSessions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The routing table of the API: each endpoint's path under the API's mapping (a {@code /.well-known/} path: under
 * the webapp's root), its methods, how its failures
 * are answered, and its work. {@link AuthApiServlet} serves every row under one mapping; each of the eight
 * endpoint servlets serves one row of the JSON API.
 */
enum ApiRoute {
    REGISTER("/register", "POST", ErrorResponses.API, RegisterServlet::handle),
    LOGIN("/login", "POST", ErrorResponses.API, LoginServlet::handle),
    VALIDATE("/validate", "POST", ErrorResponses.VALIDATE, ValidateServlet::handle),
    REFRESH("/refresh", "POST", ErrorResponses.API, RefreshServlet::handle),
    LOGOUT("/logout", "POST", ErrorResponses.API, LogoutServlet::handle),
    PASSWORD("/password", "POST", ErrorResponses.API, PasswordServlet::handle),
    JWKS("/jwks", "GET", ErrorResponses.API, JwksServlet::handle),
    REVOCATIONS("/revocations", "GET", ErrorResponses.API, RevocationFeedServlet::handle),
    /** The browser's sign-in page ({@code GET}) and its form ({@code POST}): only under {@link AuthApiServlet}. */
    SIGNIN("/signin", "GET, POST", ErrorResponses.API, (api, request, response) -> api.browser().signIn(request, response)),
    RENEW("/renew", "GET", ErrorResponses.API, (api, request, response) -> api.browser().renew(request, response)),
    SIGNOUT("/signout", "POST", ErrorResponses.API, (api, request, response) -> api.browser().signOut(request, response)),
    /**
     * The issuer metadata: not under the API's mapping but at the webapp's root, where {@link AuthApiServlet}
     * serves it through a second, exact mapping (or {@link IssuerMetadataServlet} alone).
     */
    METADATA(IssuerMetadataServlet.PATH, "GET", ErrorResponses.API, IssuerMetadataServlet::handle);

    /**
     * What every handler gets: the service, how to tell the client's address, and the browser sign-in (for the
     * three browser rows; built by {@link AuthApiServlet}).
     */
    record Context(AuthService auth, ClientAddresses clients, BrowserSessions browser) {
        Context(AuthService auth, ClientAddresses clients) {
            this(auth, clients, null);
        }

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
    private final String methods;
    private final ErrorResponses errors;
    private final Handler handler;

    ApiRoute(String path, String methods, ErrorResponses errors, Handler handler) {
        this.path = path;
        this.methods = methods;
        this.errors = errors;
        this.handler = handler;
    }

    /** @return the methods it allows, comma-separated */
    String methods() {
        return methods;
    }

    /** @return this route served with {@code context} */
    Endpoint endpoint(Context context) {
        return new Endpoint(methods, errors, (request, response) -> handler.handle(context, request, response));
    }
}
