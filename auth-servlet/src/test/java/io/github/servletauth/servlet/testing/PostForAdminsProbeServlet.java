package io.github.servletauth.servlet.testing;

import jakarta.servlet.annotation.HttpMethodConstraint;
import jakarta.servlet.annotation.ServletSecurity;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * A legacy servlet whose class declares a constraint for one method: anyone may read, only an admin may POST.
 * Answers as {@link ProbeServlet}.
 */
@ServletSecurity(httpMethodConstraints = @HttpMethodConstraint(value = "POST", rolesAllowed = "admin"))
public final class PostForAdminsProbeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The container instantiates it by class. */
    public PostForAdminsProbeServlet() {
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ProbeServlet.report(req, resp);
    }
}
