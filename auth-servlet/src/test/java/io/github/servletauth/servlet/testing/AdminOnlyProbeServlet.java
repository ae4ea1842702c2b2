package io.github.servletauth.servlet.testing;

import jakarta.servlet.annotation.HttpConstraint;
import jakarta.servlet.annotation.ServletSecurity;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * A legacy servlet whose class declares its own constraint, no {@code <security-constraint>} in web.xml: every
 * method needs the admin role. Answers as {@link ProbeServlet}.
 */
@ServletSecurity(@HttpConstraint(rolesAllowed = "admin"))
public final class AdminOnlyProbeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The container instantiates it by class. */
    public AdminOnlyProbeServlet() {
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ProbeServlet.report(req, resp);
    }
}
