package com.example.orders;

import java.io.IOException;
import java.security.Principal;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * A servlet of a pre-existing javax.servlet webapp that leaves security to the container: it only reports who
 * the container says the caller is, through the plain Servlet API.
 */
public class CallerServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Principal principal = request.getUserPrincipal();
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().print("path=" + request.getServletPath() + (request.getPathInfo() == null ? ""
                : request.getPathInfo())
                + "\nmethod=" + request.getMethod()
                + "\nprincipal=" + (principal == null ? null : principal.getName())
                + "\nremote_user=" + request.getRemoteUser()
                + "\nauth_type=" + request.getAuthType()
                + "\nrole_user=" + request.isUserInRole("user")
                + "\nrole_admin=" + request.isUserInRole("admin") + "\n");
    }
}
