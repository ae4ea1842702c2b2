package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthService;
import io.github.servletauth.core.IssuedTokens;
import io.github.servletauth.servlet.internal.RequestBody;
import io.github.servletauth.servlet.internal.RequestFields;
import io.github.servletauth.servlet.internal.Responses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST}: exchanges {@code {refresh_token}} (JSON or form) for new tokens, answering 200 like
 * {@link LoginServlet}; 401 for an unknown, expired or revoked refresh token. Presenting a refresh token that
 * was already exchanged revokes its whole session.
 */
public final class RefreshServlet extends AuthEndpointServlet {
    private static final long serialVersionUID = 1L;

    /** For web.xml: the service is looked up in the context attribute {@link AuthContextListener#SERVICE_ATTRIBUTE}. */
    public RefreshServlet() {
        super(ApiRoute.REFRESH, null);
    }

    /**
     * For code: uses the given service.
     *
     * @param auth the service
     */
    public RefreshServlet(AuthService auth) {
        super(ApiRoute.REFRESH, Objects.requireNonNull(auth, "auth"));
    }

    static void handle(ApiRoute.Context api, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        RequestFields in = RequestBody.read(request);
        String refreshToken = in.required("refresh_token");
        in.check();
        IssuedTokens tokens = api.auth().refresh(refreshToken);
        Responses.tokens(response, 200, Map.of(), tokens, api.auth().config().clock().instant());
    }
}
