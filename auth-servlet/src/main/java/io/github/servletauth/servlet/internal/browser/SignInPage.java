package io.github.servletauth.servlet.internal.browser;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The sign-in page: built in (plain HTML, no script, a strict {@code Content-Security-Policy}), or the webapp's
 * own page (a JSP or servlet) to which the request is forwarded with the form's parts as request attributes.
 * Also the few words the browser endpoints answer with when they cannot redirect (service unavailable, a refused
 * sign-out).
 */
public final class SignInPage {

    /** Request attribute of a forwarded page: the URL the form posts to. */
    public static final String ACTION_ATTRIBUTE = "io.github.servletauth.signin.action";
    /** Request attribute of a forwarded page: the return target, for the hidden field {@code return}. */
    public static final String RETURN_ATTRIBUTE = "io.github.servletauth.signin.return";
    /** Request attribute of a forwarded page: the username to fill in again after a refusal, or absent. */
    public static final String USERNAME_ATTRIBUTE = "io.github.servletauth.signin.username";
    /** Request attribute of a forwarded page: why the last attempt was refused, in words, or absent. */
    public static final String ERROR_ATTRIBUTE = "io.github.servletauth.signin.error";
    /** Request attribute holding the CSRF proof, for the hidden field {@code _csrf}; the filter sets the same. */
    public static final String CSRF_ATTRIBUTE = "io.github.servletauth.csrf";

    private static final String STYLE = "body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0}"
            + "main{max-width:22rem;margin:4rem auto;padding:2rem;background:#fff;border-radius:8px;"
            + "box-shadow:0 1px 4px rgba(0,0,0,.15)}h1{font-size:1.4rem;margin-top:0}"
            + "label{display:block;margin-top:1rem}input{width:100%;box-sizing:border-box;padding:.5rem;"
            + "font-size:1rem}button{margin-top:1.5rem;padding:.6rem 1.2rem;font-size:1rem}"
            + "#signin-error{color:#a00;background:#fee;padding:.6rem;border-radius:4px}";
    /** No script at all; the one inline style by its hash; forms may only post back to this origin. */
    private static final String POLICY = "default-src 'none'; style-src '" + sha256(STYLE) + "'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /** What the form shows. */
    public record Form(String action, String returnTarget, String csrf, String username, String error) {
    }

    private SignInPage() {
    }

    /**
     * Answers with the sign-in form: forwarded to {@code customPage} when one is configured, else built in.
     *
     * @param request the request
     * @param response the response
     * @param status the status: 200 for the page, the refusal's status after a refused attempt
     * @param form what the form shows
     * @param customPage the context-relative path of the webapp's own page, or {@code null}
     * @throws IOException if the response cannot be written
     * @throws ServletException if the webapp's page fails
     */
    public static void show(HttpServletRequest request, HttpServletResponse response, int status, Form form,
                            String customPage) throws IOException, ServletException {
        privatePage(response);
        response.setStatus(status);
        if (customPage != null) {
            request.setAttribute(ACTION_ATTRIBUTE, form.action());
            request.setAttribute(RETURN_ATTRIBUTE, form.returnTarget());
            request.setAttribute(CSRF_ATTRIBUTE, form.csrf());
            request.setAttribute(USERNAME_ATTRIBUTE, form.username());
            request.setAttribute(ERROR_ATTRIBUTE, form.error());
            request.getRequestDispatcher(customPage).forward(request, response);
            return;
        }
        StringBuilder html = new StringBuilder(1024);
        html.append("<main><h1>Sign in</h1>");
        if (form.error() != null) {
            html.append("<p id=\"signin-error\" role=\"alert\">").append(escape(form.error())).append("</p>");
        }
        html.append("<form id=\"signin\" method=\"post\" action=\"").append(escape(form.action())).append("\">")
                .append("<input type=\"hidden\" name=\"return\" value=\"").append(escape(form.returnTarget()))
                .append("\"><input type=\"hidden\" name=\"").append(CsrfProof.FIELD).append("\" value=\"")
                .append(escape(form.csrf())).append("\">")
                .append("<label for=\"username\">Username</label><input id=\"username\" name=\"username\" "
                        + "autocomplete=\"username\" required autofocus value=\"")
                .append(escape(form.username() == null ? "" : form.username())).append("\">")
                .append("<label for=\"password\">Password</label><input id=\"password\" name=\"password\" "
                        + "type=\"password\" autocomplete=\"current-password\" required>")
                .append("<button type=\"submit\">Sign in</button></form></main>");
        write(response, "Sign in", html.toString());
    }

    /**
     * Answers with a short page of words (a refusal or an outage), where no redirect fits.
     *
     * @param response the response
     * @param status the status
     * @param title the heading
     * @param text the explanation
     * @param link a same-host path to go on from, or {@code null}
     * @throws IOException if the response cannot be written
     */
    public static void message(HttpServletResponse response, int status, String title, String text, String link)
            throws IOException {
        privatePage(response);
        response.setStatus(status);
        String more = link == null ? "" : "<p><a href=\"" + escape(link) + "\">Continue</a></p>";
        write(response, title, "<main><h1>" + escape(title) + "</h1><p id=\"message\" role=\"alert\">"
                + escape(text) + "</p>" + more + "</main>");
    }

    /** Pages that hold a proof or a user's state: never cached, never framed, the return target never leaked. */
    private static void privatePage(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
    }

    private static void write(HttpServletResponse response, String title, String main) throws IOException {
        response.setHeader("Content-Security-Policy", POLICY);
        byte[] body = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + escape(title)
                + "</title><style>" + STYLE + "</style></head><body>" + main + "</body></html>")
                .getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/html; charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Escapes text for an HTML element or a double-quoted attribute. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
