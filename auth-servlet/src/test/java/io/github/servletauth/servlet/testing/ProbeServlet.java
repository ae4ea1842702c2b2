package io.github.servletauth.servlet.testing;

import io.github.servletauth.core.VerifiedToken;
import io.github.servletauth.servlet.JwtFilter;
import io.github.servletauth.servlet.internal.Responses;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A legacy servlet that knows nothing of tokens: it reports what the container tells it about the caller. */
public final class ProbeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** Jetty instantiates it by class. */
    public ProbeServlet() {
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        report(req, resp);
    }

    /** Answers with what the container says of the caller: for the probe's annotated variants too. */
    static void report(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("remote_user", req.getRemoteUser());
        body.put("principal", req.getUserPrincipal() == null ? null : req.getUserPrincipal().getName());
        body.put("auth_type", req.getAuthType());
        body.put("user", req.isUserInRole("user"));
        body.put("admin", req.isUserInRole("admin"));
        Object token = req.getAttribute(JwtFilter.TOKEN_ATTRIBUTE);
        body.put("token_user_id", token instanceof VerifiedToken t ? t.userId() : null);
        body.put("csrf", req.getAttribute(JwtFilter.CSRF_ATTRIBUTE));
        Responses.json(resp, 200, body);
    }
}
