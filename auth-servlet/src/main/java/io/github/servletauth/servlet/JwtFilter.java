package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.AuthService;
import io.github.servletauth.core.ConfigurationException;
import io.github.servletauth.core.InvalidTokenException;
import io.github.servletauth.core.JwtVerifier;
import io.github.servletauth.core.TokenVerifier;
import io.github.servletauth.core.VerifiedToken;
import io.github.servletauth.servlet.internal.AuthenticatedRequest;
import io.github.servletauth.servlet.internal.BearerToken;
import io.github.servletauth.servlet.internal.ErrorResponses;
import io.github.servletauth.servlet.internal.HttpError;
import io.github.servletauth.servlet.internal.PathPatterns;
import io.github.servletauth.servlet.internal.RequestBody;
import io.github.servletauth.servlet.internal.ServiceLookup;
import io.github.servletauth.servlet.internal.browser.BrowserAccess;
import io.github.servletauth.servlet.internal.browser.CsrfProof;
import io.github.servletauth.servlet.internal.browser.Navigation;
import io.github.servletauth.servlet.internal.browser.SignInPage;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
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
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Authenticates requests by their {@code Authorization: Bearer} access token, or, without that header, by the
 * access cookie of a browser signed in through {@link AuthApiServlet}'s sign-in page; verified locally (no database
 * call). On success the request is wrapped: {@code getUserPrincipal()} and {@code getRemoteUser()} give the
 * username, {@code isUserInRole(r)} reads the {@code roles} claim (or, for another issuer's token, the claims
 * {@code auth.jwt.username-claim} and {@code auth.jwt.roles-claim} name), {@code getAuthType()} is {@code "Bearer"} (or
 * {@code "FORM"} for the cookie), and the {@link VerifiedToken} is the request attribute {@link #TOKEN_ATTRIBUTE}.
 * A request without a token on a protected path gets 401 with {@code WWW-Authenticate: Bearer realm="..."}; an
 * invalid token 401 with {@code error="invalid_token"} (RFC 6750); both with a JSON body.
 *
 * <p><b>Browsers.</b> A browser asking for a page (a {@code GET} navigation) without a usable token is redirected
 * to the sign-in page ({@code signin-url}) with the page as its {@code return} target, or through renewal
 * ({@code renew-url}) when its cookie holds a token that has only expired. A cookie-authenticated request with
 * an unsafe method must come from this site and carry the session's CSRF proof ({@value #CSRF_FIELD} form field or
 * {@value #CSRF_HEADER} header, equal to the request attribute {@link #CSRF_ATTRIBUTE}), else 403. A cookie that
 * is malformed, repeated or refused counts as no token, and so does a cookie holding another issuer's token without
 * a {@code sid} (its CSRF proof could not be secret). Scripts and JSON clients are never redirected.
 *
 * <p><b>Keys.</b> In the webapp that hosts the accounts (with {@link AuthContextListener}), the filter uses
 * that {@link AuthService}: logout, password changes and disabled accounts take effect at once on this
 * instance and within {@code auth.revocation.poll-interval} (default 5 s) on others. In any other webapp it
 * builds a {@link JwtVerifier} from its {@code auth.*} init-params, then the context's {@code auth.*}
 * context-params, then system properties and environment variables for what those leave unset
 * ({@link AuthConfig#forWebapp(Map)}: a webapp naming its key source takes none from outside):
 * {@code auth.jwt.secret}, {@code auth.jwt.key-file} (public keys only), {@code auth.jwt.jwks-url}, or
 * {@code auth.jwt.issuer-uri} for the tokens of another issuer (Keycloak, Entra ID, Auth0, Okta, or the accounts
 * webapp by its public URL), whose username and roles come from {@code auth.jwt.username-claim} and
 * {@code auth.jwt.roles-claim} (see {@link JwtVerifier}). Such a filter cannot see revocations: tokens stay valid
 * until they expire ({@code auth.jwt.access-ttl}, default 15 minutes).
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
    public static final String TOKEN_ATTRIBUTE = "io.github.servletauth.token";

    /**
     * The request attribute holding the CSRF proof of a cookie-authenticated request, for the hidden field
     * {@value #CSRF_FIELD} of the page's forms: {@code io.github.servletauth.csrf}.
     */
    public static final String CSRF_ATTRIBUTE = SignInPage.CSRF_ATTRIBUTE;

    /** The form field carrying the CSRF proof: {@code _csrf}. */
    public static final String CSRF_FIELD = CsrfProof.FIELD;

    /** The header carrying the CSRF proof, for scripts: {@code X-CSRF-Token}. */
    public static final String CSRF_HEADER = CsrfProof.HEADER;

    /** {@link HttpServletRequest#getAuthType()} of a request authenticated by the access cookie. */
    public static final String COOKIE_AUTH_TYPE = HttpServletRequest.FORM_AUTH;

    private static final Logger LOG = LoggerFactory.getLogger(JwtFilter.class);

    private TokenVerifier verifier;
    /** Whether the token's characters are checked here ({@code b64token}), not left to the verifier. */
    private boolean checkSyntax;
    private JwtVerifier owned;
    private ErrorResponses errors;
    private PathPatterns publicPaths;
    private boolean anonymous;
    /** Cookies, CSRF and redirects for browsers; {@code null}: only the Authorization header is read. */
    private BrowserAccess browser;
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
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.checkSyntax = !verifier.checksCompactSyntax();
        this.errors = new ErrorResponses(checkRealm(Objects.requireNonNull(realm, "realm")), false);
        this.publicPaths = new PathPatterns(publicPaths);
        this.anonymous = anonymous;
        this.configuredInCode = true;
    }

    /** @throws ServletException naming the init-param at fault, or if the JWT configuration is unusable */
    @Override
    public void init(FilterConfig config) throws ServletException {
        if (configuredInCode) {
            return;
        }
        String realm = Optional.ofNullable(config.getInitParameter("realm")).orElse("servlet-auth");
        try {
            errors = new ErrorResponses(checkRealm(realm), false);
            publicPaths = PathPatterns.parse(config.getInitParameter("public-paths"));
        } catch (IllegalArgumentException e) {
            throw new ServletException("JwtFilter init-param: " + e.getMessage(), e);
        }
        anonymous = booleanParam(config, "anonymous", false);
        boolean cookies = booleanParam(config, "cookies", true);
        String mode = Optional.ofNullable(config.getInitParameter("verifier")).orElse("auto").toLowerCase(Locale.ROOT);
        AuthService service = ServiceLookup.find(config.getServletContext());
        AuthConfig settings;
        switch (mode) {
            case "service" -> {
                service = ServiceLookup.resolve(null, config.getServletContext(), "JwtFilter");
                settings = service.config();
            }
            case "standalone" -> {
                service = null;
                settings = standalone(config);
            }
            case "auto" -> settings = service != null ? service.config() : standalone(config);
            default -> throw new ServletException("JwtFilter init-param verifier: must be auto, service or standalone");
        }
        if (service != null) {
            verifier = service.tokenVerifier();
        }
        checkSyntax = !verifier.checksCompactSyntax();
        if (cookies) {
            String signIn = config.getInitParameter("signin-url");
            if (signIn == null && service != null) {
                // the accounts webapp: its own sign-in page, where the documented snippet maps the API
                signIn = config.getServletContext().getContextPath() + "/auth/signin";
            }
            try {
                browser = new BrowserAccess(settings.browser(), signIn, config.getInitParameter("renew-url"));
            } catch (IllegalArgumentException e) {
                throw new ServletException("JwtFilter init-param " + e.getMessage(), e);
            }
        }
    }

    private static boolean booleanParam(FilterConfig config, String name, boolean fallback) throws ServletException {
        String value = config.getInitParameter(name);
        if (value == null) {
            return fallback;
        }
        if (!value.trim().equalsIgnoreCase("true") && !value.trim().equalsIgnoreCase("false")) {
            throw new ServletException("JwtFilter init-param " + name + ": must be true or false");
        }
        return Boolean.parseBoolean(value.trim());
    }

    /** Builds the filter's own {@link JwtVerifier}; returns the configuration it was built from. */
    private AuthConfig standalone(FilterConfig config) {
        Map<String, String> params = new LinkedHashMap<>();
        ServletContext context = config.getServletContext();
        for (String name : Collections.list(context.getInitParameterNames())) {
            if (name.startsWith("auth.") && !name.startsWith("auth.http.")) {
                params.put(name, context.getInitParameter(name));
            }
        }
        for (String name : Collections.list(config.getInitParameterNames())) {
            if (name.startsWith("auth.")) {
                params.put(name, config.getInitParameter(name));
            }
        }
        try {
            AuthConfig built = AuthConfig.forWebapp(params);
            owned = JwtVerifier.create(built);
            verifier = owned;
            return built;
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
        VerifiedToken token;
        try {
            Optional<String> presented = BearerToken.from(request, checkSyntax);
            if (presented.isEmpty()) {
                withoutBearer(request, response, chain, open);
                return;
            }
            token = verifier.verify(presented.get());
        } catch (InvalidTokenException e) {
            if (open) {
                chain.doFilter(request, response);
            } else {
                reject(request, response, e);
            }
            return;
        } catch (RuntimeException e) {
            reject(request, response, e);
            return;
        }
        request.setAttribute(TOKEN_ATTRIBUTE, token);
        chain.doFilter(new AuthenticatedRequest(request, token, AuthenticatedRequest.AUTH_TYPE), response);
    }

    /** No {@code Authorization: Bearer}: the access cookie, else the request is anonymous. */
    private void withoutBearer(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                               boolean open) throws IOException, ServletException {
        String cookie = browser == null ? null : browser.accessCookie(request);
        boolean expired = false;
        if (cookie != null) {
            VerifiedToken token = null;
            try {
                token = verifier.verify(cookie);
            } catch (InvalidTokenException e) {
                // a garbage cookie, another issuer's token, a revoked session: as if there were no cookie
                LOG.debug("access cookie refused: {}", e.reason());
                expired = e.reason() == InvalidTokenException.Reason.EXPIRED;
            } catch (RuntimeException e) {
                reject(request, response, e);
                return;
            }
            if (token != null && token.sessionId().isEmpty()) {
                // another issuer's token without sid: its CSRF proof would be one constant anyone can compute
                LOG.debug("access cookie refused: a token without a session id");
                token = null;
            }
            if (token != null) {
                String proof = browser.proofOf(token.sessionId());
                if (browser.passesCsrfCheck(request, proof)) {
                    request.setAttribute(TOKEN_ATTRIBUTE, token);
                    request.setAttribute(CSRF_ATTRIBUTE, proof);
                    if (Navigation.isPageRequest(request)) {
                        // a page of the signed-in user: never from a cache, not even by the back button after sign-out
                        response.setHeader("Cache-Control", "no-store");
                    }
                    chain.doFilter(new AuthenticatedRequest(request, token, COOKIE_AUTH_TYPE), response);
                    return;
                }
                if (!open) {
                    reject(request, response, HttpError.forbidden("CSRF check failed"));
                    return;
                }
                // a public path: the cookie is ignored, the request passes without a caller
            }
        }
        if (open || anonymous) {
            chain.doFilter(request, response);
        } else if (browser != null && browser.isForeignUnsafeRequest(request)) {
            reject(request, response, HttpError.forbidden("CSRF check failed"));
        } else if (browser == null || !browser.redirect(request, response, expired)) {
            reject(request, response, HttpError.tokenRequired(errors.challenge()));
        } else {
            RequestBody.drain(request);
        }
    }

    private void reject(HttpServletRequest request, HttpServletResponse response, RuntimeException why)
            throws IOException {
        // read a small body first: refusing while the client still sends can reset the connection
        RequestBody.drain(request);
        errors.write(response, why);
    }

    @Override
    public void destroy() {
        if (owned != null) {
            owned.close();
        }
    }

    private static String contextRelativePath(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        return path.isEmpty() ? "/" : path;
    }

    /** The realm goes into a quoted header value: refuse what would break out of the quotes. */
    private static String checkRealm(String realm) {
        if (!realm.matches("[\\x20-\\x7e&&[^\"\\\\]]{1,100}")) {
            throw new IllegalArgumentException("realm must be 1-100 printable ASCII characters without quotes "
                    + "or backslashes");
        }
        return realm;
    }
}
