package com.example.orders;

import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

/**
 * A page of the pre-existing webapp that keeps state in its own HttpSession, as such webapps do: it counts the
 * visits of the session the container gives it (a new one if there is none) and reports the session's id.
 */
public class VisitsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(true);
        int visits;
        // one lock for all sessions: requests of one session that overlap must not lose a count
        synchronized (VisitsServlet.class) {
            Integer before = (Integer) session.getAttribute("visits");
            visits = before == null ? 1 : before + 1;
            session.setAttribute("visits", visits);
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().print("session=" + session.getId() + "\nvisits=" + visits
                + "\nremote_user=" + request.getRemoteUser() + "\n");
    }
}
