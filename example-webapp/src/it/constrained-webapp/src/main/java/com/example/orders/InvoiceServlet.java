package com.example.orders;

import javax.servlet.annotation.HttpMethodConstraint;
import javax.servlet.annotation.ServletSecurity;
import javax.servlet.annotation.WebServlet;

/**
 * A page that declares on its class a constraint for one method: anyone may read the invoices, only an admin
 * may POST to them. Reports the caller as {@link CallerServlet} does.
 */
@WebServlet("/invoices/*")
@ServletSecurity(httpMethodConstraints = @HttpMethodConstraint(value = "POST", rolesAllowed = "admin"))
public class InvoiceServlet extends CallerServlet {

    private static final long serialVersionUID = 1L;
}
