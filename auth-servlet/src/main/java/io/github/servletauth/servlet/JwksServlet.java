package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthService;
import io.github.servletauth.servlet.internal.Responses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * {@code GET}: the JWK Set of the public keys that verify access tokens (RFC 7517), for webapps that run
 * {@link JwtFilter} with {@code auth.jwt.jwks-url}. With HS256 it is {@code {"keys":[]}}: a shared secret is
 * never published.
 */
public final class JwksServlet extends AuthEndpointServlet {
    private static final long serialVersionUID = 1L;

    /** For web.xml: the service is looked up in the context attribute {@link AuthContextListener#SERVICE_ATTRIBUTE}. */
    public JwksServlet() {
        super(ApiRoute.JWKS, null);
    }

    /**
     * For code: uses the given service.
     *
     * @param auth the service
     */
    public JwksServlet(AuthService auth) {
        super(ApiRoute.JWKS, Objects.requireNonNull(auth, "auth"));
    }

    static void handle(ApiRoute.Context api, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        byte[] body = api.auth().jwks().getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType(Responses.JSON);
        response.setHeader("Cache-Control", "public, max-age=300");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
