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
 * {@code POST} with {@code Authorization: Bearer <token>} and {@code {current_password, new_password}}:
 * changes the password and answers 204; every token issued earlier, the caller's included, stops working.
 * 400 naming {@code new_password} for a weak password; 401 {@code {"error":"Invalid credentials"}} for a wrong
 * current password; 401 with {@code WWW-Authenticate} without a valid token.
 */
public final class PasswordServlet extends AuthEndpointServlet {
    private static final long serialVersionUID = 1L;

    /** For web.xml: the service is looked up in the context attribute {@link AuthContextListener#SERVICE_ATTRIBUTE}. */
    public PasswordServlet() {
        super(ApiRoute.PASSWORD, null);
    }

    /**
     * For code: uses the given service.
     *
     * @param auth the service
     */
    public PasswordServlet(AuthService auth) {
        super(ApiRoute.PASSWORD, Objects.requireNonNull(auth, "auth"));
    }

    static void handle(ApiRoute.Context api, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        VerifiedToken caller = BearerToken.require(request, api.auth().tokenVerifier(), ErrorResponses.API);
        RequestFields in = RequestBody.read(request);
        String current = in.required("current_password");
        String next = in.required("new_password");
        in.check();
        api.auth().changePassword(caller.userId(), current, next);
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }
}
