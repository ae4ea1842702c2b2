package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthService;
import io.github.servletauth.core.VerifiedToken;
import io.github.servletauth.servlet.internal.BearerToken;
import io.github.servletauth.servlet.internal.ErrorResponses;
import io.github.servletauth.servlet.internal.RequestBody;
import io.github.servletauth.servlet.internal.RequestFields;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Objects;

/**
 * {@code POST} with {@code Authorization: Bearer <token>} and an optional body {@code {refresh_token}}:
 * ends the session of the token (its access and refresh tokens stop working) and answers 204; 401 without a
 * valid token.
 */
public final class LogoutServlet extends AuthEndpointServlet {
    private static final long serialVersionUID = 1L;

    /** For web.xml: the service is looked up in the context attribute {@link AuthContextListener#SERVICE_ATTRIBUTE}. */
    public LogoutServlet() {
        super(ApiRoute.LOGOUT, null);
    }

    /**
     * For code: uses the given service.
     *
     * @param auth the service
     */
    public LogoutServlet(AuthService auth) {
        super(ApiRoute.LOGOUT, Objects.requireNonNull(auth, "auth"));
    }

    static void handle(ApiRoute.Context api, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        VerifiedToken caller = BearerToken.require(request, api.auth().tokenVerifier(), ErrorResponses.API);
        RequestFields in = RequestBody.read(request);
        String refreshToken = in.optional("refresh_token");
        in.check();
        api.auth().logout(caller, refreshToken);
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }
}
