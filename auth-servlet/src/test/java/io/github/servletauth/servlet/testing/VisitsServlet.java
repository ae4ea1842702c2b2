package io.github.servletauth.servlet.testing;

import io.github.servletauth.servlet.internal.Responses;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A legacy servlet that keeps state in its own {@code HttpSession}, as most legacy webapps do: it counts the
 * visits of the session it is given (creating one if needed) and reports the session's id, the count and the
 * caller.
 */
public final class VisitsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final String VISITS = "visits";

    /** The container instantiates it by class. */
    public VisitsServlet() {
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        HttpSession session = req.getSession(true);
        int visits;
        // one lock for every session: concurrent requests of one session must not lose a count
        synchronized (VisitsServlet.class) {
            Integer before = (Integer) session.getAttribute(VISITS);
            visits = before == null ? 1 : before + 1;
            session.setAttribute(VISITS, visits);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("session", session.getId());
        body.put("visits", visits);
        body.put("remote_user", req.getRemoteUser());
        Responses.json(resp, 200, body);
    }
}
