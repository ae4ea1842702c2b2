package io.github.servletauth.servlet.internal;

import io.github.servletauth.core.AuthService;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;

/** Finds the {@link AuthService} the context listener stored, failing start-up clearly when it is missing. */
public final class ServiceLookup {

    /** The servlet context attribute holding the {@link AuthService}. */
    public static final String ATTRIBUTE = AuthService.class.getName();

    private ServiceLookup() {
    }

    /**
     * @param given a service passed in code, or {@code null}
     * @param context the servlet context to look in when {@code given} is {@code null}
     * @param component the servlet or filter name, for the message
     * @return the service
     * @throws ServletException if there is none
     */
    public static AuthService resolve(AuthService given, ServletContext context, String component)
            throws ServletException {
        if (given != null) {
            return given;
        }
        Object found = context.getAttribute(ATTRIBUTE);
        if (found instanceof AuthService service) {
            return service;
        }
        throw new ServletException(component + " found no AuthService in the servlet context attribute '"
                + ATTRIBUTE + "': add io.github.servletauth.servlet.AuthContextListener to web.xml, or construct "
                + component + " with an AuthService");
    }

    /**
     * @param context the servlet context
     * @return the stored service, or {@code null}
     */
    public static AuthService find(ServletContext context) {
        return context.getAttribute(ATTRIBUTE) instanceof AuthService s ? s : null;
    }
}
