package io.github.servletauth.servlet.internal;

import io.github.servletauth.core.VerifiedToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.security.Principal;

/** A request whose caller is known from a verified bearer token. */
public final class AuthenticatedRequest extends HttpServletRequestWrapper {

    /** The value of {@link #getAuthType()}. */
    public static final String AUTH_TYPE = "Bearer";

    private final VerifiedToken token;
    private final Principal principal;
    private final String authType;

    /**
     * @param request the original request
     * @param token the verified token of its caller
     * @param authType what {@link #getAuthType()} answers: {@value #AUTH_TYPE} for the header, {@code FORM} for
     *                 the cookie of a browser signed in through the sign-in form
     */
    public AuthenticatedRequest(HttpServletRequest request, VerifiedToken token, String authType) {
        super(request);
        this.token = token;
        this.principal = new UserPrincipal(token.username());
        this.authType = authType;
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public String getRemoteUser() {
        return token.username();
    }

    /** {@code "**"} means any authenticated user (Servlet specification, section 13.3). */
    @Override
    public boolean isUserInRole(String role) {
        return role != null && ("**".equals(role) || token.hasRole(role));
    }

    @Override
    public String getAuthType() {
        return authType;
    }

    /** The caller, by username. */
    record UserPrincipal(String name) implements Principal {
        @Override
        public String getName() {
            return name;
        }
    }
}
