package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthService;
import io.github.servletauth.servlet.internal.ClientAddresses;
import io.github.servletauth.servlet.internal.Endpoint;
import io.github.servletauth.servlet.internal.ErrorResponses;
import io.github.servletauth.servlet.internal.HttpError;
import io.github.servletauth.servlet.internal.RequestBody;
import io.github.servletauth.servlet.internal.ServiceLookup;
import io.github.servletauth.servlet.internal.browser.BrowserSessions;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The whole HTTP API under one mapping: {@code register}, {@code login}, {@code validate}, {@code refresh},
 * {@code logout}, {@code password}, {@code jwks} and {@code revocations}, each answering exactly as its
 * one-endpoint servlet ({@link RegisterServlet}, {@link LoginServlet}, ..., {@link RevocationFeedServlet}) does,
 * and the browser sign-in: {@code signin} (the page and its form), {@code renew} and {@code signout}, which sign
 * browsers in with cookies (see {@link JwtFilter}).
 * Any other path under the mapping answers 404 {@code {"error":"Not found"}}.
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
 * <!-- optional: the issuer metadata, when auth.jwt.issuer is this webapp's public URL -->
 * <servlet-mapping>
 *   <servlet-name>auth</servlet-name>
 *   <url-pattern>/.well-known/openid-configuration</url-pattern>
 * </servlet-mapping>
 * }</pre>
 *
 * <p>The second mapping serves the webapp's issuer metadata (see {@link IssuerMetadataServlet}): with
 * {@code auth.jwt.issuer} set to the webapp's public URL, a resource server that knows only that URL finds the
 * JWK Set. It must be that exact pattern; the metadata is never served under the API's own mapping.
 *
 * <p>The init-params (or context init-params): {@code auth.http.trusted-proxies}, read as by {@link LoginServlet};
 * {@code auth.http.signin-page}, the context-relative path of the webapp's own sign-in page (a JSP such as
 * {@code /WEB-INF/signin.jsp}) to which the page is forwarded with the form's parts as request attributes
 * instead of the built-in page.
 */
public final class AuthApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The init-param (or context-param) naming the webapp's own sign-in page: {@code auth.http.signin-page}. */
    public static final String SIGNIN_PAGE = "auth.http.signin-page";

    private transient AuthService auth;
    private static final String WELL_KNOWN = "/.well-known/";

    private transient Map<String, Endpoint> endpoints;
    /** The rows served by an exact mapping at the webapp's root, by servlet path. */
    private transient Map<String, Endpoint> wellKnown;

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
        ClientAddresses clients = ClientAddresses.from(getServletConfig());
        String page = getInitParameter(SIGNIN_PAGE);
        if (page == null) {
            page = getServletContext().getInitParameter(SIGNIN_PAGE);
        }
        if (page != null && (page.isBlank() || !page.startsWith("/"))) {
            throw new ServletException("AuthApiServlet init-param " + SIGNIN_PAGE
                    + ": must be a context-relative path starting with /, such as /WEB-INF/signin.jsp");
        }
        ApiRoute.Context context = new ApiRoute.Context(auth, clients,
                new BrowserSessions(auth, clients::of, page == null ? null : page.trim()));
        Map<String, Endpoint> byPath = new HashMap<>();
        Map<String, Endpoint> atRoot = new HashMap<>();
        for (ApiRoute route : ApiRoute.values()) {
            // a /.well-known/ row answers only through its own exact mapping, never under the API's prefix
            (route.path.startsWith(WELL_KNOWN) ? atRoot : byPath).put(route.path, route.endpoint(context));
        }
        endpoints = Map.copyOf(byPath);
        wellKnown = Map.copyOf(atRoot);
        if (mapped(IssuerMetadataServlet.PATH)) {
            IssuerMetadataServlet.warnIfNotServed(auth, getServletContext());
        }
    }

    /** @return whether this servlet has the mapping (false where the container does not tell) */
    private boolean mapped(String pattern) {
        try {
            ServletRegistration own = getServletContext().getServletRegistration(getServletName());
            return own != null && own.getMappings().contains(pattern);
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        Endpoint endpoint = path != null ? endpoints.get(path) : wellKnown.get(request.getServletPath());
        if (endpoint != null) {
            endpoint.serve(request, response);
            return;
        }
        RequestBody.drain(request);
        ErrorResponses.API.write(response, HttpError.notFound());
    }
}
