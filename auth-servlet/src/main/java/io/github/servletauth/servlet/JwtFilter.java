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
 * Authenticates requests by their {@code Authorization: Bearer} access token, verified locally (no database
 * call). On success the request is wrapped: {@code getUserPrincipal()} and {@code getRemoteUser()} give the
 * username, {@code isUserInRole(r)} reads the {@code roles} claim, {@code getAuthType()} is {@code "Bearer"},
 * and the {@link VerifiedToken} is the request attribute {@link #TOKEN_ATTRIBUTE}. A request without a token
 * on a protected path gets 401 with {@code WWW-Authenticate: Bearer realm="..."}; an invalid token 401 with
 * {@code error="invalid_token"} (RFC 6750); both with a JSON body.
 *
 * <p><b>Keys.</b> In the webapp that hosts the accounts (with {@link AuthContextListener}), the filter uses
 * that {@link AuthService}: logout, password changes and disabled accounts take effect at once on this
 * instance and within {@code auth.revocation.poll-interval} (default 5 s) on others. In any other webapp it
 * builds a {@link JwtVerifier} from its {@code auth.*} init-params, then the context's {@code auth.*}
 * context-params, then system properties and environment variables for what those leave unset
 * ({@link AuthConfig#forWebapp(Map)}: a webapp naming its key source takes none from outside):
 * {@code auth.jwt.secret}, {@code auth.jwt.key-file} (public keys only) or {@code auth.jwt.jwks-url}. Such a filter cannot see revocations: tokens stay valid until they expire
 * ({@code auth.jwt.access-ttl}, default 15 minutes).
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
 * context's AuthService if present, else a JwtVerifier), {@code service} or {@code standalone}.
 * A filter built in code with {@link #JwtFilter(TokenVerifier, String, List, boolean)} ignores init-params.
 *
 * <p>CORS is the container's business: map a CORS filter (Tomcat's {@code CorsFilter}, Jetty's
 * {@code CrossOriginHandler}) before this one, so preflight {@code OPTIONS} requests, which carry no token,
 * are answered before they reach it.
 */
public final class JwtFilter implements Filter {

    /** The request attribute holding the caller's {@link VerifiedToken}: {@code io.github.servletauth.token}. */
    public static final String TOKEN_ATTRIBUTE = "io.github.servletauth.token";

    private static final Logger LOG = LoggerFactory.getLogger(JwtFilter.class);

    private TokenVerifier verifier;
    /** Whether the token's characters are checked here ({@code b64token}), not left to the verifier. */
    private boolean checkSyntax;
    private JwtVerifier owned;
    private ErrorResponses errors;
    private PathPatterns publicPaths;
    private boolean anonymous;
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
        String anon = Optional.ofNullable(config.getInitParameter("anonymous")).orElse("false").trim();
        if (!anon.equalsIgnoreCase("true") && !anon.equalsIgnoreCase("false")) {
            throw new ServletException("JwtFilter init-param anonymous: must be true or false");
        }
        anonymous = Boolean.parseBoolean(anon);
        String mode = Optional.ofNullable(config.getInitParameter("verifier")).orElse("auto").toLowerCase(Locale.ROOT);
        AuthService service = ServiceLookup.find(config.getServletContext());
        switch (mode) {
            case "service" -> verifier = ServiceLookup.resolve(null, config.getServletContext(), "JwtFilter")
                    .tokenVerifier();
            case "standalone" -> verifier = standalone(config);
            case "auto" -> verifier = service != null ? service.tokenVerifier() : standalone(config);
            default -> throw new ServletException("JwtFilter init-param verifier: must be auto, service or standalone");
        }
        checkSyntax = !verifier.checksCompactSyntax();
    }

    private TokenVerifier standalone(FilterConfig config) {
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
            owned = JwtVerifier.create(AuthConfig.forWebapp(params));
        } catch (ConfigurationException e) {
            LOG.error("JwtFilter cannot start: invalid configuration: {}", e.getMessage());
            throw e;
        }
        return owned;
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
                if (open || anonymous) {
                    chain.doFilter(request, response);
                } else {
                    reject(request, response, HttpError.tokenRequired(errors.challenge()));
                }
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
        chain.doFilter(new AuthenticatedRequest(request, token), response);
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
