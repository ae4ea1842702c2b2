package com.example.reports;

import java.io.IOException;
import java.security.Principal;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * A servlet of a pre-existing javax.servlet webapp, written before servlet-auth existed: it only asks the
 * container who the caller is, through the plain Servlet API.
 */
public class ReportServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Principal principal = request.getUserPrincipal();
        if (principal == null) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "reports are for signed-in users");
            return;
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().print("report=" + request.getPathInfo()
                + "\nprincipal=" + principal.getName()
                + "\nremote_user=" + request.getRemoteUser()
                + "\nauth_type=" + request.getAuthType()
                + "\nrole_user=" + request.isUserInRole("user")
                + "\nrole_admin=" + request.isUserInRole("admin") + "\n");
    }
}
