package io.github.servletauth.servlet.internal.browser;

import io.github.servletauth.core.BrowserSettings;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code JwtFilter} needs to serve browsers: the access cookie to read when there is no {@code Authorization}
 * header, the CSRF rules for cookie-authenticated requests, and where to send a browser that has no usable token
 * (the sign-in page, or renewal when its token has only expired).
 */
public final class BrowserAccess {

    private static final int MAX_REMEMBERED_PROOFS = 10_000;

    /** Proofs by session id: a hash per request would cost more than the whole token check of a known token. */
    private final Map<String, String> proofs = new ConcurrentHashMap<>();
    private final CookieSpec cookies;
    private final String cookieDomain;
    private final String signInUrl;
    private final String renewUrl;

    /**
     * @param settings the cookie settings, the same as the accounts webapp's
     * @param signInUrl the sign-in page: a host-absolute path or an absolute http(s) URL; {@code null}: never
     *                  redirect (401 as for any client)
     * @param renewUrl the renewal endpoint, or {@code null} for the sign-in URL with its last segment {@code renew}
     */
    public BrowserAccess(BrowserSettings settings, String signInUrl, String renewUrl) {
        this.cookies = new CookieSpec(settings);
        this.cookieDomain = settings.cookieDomain();
        this.signInUrl = signInUrl == null ? null : checkUrl("signin-url", signInUrl);
        if (renewUrl != null) {
            this.renewUrl = checkUrl("renew-url", renewUrl);
        } else if (signInUrl != null) {
            String base = this.signInUrl;
            int query = base.indexOf('?');
            String path = query < 0 ? base : base.substring(0, query);
            this.renewUrl = path.substring(0, path.lastIndexOf('/') + 1) + "renew";
        } else {
            this.renewUrl = null;
        }
    }

    /**
     * @param request a request without an {@code Authorization} header
     * @return the access cookie's value, or {@code null} if there is none, several, or a malformed one
     */
    public String accessCookie(HttpServletRequest request) {
        return accessCookie(request, true);
    }

    /**
     * @param request a request without an {@code Authorization} header
     * @param checkValue whether to check the value's characters here, or leave that to a verifier that
     *                   {@linkplain io.github.servletauth.core.TokenVerifier#checksCompactSyntax() checks them}
     * @return the access cookie's value, or {@code null} if there is none, several, or a malformed one
     */
    public String accessCookie(HttpServletRequest request, boolean checkValue) {
        return Cookies.single(request, cookies.accessName(request), checkValue);
    }

    /**
     * @param sessionId the session of a verified token
     * @return its CSRF proof ({@link CsrfProof#forSession(String)}), remembered for the sessions seen lately
     */
    public String proofOf(String sessionId) {
        String proof = proofs.get(sessionId);
        if (proof == null) {
            if (proofs.size() >= MAX_REMEMBERED_PROOFS) {
                proofs.clear(); // a crude bound: recomputing a proof costs a hash, forgetting them all is harmless
            }
            proof = CsrfProof.forSession(sessionId);
            proofs.put(sessionId, proof);
        }
        return proof;
    }

    /**
     * @param request a request authenticated by the access cookie
     * @param proof the CSRF proof of its session
     * @return whether the request may act: a safe method, or one from our own site carrying the session's proof
     */
    public boolean passesCsrfCheck(HttpServletRequest request, String proof) {
        if (!Navigation.isUnsafe(request.getMethod())) {
            return true;
        }
        return CsrfProof.fromOwnSite(request, cookieDomain) && CsrfProof.matches(CsrfProof.presented(request), proof);
    }

    /**
     * @param request a request without a usable token
     * @return whether it is an unsafe request another site made the browser send (refused outright, 403)
     */
    public boolean isForeignUnsafeRequest(HttpServletRequest request) {
        return Navigation.isUnsafe(request.getMethod()) && !CsrfProof.fromOwnSite(request, cookieDomain);
    }

    /**
     * Sends a browser asking for a page to renewal (its token has expired) or to the sign-in page, with the
     * requested path as the return target.
     *
     * @param request a request without a usable token
     * @param response its response
     * @param expired whether the browser presented a token that has only expired
     * @return whether a redirect was sent; {@code false} for a client that is not a browser asking for a page, or
     *         when no sign-in URL is configured
     */
    public boolean redirect(HttpServletRequest request, HttpServletResponse response, boolean expired) {
        if (signInUrl == null || !Navigation.isPageRequest(request)) {
            return false;
        }
        String target = ReturnTargets.of(request, request.getContextPath() + "/");
        response.setStatus(HttpServletResponse.SC_FOUND);
        response.setHeader("Location", ReturnTargets.withReturn(expired ? renewUrl : signInUrl, target));
        response.setHeader("Cache-Control", "no-store");
        return true;
    }

    private static String checkUrl(String name, String value) {
        String url = value.trim();
        if (url.startsWith("/") && !url.startsWith("//") && url.indexOf('\\') < 0) {
            return url;
        }
        try {
            URI uri = new URI(url);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                return url;
            }
        } catch (java.net.URISyntaxException e) {
            // refused below
        }
        throw new IllegalArgumentException(name + ": must be a path starting with / or an absolute http(s) URL");
    }
}
