package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthService;
import io.github.servletauth.servlet.internal.HttpError;
import io.github.servletauth.servlet.internal.Responses;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET}: this webapp's metadata as a token issuer, at {@code /.well-known/openid-configuration} under the
 * webapp (where resource servers look first: OpenID Connect Discovery section 4; the fields are RFC 8414's), so
 * that one knowing only the issuer URL finds the keys: Spring Security's
 * {@code JwtDecoders.fromIssuerLocation(issuer)}, or a {@link JwtFilter} with {@code auth.jwt.issuer-uri}.
 *
 * <pre>{@code
 * {"issuer":"https://accounts.example.org/accounts",
 *  "jwks_uri":"https://accounts.example.org/accounts/auth/jwks",
 *  "response_types_supported":[],
 *  "servlet_auth_revocations_uri":"https://accounts.example.org/accounts/auth/revocations"}
 * }</pre>
 *
 * <p>Only what is true is claimed: the issuer and the JWK Set. There is no OAuth authorization or token endpoint
 * (the login API is not RFC 6749's token endpoint), hence no response type ({@code response_types_supported},
 * which RFC 8414 requires, is empty) and no grant, and nothing is an RFC 7009 revocation endpoint. The revocation
 * feed, when the webapp serves it, is named in a field of this library's own, {@value #REVOCATIONS_FIELD}.
 *
 * <p>It answers only when {@code auth.jwt.issuer} is this webapp's public URL: an {@code http} or {@code https}
 * URL whose path is the webapp's context path (for the webapp at {@code /accounts}:
 * {@code https://accounts.example.org/accounts}; at the root: {@code https://accounts.example.org}), so tokens'
 * {@code iss} and the metadata's {@code issuer} are that URL. Otherwise 404, and a warning at start-up. The
 * {@code jwks_uri} is that URL plus the path of the webapp's JWK Set: {@link AuthApiServlet}'s prefix mapping
 * plus {@code /jwks}, or {@link JwksServlet}'s mapping.
 *
 * <p>{@link AuthApiServlet} serves the same with a second mapping (see its javadoc); this servlet is for webapps
 * that map the endpoint servlets one by one.
 */
public final class IssuerMetadataServlet extends AuthEndpointServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(IssuerMetadataServlet.class);

    /** Where the metadata is served under the webapp: {@code /.well-known/openid-configuration}. */
    public static final String PATH = "/.well-known/openid-configuration";

    /**
     * The metadata field naming the revocation feed ({@code GET <api>/revocations}), which a {@link JwtFilter}
     * with {@code auth.jwt.issuer-uri} polls when {@code auth.revocation.feed-url} is not set. A name of this
     * library's own (RFC 8414 section 2 allows them): RFC 7009's {@code revocation_endpoint} is something else.
     */
    public static final String REVOCATIONS_FIELD = "servlet_auth_revocations_uri";

    /** For web.xml: the service is looked up in the context attribute {@link AuthContextListener#SERVICE_ATTRIBUTE}. */
    public IssuerMetadataServlet() {
        super(ApiRoute.METADATA, null);
    }

    /**
     * For code: uses the given service.
     *
     * @param auth the service
     */
    public IssuerMetadataServlet(AuthService auth) {
        super(ApiRoute.METADATA, Objects.requireNonNull(auth, "auth"));
    }

    /** @throws ServletException if no service was given and none is in the servlet context */
    @Override
    public void init() throws ServletException {
        super.init();
        warnIfNotServed(auth(), getServletContext());
    }

    static void handle(ApiRoute.Context api, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String issuer = api.auth().config().issuer();
        String base = issuerBase(issuer, request.getContextPath());
        String jwks = base == null ? null : jwksPath(request.getServletContext());
        if (jwks == null) {
            throw HttpError.notFound();
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", issuer);
        metadata.put("jwks_uri", base + jwks);
        // required by RFC 8414; there is no authorization endpoint, so no response type is supported
        metadata.put("response_types_supported", List.of());
        String feed = revocationsPath(request.getServletContext());
        if (feed != null) {
            // not RFC 7009's revocation_endpoint (where a client revokes a token): a name of our own, RFC 8414 2
            metadata.put(REVOCATIONS_FIELD, base + feed);
        }
        response.setHeader("Cache-Control", "public, max-age=300");
        Responses.json(response, 200, metadata);
    }

    /**
     * Logs, once at start-up, why the metadata of a webapp would answer 404.
     *
     * @param auth the service
     * @param context the webapp
     */
    static void warnIfNotServed(AuthService auth, ServletContext context) {
        String issuer = auth.config().issuer();
        if (!issuer.startsWith("http://") && !issuer.startsWith("https://")) {
            // not a URL at all (the default servlet-auth): discovery is simply not in use
            LOG.info("Issuer metadata at {}{} answers 404: auth.jwt.issuer is not this webapp's public URL",
                    context.getContextPath(), PATH);
        } else if (issuerBase(issuer, context.getContextPath()) == null) {
            LOG.warn("Issuer metadata at {}{} answers 404: auth.jwt.issuer '{}' is not this webapp's public URL "
                    + "(http(s)://<host>{})", context.getContextPath(), PATH, issuer, context.getContextPath());
        } else if (jwksPath(context) == null) {
            LOG.warn("Issuer metadata at {}{} answers 404: the webapp maps neither AuthApiServlet (to a path ending "
                    + "in /*) nor JwksServlet", context.getContextPath(), PATH);
        }
    }

    /**
     * @param issuer {@code auth.jwt.issuer}
     * @param contextPath the webapp's context path ({@code ""} at the root)
     * @return the issuer without a final {@code /}, if it is an http(s) URL of this webapp; else {@code null}
     */
    static String issuerBase(String issuer, String contextPath) {
        URI uri;
        try {
            uri = new URI(issuer);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            return null;
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.equals(contextPath) ? base : null;
    }

    /**
     * @return the context-relative path of the webapp's JWK Set: {@link AuthApiServlet}'s prefix mapping plus
     *         {@code /jwks}, else {@link JwksServlet}'s exact mapping; {@code null} if it has neither
     */
    static String jwksPath(ServletContext context) {
        return endpointPath(context, ApiRoute.JWKS, JwksServlet.class);
    }

    /**
     * @return the context-relative path of the webapp's revocation feed, like {@link #jwksPath}; {@code null} if
     *         it has none
     */
    static String revocationsPath(ServletContext context) {
        return endpointPath(context, ApiRoute.REVOCATIONS, RevocationFeedServlet.class);
    }

    private static String endpointPath(ServletContext context, ApiRoute route, Class<?> servletClass) {
        Map<String, ? extends ServletRegistration> servlets;
        try {
            servlets = context.getServletRegistrations();
        } catch (UnsupportedOperationException e) {
            // a container that keeps its registrations to itself: no JWK Set path to name
            return null;
        }
        String single = null;
        for (ServletRegistration servlet : servlets.values()) {
            for (String mapping : servlet.getMappings()) {
                if (AuthApiServlet.class.getName().equals(servlet.getClassName()) && mapping.endsWith("/*")) {
                    return mapping.substring(0, mapping.length() - 2) + route.path;
                }
                if (servletClass.getName().equals(servlet.getClassName()) && mapping.startsWith("/")
                        && !mapping.contains("*")) {
                    single = mapping;
                }
            }
        }
        return single;
    }
}
