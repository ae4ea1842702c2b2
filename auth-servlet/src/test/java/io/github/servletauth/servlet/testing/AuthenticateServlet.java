package io.github.servletauth.servlet.testing;

import io.github.servletauth.servlet.internal.Responses;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A legacy servlet on an unconstrained path that asks the container to authenticate its caller with
 * {@code request.authenticate(response)}, and reports the answer; when that is {@code false} the container has
 * written its answer already.
 */
public final class AuthenticateServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The container instantiates it by class. */
    public AuthenticateServlet() {
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
        if (!req.authenticate(resp)) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("authenticated", true);
        body.put("remote_user", req.getRemoteUser());
        body.put("auth_type", req.getAuthType());
        body.put("admin", req.isUserInRole("admin"));
        Responses.json(resp, 200, body);
    }
}
