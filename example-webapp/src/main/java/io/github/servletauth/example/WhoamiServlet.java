package io.github.servletauth.example;

import io.github.servletauth.core.VerifiedToken;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code GET /api/whoami}: answers {@code {"user_id": 7, "username": "alice", "roles": ["user"]}} for the
 * caller that {@code JwtFilter} authenticated. It is written the way an existing servlet is: the name comes
 * from {@link HttpServletRequest#getUserPrincipal()} and the roles from
 * {@link HttpServletRequest#isUserInRole(String)}, so such a servlet needs no change to sit behind the filter.
 * Only the numeric user id, which the servlet API has no method for, is read from the request attribute
 * {@code io.github.servletauth.token} that the filter sets.
 *
 * <p>Init-param {@code roles}: the comma-separated roles this application knows (default {@code user,admin});
 * the servlet API can only ask whether the caller has a role, not list them.
 */
public final class WhoamiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final String TOKEN_ATTRIBUTE = "io.github.servletauth.token";

    private List<String> knownRoles = List.of("user", "admin");

    /** Creates the servlet; the known roles are read in {@link #init(ServletConfig)}. */
    public WhoamiServlet() {
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        String roles = config.getInitParameter("roles");
        if (roles != null) {
            knownRoles = Arrays.stream(roles.split(",")).map(String::trim).filter(r -> !r.isEmpty()).toList();
        }
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
        List<String> roles = new ArrayList<>();
        for (String role : knownRoles) {
            if (request.isUserInRole(role)) {
                roles.add(quote(role));
            }
        }
        Object token = request.getAttribute(TOKEN_ATTRIBUTE);
        String userId = token instanceof VerifiedToken verified ? Long.toString(verified.userId()) : "null";
        response.getWriter().write("{\"user_id\":" + userId
                + ",\"username\":" + quote(principal.getName())
                + ",\"roles\":[" + String.join(",", roles) + "]}");
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
