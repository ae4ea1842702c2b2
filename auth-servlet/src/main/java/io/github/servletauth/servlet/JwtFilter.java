package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.AuthService;
import io.github.servletauth.core.ConfigurationException;
import io.github.servletauth.core.JwtVerifier;
import io.github.servletauth.core.TokenVerifier;
import io.github.servletauth.core.VerifiedToken;
import io.github.servletauth.servlet.internal.AuthenticatedRequest;
import io.github.servletauth.servlet.internal.ErrorResponses;
import io.github.servletauth.servlet.internal.GateSetup;
import io.github.servletauth.servlet.internal.PathPatterns;
import io.github.servletauth.servlet.internal.TokenGate;
import io.github.servletauth.servlet.internal.browser.CsrfProof;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Authenticates requests by their {@code Authorization: Bearer} access token, or, without that header, by the
 * access cookie of a browser signed in through {@link AuthApiServlet}'s sign-in page; verified locally (no database
 * call). On success the request is wrapped: {@code getUserPrincipal()} and {@code getRemoteUser()} give the
 * username, {@code isUserInRole(r)} reads the {@code roles} claim, {@code getAuthType()} is {@code "Bearer"} (or
 * {@code "FORM"} for the cookie), and the {@link VerifiedToken} is the request attribute {@link #TOKEN_ATTRIBUTE}.
 * A request without a token on a protected path gets 401 with {@code WWW-Authenticate: Bearer realm="..."}; an
 * invalid token 401 with {@code error="invalid_token"} (RFC 6750); both with a JSON body.
 *
 * <p><b>Browsers.</b> A browser asking for a page (a {@code GET} navigation) without a usable token is redirected
 * to the sign-in page ({@code signin-url}) with the page as its {@code return} target, or through renewal
 * ({@code renew-url}) when its cookie holds a token that has only expired. A cookie-authenticated request with
 * an unsafe method must come from this site and carry the session's CSRF proof ({@value #CSRF_FIELD} form field or
 * {@value #CSRF_HEADER} header, equal to the request attribute {@link #CSRF_ATTRIBUTE}), else 403. A cookie that
 * is malformed, repeated or refused counts as no token. Scripts and JSON clients are never redirected.
 *
 * <p><b>Keys.</b> In the webapp that hosts the accounts (with {@link AuthContextListener}), the filter uses
 * that {@link AuthService}: logout, password changes and disabled accounts take effect at once on this
 * instance, as they commit on other instances sharing PostgreSQL, and within {@code auth.revocation.poll-interval}
 * (default 5 s) at worst. In any other webapp it
 * builds a {@link JwtVerifier} from its {@code auth.*} init-params, then the context's {@code auth.*}
 * context-params, then system properties and environment variables for what those leave unset
 * ({@link AuthConfig#forWebapp(Map)}: a webapp naming its key source takes none from outside):
 * {@code auth.jwt.secret}, {@code auth.jwt.key-file} (public keys only) or {@code auth.jwt.jwks-url}. Such a filter
 * sees revocations only through the accounts webapp's revocation feed ({@code auth.revocation.feed-url}, polled
 * every {@code auth.revocation.poll-interval}; see {@link RevocationFeedServlet}); without it, tokens stay valid
 * until they expire ({@code auth.jwt.access-ttl}, default 15 minutes). Its verifier, and the feed's poller thread,
 * stop in {@link #destroy()}.
 *
 * <pre>{@code
 * <filter>
 *   <filter-name>jwt</filter-name>
 *   <filter-class>io.github.servletauth.servlet.JwtFilter</filter-class>
 *   <init-param><param-name>realm</param-name><param-value>legacy-app</param-value></init-param>
 *   <init-param><param-name>public-paths</param-name><param-value>/health,/static/*</param-value></init-param>
 *   <init-param><param-name>anonymous</param-name><param-value>false</param-value></init-param>
 *   <!-- only in a webapp without AuthContextListener: -->
 *   <init-param><param-name>auth.jwt.jwks-url</param-name>
 *     <param-value>https://accounts.example.org/auth/jwks</param-value></init-param>
 *   <init-param><param-name>auth.revocation.feed-url</param-name>
 *     <param-value>https://accounts.example.org/auth/revocations</param-value></init-param>
 * </filter>
 * <filter-mapping>
 *   <filter-name>jwt</filter-name>
 *   <url-pattern>/*</url-pattern>
 * </filter-mapping>
 * }</pre>
 *
 * <p>Init-params: {@code realm} (default {@code servlet-auth}); {@code public-paths}: comma-separated
 * context-relative paths, exact or prefix ending in {@code /*}, where requests pass without a token (a valid
 * token is still honoured there, an invalid one ignored); {@code anonymous}: {@code true} lets requests without
 * a token through everywhere but still refuses invalid ones; {@code verifier}: {@code auto} (default: the
 * context's AuthService if present, else a JwtVerifier), {@code service} or {@code standalone};
 * {@code signin-url}: where browsers sign in, a host-absolute path or an absolute URL (default: the context's
 * {@code /auth/signin} with the context's AuthService, else none, and then no redirects); {@code renew-url}
 * (default: {@code signin-url} with its last segment {@code renew}); {@code cookies}: {@code false} reads only the
 * header. The cookie names come from the {@code auth.browser.*} keys of the configuration.
 * A filter built in code with {@link #JwtFilter(TokenVerifier, String, List, boolean)} ignores init-params and
 * reads only the header.
 *
 * <p>CORS is the container's business: map a CORS filter (Tomcat's {@code CorsFilter}, Jetty's
 * {@code CrossOriginHandler}) before this one, so preflight {@code OPTIONS} requests, which carry no token,
 * are answered before they reach it.
 */
public final class JwtFilter implements Filter {

    /** The request attribute holding the caller's {@link VerifiedToken}: {@code io.github.servletauth.token}. */
    public static final String TOKEN_ATTRIBUTE = TokenGate.TOKEN_ATTRIBUTE;

    /**
     * The request attribute holding the CSRF proof of a cookie-authenticated request, for the hidden field
     * {@value #CSRF_FIELD} of the page's forms: {@code io.github.servletauth.csrf}.
     */
    public static final String CSRF_ATTRIBUTE = TokenGate.CSRF_ATTRIBUTE;

    /** The form field carrying the CSRF proof: {@code _csrf}. */
    public static final String CSRF_FIELD = CsrfProof.FIELD;

    /** The header carrying the CSRF proof, for scripts: {@code X-CSRF-Token}. */
    public static final String CSRF_HEADER = CsrfProof.HEADER;

    /** {@link HttpServletRequest#getAuthType()} of a request authenticated by the access cookie. */
    public static final String COOKIE_AUTH_TYPE = TokenGate.COOKIE_AUTH_TYPE;

    private static final Logger LOG = LoggerFactory.getLogger(JwtFilter.class);

    /** Finds the caller, shared with the Jakarta Authentication module. */
    private TokenGate gate;
    private PathPatterns publicPaths;
    private final boolean configuredInCode;

    /** For web.xml: everything comes from init-params and the servlet context. */
    public JwtFilter() {
        this.configuredInCode = false;
    }

    /**
     * For code.
     *
     * @param verifier checks tokens, e.g. {@link AuthService#tokenVerifier()} or a {@link JwtVerifier}; the
     *                 filter does not close it
     * @param realm the realm of the challenges
     * @param publicPaths context-relative paths passing without a token, exact or ending in {@code /*}
     * @param anonymous whether requests without a token pass everywhere
     */
    public JwtFilter(TokenVerifier verifier, String realm, List<String> publicPaths, boolean anonymous) {
        Objects.requireNonNull(verifier, "verifier");
        ErrorResponses errors = new ErrorResponses(GateSetup.checkRealm(Objects.requireNonNull(realm, "realm")), false);
        this.gate = new TokenGate(verifier, errors, null, anonymous, null);
        this.publicPaths = new PathPatterns(publicPaths);
        this.configuredInCode = true;
    }

    /** @throws ServletException naming the init-param at fault, or if the JWT configuration is unusable */
    @Override
    public void init(FilterConfig config) throws ServletException {
        if (configuredInCode) {
            return;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : Collections.list(config.getInitParameterNames())) {
            params.put(name, config.getInitParameter(name));
        }
        GateSetup setup = new GateSetup(config.getServletContext(), params, "JwtFilter init-param ");
        try {
            try {
                publicPaths = PathPatterns.parse(setup.param("public-paths"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("JwtFilter init-param public-paths: " + e.getMessage(), e);
            }
            gate = setup.build(setup.booleanParam("anonymous", false), "JwtFilter");
        } catch (IllegalArgumentException e) {
            throw new ServletException(e.getMessage(), e);
        } catch (ConfigurationException e) {
            LOG.error("JwtFilter cannot start: invalid configuration: {}", e.getMessage());
            throw e;
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(resp instanceof HttpServletResponse response)) {
            chain.doFilter(req, resp);
            return;
        }
        boolean open = !publicPaths.isEmpty() && publicPaths.matches(contextRelativePath(request));
        TokenGate.Outcome outcome = gate.admit(request, response, open);
        if (outcome.answered()) {
            return;
        }
        VerifiedToken token = outcome.token();
        chain.doFilter(token == null ? request
                : new AuthenticatedRequest(request, token, outcome.authType(), outcome::csrfProof), response);
    }

    @Override
    public void destroy() {
        if (gate != null) {
            gate.close();
        }
    }

    private static String contextRelativePath(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        return path.isEmpty() ? "/" : path;
    }
}
