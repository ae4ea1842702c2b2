package com.example.orders;

import javax.servlet.annotation.HttpConstraint;
import javax.servlet.annotation.ServletSecurity;
import javax.servlet.annotation.WebServlet;

/**
 * A page that declares its constraint on its class instead of in web.xml: every method needs the admin role.
 * Reports the caller as {@link CallerServlet} does.
 */
@WebServlet("/ledger/*")
@ServletSecurity(@HttpConstraint(rolesAllowed = "admin"))
public class LedgerServlet extends CallerServlet {

    private static final long serialVersionUID = 1L;
}
