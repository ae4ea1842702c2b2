package io.github.servletauth.servlet.internal;

import io.github.servletauth.core.VerifiedToken;
import io.github.servletauth.servlet.internal.browser.SignInPage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Supplier;

/** A request whose caller is known from a verified token: the {@code Authorization} header's or the access cookie's. */
public final class AuthenticatedRequest extends HttpServletRequestWrapper {

    /** The request attribute holding the CSRF proof of a cookie-authenticated request. */
    public static final String CSRF_ATTRIBUTE = SignInPage.CSRF_ATTRIBUTE;

    /** The value of {@link #getAuthType()}. */
    public static final String AUTH_TYPE = "Bearer";

    private final VerifiedToken token;
    private final Principal principal;
    private final String authType;
    /** The CSRF proof, worked out when first asked for; {@code null} for a caller that needs none. */
    private Supplier<String> csrfProof;

    /**
     * @param request the original request
     * @param token the verified token of its caller
     * @param authType what {@link #getAuthType()} answers: {@value #AUTH_TYPE} for the header, {@code FORM} for
     *                 the cookie of a browser signed in through the sign-in form
     * @param csrfProof the CSRF proof the attribute {@value #CSRF_ATTRIBUTE} answers (a {@code null} result: no
     *                  such attribute), asked only when a page reads it
     */
    public AuthenticatedRequest(HttpServletRequest request, VerifiedToken token, String authType,
                                Supplier<String> csrfProof) {
        super(request);
        this.token = token;
        this.principal = new UserPrincipal(token.username());
        this.authType = authType;
        this.csrfProof = csrfProof;
    }

    /** The attribute {@value #CSRF_ATTRIBUTE} comes from the proof unless the webapp set it itself. */
    @Override
    public Object getAttribute(String name) {
        Object value = super.getAttribute(name);
        if (value == null && csrfProof != null && CSRF_ATTRIBUTE.equals(name)) {
            return csrfProof.get();
        }
        return value;
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        Enumeration<String> names = super.getAttributeNames();
        if (csrfProof == null || csrfProof.get() == null || super.getAttribute(CSRF_ATTRIBUTE) != null) {
            return names;
        }
        List<String> all = new ArrayList<>(Collections.list(names));
        all.add(CSRF_ATTRIBUTE);
        return Collections.enumeration(all);
    }

    /** Removing the attribute removes the proof too, as it would any attribute. */
    @Override
    public void removeAttribute(String name) {
        if (CSRF_ATTRIBUTE.equals(name)) {
            csrfProof = null;
        }
        super.removeAttribute(name);
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
