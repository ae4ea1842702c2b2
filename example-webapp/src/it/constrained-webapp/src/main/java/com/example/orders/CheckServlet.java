package com.example.orders;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * An unconstrained page that asks the container to authenticate its caller when it needs to know, with
 * {@code request.authenticate(response)}: when that answers {@code false} the container has answered already.
 */
public class CheckServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        if (!request.authenticate(response)) {
            return;
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().print("authenticated=" + request.getRemoteUser()
                + "\nauth_type=" + request.getAuthType()
                + "\nrole_admin=" + request.isUserInRole("admin") + "\n");
    }
}
