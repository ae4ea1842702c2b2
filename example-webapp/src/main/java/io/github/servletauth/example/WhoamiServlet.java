package io.github.servletauth.example;

import io.github.servletauth.core.VerifiedToken;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.security.Principal;
import java.util.List;

/**
 * {@code GET /api/whoami}: answers {@code {"user_id": 7, "username": "alice", "roles": ["user"],
 * "expires_at": 1767225600, "csrf_token": "..."}} for the caller that {@code JwtFilter} authenticated. It is
 * written the way an existing servlet is: the name comes from {@link HttpServletRequest#getUserPrincipal()} and
 * the roles from {@link HttpServletRequest#isUserInRole(String)}, so such a servlet needs no change to sit
 * behind the filter. What the servlet API has no method for is read from the request attributes the filter
 * sets: the numeric user id and the access token's expiry ({@code expires_at}, epoch seconds) from
 * {@code io.github.servletauth.token}, and, for a request authenticated by the sign-in cookie, the CSRF proof
 * from {@code io.github.servletauth.csrf} ({@code csrf_token}; absent for a Bearer request, which needs none).
 * The example page reads both: it cannot read the HttpOnly cookie itself, so this is how it learns when the
 * session expires and what to send with its sign-out form.
 *
 * <p>Init-param {@code roles}: the comma-separated roles this application knows (default {@code user,admin});
 * the servlet API can only ask whether the caller has a role, not list them.
 */
public final class WhoamiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    // the names of JwtFilter.TOKEN_ATTRIBUTE and JwtFilter.CSRF_ATTRIBUTE, spelled out as a legacy servlet would
    static final String TOKEN_ATTRIBUTE = "io.github.servletauth.token";
    static final String CSRF_ATTRIBUTE = "io.github.servletauth.csrf";

    private KnownRoles knownRoles;

    /** Creates the servlet; the known roles are read in {@link #init(ServletConfig)}. */
    public WhoamiServlet() {
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        knownRoles = KnownRoles.from(config);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        Principal principal = request.getUserPrincipal();
        if (principal == null) {
            // only reachable if the filter is not mapped in front of this servlet
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.getWriter().write("{\"error\":\"Not authenticated\"}");
            return;
        }
        List<String> roles = knownRoles.of(request).stream().map(WhoamiServlet::quote).toList();
        Object token = request.getAttribute(TOKEN_ATTRIBUTE);
        VerifiedToken verified = token instanceof VerifiedToken t ? t : null;
        StringBuilder json = new StringBuilder(256)
                .append("{\"user_id\":").append(verified == null ? "null" : Long.toString(verified.userId()))
                .append(",\"username\":").append(quote(principal.getName()))
                .append(",\"roles\":[").append(String.join(",", roles)).append(']')
                .append(",\"expires_at\":")
                .append(verified == null ? "null" : Long.toString(verified.expiresAt().getEpochSecond()));
        if (request.getAttribute(CSRF_ATTRIBUTE) instanceof String csrf) {
            json.append(",\"csrf_token\":").append(quote(csrf));
        }
        response.getWriter().write(json.append('}').toString());
    }

    /** A JSON string literal; escapes everything that could end the string or is a control character. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
