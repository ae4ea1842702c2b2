package io.github.servletauth.example;

import io.github.servletauth.core.VerifiedToken;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code GET /account}: a server-rendered page for the signed-in user, written the way a legacy servlet is:
 * plain servlet API ({@link HttpServletRequest#getRemoteUser()}, {@link HttpServletRequest#isUserInRole(String)},
 * {@link HttpServletRequest#getAuthType()}) and the request attributes {@code JwtFilter} sets. It has no script
 * and needs none: a browser that is not signed in never gets here, because the filter in front of it sends the
 * visit to the sign-in page (or through the renewal endpoint) and back; the sign-out form posts the CSRF proof
 * the filter put into {@code io.github.servletauth.csrf}, as any server-rendered form of a protected webapp has
 * to.
 *
 * <p>Every value written into the page is HTML-escaped, and the page forbids scripts, frames and foreign form
 * targets by its {@code Content-Security-Policy}. Init-param {@code roles}: as for {@link WhoamiServlet}.
 */
public final class AccountPageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** No script, no inline style, forms only to this origin, never inside another site's frame. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";

    private KnownRoles knownRoles;

    /** Creates the servlet; the known roles are read in {@link #init(ServletConfig)}. */
    public AccountPageServlet() {
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        knownRoles = KnownRoles.from(config);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        String username = request.getRemoteUser();
        if (username == null) {
            // only reachable if the filter is not mapped in front of this servlet
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            page(response.getWriter(), "Not signed in", "<p>This page needs JwtFilter in front of it.</p>\n");
            return;
        }
        List<String> roles = knownRoles.of(request);
        VerifiedToken token = request.getAttribute(WhoamiServlet.TOKEN_ATTRIBUTE) instanceof VerifiedToken t ? t : null;
        Object csrf = request.getAttribute(WhoamiServlet.CSRF_ATTRIBUTE);
        // back here after renewing: this page's own path, which the renewal endpoint accepts as a same-host target
        String self = request.getContextPath() + request.getServletPath();

        StringBuilder body = new StringBuilder(2048);
        body.append("<p class=\"status signed-in\">Signed in as <strong id=\"username\">").append(escape(username))
                .append("</strong></p>\n<dl>\n")
                .append("<dt>Roles</dt><dd id=\"roles\">")
                .append(roles.isEmpty() ? "none" : escape(String.join(", ", roles))).append("</dd>\n")
                .append("<dt>Authenticated by</dt><dd id=\"auth-type\">")
                .append(escape(String.valueOf(request.getAuthType()))).append("</dd>\n");
        if (token != null) {
            Instant expires = token.expiresAt().truncatedTo(ChronoUnit.SECONDS);
            body.append("<dt>Access token expires</dt><dd id=\"expiry\"><time datetime=\"")
                    .append(escape(expires.toString())).append("\">").append(escape(expires.toString()))
                    .append("</time> (")
                    .append(escape(remaining(Duration.between(Instant.now(), expires)))).append(")</dd>\n");
        }
        body.append("</dl>\n<p class=\"actions\">")
                .append("<a id=\"home\" href=\"./\">Back to the example page</a> ")
                .append("<a id=\"renew\" class=\"button\" href=\"")
                .append(escape("auth/renew?return=" + URLEncoder.encode(self, StandardCharsets.UTF_8)))
                .append("\">Renew now</a></p>\n");
        if (csrf instanceof String proof) {
            body.append("<form id=\"signout\" method=\"post\" action=\"auth/signout\">")
                    .append("<input type=\"hidden\" name=\"_csrf\" value=\"").append(escape(proof)).append("\">")
                    .append("<button type=\"submit\">Sign out</button></form>\n");
        } else {
            // a Bearer request (a script or API client): it has no cookie session to end with a form
            body.append("<p>This request carried a Bearer token, not the sign-in cookie: end that session with "
                    + "<code>POST /auth/logout</code>.</p>\n");
        }
        page(response.getWriter(), "Your account", body.toString());
    }

    private static void page(PrintWriter out, String title, String body) {
        out.write("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + escape(title) + " · servlet-auth example</title>\n"
                + "<link rel=\"stylesheet\" href=\"app.css\">\n</head>\n<body>\n<header><h1>" + escape(title)
                + "</h1></header>\n<main class=\"page\">\n<section class=\"wide\">\n" + body + "</section>\n"
                + "<p class=\"note\">A plain servlet behind <code>JwtFilter</code>: the values above come from "
                + "<code>getRemoteUser()</code>, <code>isUserInRole()</code>, <code>getAuthType()</code> and the "
                + "filter's request attributes. No script runs on this page.</p>\n</main>\n</body>\n</html>\n");
    }

    /** "in 14 min 59 s", or "expired" once the filter's clock skew let an expired token through. */
    static String remaining(Duration left) {
        if (left.isNegative() || left.isZero()) {
            return "expired";
        }
        long seconds = left.toSeconds();
        return "in " + seconds / 60 + " min " + seconds % 60 + " s";
    }

    /** Text for an HTML element or a quoted attribute value: nothing in it can end either. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
