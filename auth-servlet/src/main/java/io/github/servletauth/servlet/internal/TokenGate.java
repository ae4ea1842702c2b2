package io.github.servletauth.servlet.internal;

import io.github.servletauth.core.InvalidTokenException;
import io.github.servletauth.core.JwtVerifier;
import io.github.servletauth.core.TokenVerifier;
import io.github.servletauth.core.VerifiedToken;
import io.github.servletauth.servlet.internal.browser.BrowserAccess;
import io.github.servletauth.servlet.internal.browser.Navigation;
import io.github.servletauth.servlet.internal.browser.SignInPage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides who the caller of a request is, for {@code JwtFilter} and the Jakarta Authentication module alike, so
 * both read tokens, refuse them and send browsers to sign in by the same rules: the {@code Authorization: Bearer}
 * header first; without it, when browsers are served, the access cookie, which is only good for an unsafe method
 * with the session's CSRF proof from our own site; a browser asking for a page without a usable token is
 * redirected to sign in, or through renewal when its token has only expired; anything else is answered 401 with
 * the RFC 6750 challenge (403 for a failed CSRF check).
 *
 * <p>When it finds a caller it sets the request attribute {@link #TOKEN_ATTRIBUTE}; the CSRF proof of a
 * cookie-authenticated request ({@link #CSRF_ATTRIBUTE}) is the {@link Outcome}'s, for the caller to expose
 * (wrapping the request or telling the container is the caller's business).
 */
public final class TokenGate implements AutoCloseable {

    /** The request attribute holding the caller's {@link VerifiedToken}. */
    public static final String TOKEN_ATTRIBUTE = "io.github.servletauth.token";

    /** The request attribute holding the CSRF proof of a cookie-authenticated request. */
    public static final String CSRF_ATTRIBUTE = SignInPage.CSRF_ATTRIBUTE;

    /** {@code getAuthType()} of a caller known by its {@code Authorization: Bearer} header. */
    public static final String BEARER_AUTH_TYPE = AuthenticatedRequest.AUTH_TYPE;

    /** {@code getAuthType()} of a caller known by the access cookie its browser got from the sign-in form. */
    public static final String COOKIE_AUTH_TYPE = HttpServletRequest.FORM_AUTH;

    private static final Logger LOG = LoggerFactory.getLogger(TokenGate.class);

    private final TokenVerifier verifier;
    /** Whether the token's characters are checked here ({@code b64token}), not left to the verifier. */
    private final boolean checkSyntax;
    private final ErrorResponses errors;
    /** Cookies, CSRF and redirects for browsers; {@code null}: only the Authorization header is read. */
    private final BrowserAccess browser;
    private final boolean anonymous;
    /** A verifier built for this gate alone, closed with it; {@code null} for the webapp's AuthService's. */
    private final JwtVerifier owned;

    /**
     * @param verifier checks tokens
     * @param errors writes refusals, with the realm of the challenges
     * @param browser what browsers need, or {@code null} to read only the header
     * @param anonymous whether a request without any token passes everywhere (an invalid one is still refused)
     * @param owned a verifier to close with the gate, or {@code null}
     */
    public TokenGate(TokenVerifier verifier, ErrorResponses errors, BrowserAccess browser, boolean anonymous,
                     JwtVerifier owned) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.checkSyntax = !verifier.checksCompactSyntax();
        this.errors = Objects.requireNonNull(errors, "errors");
        this.browser = browser;
        this.anonymous = anonymous;
        this.owned = owned;
    }

    /** @return the challenge of a 401 without a token, for a container that writes its own */
    public String challenge() {
        return errors.challenge();
    }

    /**
     * Finds the caller, or answers the request.
     *
     * @param request the request
     * @param response its response, written when the outcome {@linkplain Outcome#answered() is an answer}
     * @param open whether a request without a usable token passes without a caller (a public path, or one
     *             the container does not require a caller for): an invalid token is then ignored, not refused
     * @return the outcome
     * @throws IOException if the answer cannot be written
     */
    public Outcome admit(HttpServletRequest request, HttpServletResponse response, boolean open) throws IOException {
        VerifiedToken token;
        try {
            Optional<String> presented = BearerToken.from(request, checkSyntax);
            if (presented.isEmpty()) {
                return withoutBearer(request, response, open);
            }
            token = verifier.verify(presented.get());
        } catch (InvalidTokenException e) {
            if (open) {
                return Outcome.ANONYMOUS;
            }
            return refuse(request, response, e);
        } catch (RuntimeException e) {
            return refuse(request, response, e);
        }
        request.setAttribute(TOKEN_ATTRIBUTE, token);
        return new Outcome(token, BEARER_AUTH_TYPE, false, false, null);
    }

    /** No {@code Authorization: Bearer}: the access cookie, else the request is anonymous. */
    private Outcome withoutBearer(HttpServletRequest request, HttpServletResponse response, boolean open)
            throws IOException {
        String cookie = browser == null ? null : browser.accessCookie(request, checkSyntax);
        boolean expired = false;
        if (cookie != null) {
            VerifiedToken token = null;
            try {
                token = verifier.verify(cookie);
            } catch (InvalidTokenException e) {
                // a garbage cookie, another issuer's token, a revoked session: as if there were no cookie
                LOG.debug("access cookie refused: {}", e.reason());
                expired = e.reason() == InvalidTokenException.Reason.EXPIRED;
            } catch (RuntimeException e) {
                return refuse(request, response, e);
            }
            if (token != null && token.sessionId().isEmpty()) {
                // another issuer's token without sid: its CSRF proof would be one constant anyone can compute
                LOG.debug("access cookie refused: a token without a session id");
                token = null;
            }
            if (token != null) {
                String method = request.getMethod();
                boolean unsafe = Navigation.isUnsafe(method);
                if (!unsafe || browser.passesCsrfCheck(request, browser.proofOf(token.sessionId()))) {
                    request.setAttribute(TOKEN_ATTRIBUTE, token);
                    if (!unsafe && Navigation.isPageRequest(request, method)) {
                        // a page of the signed-in user: never from a cache, not even by the back button after sign-out
                        response.setHeader("Cache-Control", "no-store");
                    }
                    return new Outcome(token, COOKIE_AUTH_TYPE, false, false, browser);
                }
                if (!open) {
                    return refuse(request, response, HttpError.forbidden("CSRF check failed"));
                }
                // a public path: the cookie is ignored, the request passes without a caller
            }
        }
        if (open || anonymous) {
            return Outcome.ANONYMOUS;
        }
        if (browser != null && browser.isForeignUnsafeRequest(request)) {
            return refuse(request, response, HttpError.forbidden("CSRF check failed"));
        }
        if (browser == null || !browser.redirect(request, response, expired)) {
            return refuse(request, response, HttpError.tokenRequired(errors.challenge()));
        }
        RequestBody.drain(request);
        return Outcome.REDIRECTED;
    }

    private Outcome refuse(HttpServletRequest request, HttpServletResponse response, RuntimeException why)
            throws IOException {
        // read a small body first: refusing while the client still sends can reset the connection
        RequestBody.drain(request);
        errors.write(response, why);
        return Outcome.REFUSED;
    }

    /** Closes the verifier built for this gate, if any (not the webapp's AuthService). */
    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }

    /**
     * What {@link #admit} decided: a caller (its token and how it was presented), no caller, or an answer
     * already written (a refusal or a redirect).
     */
    public static final class Outcome {

        /** No caller, and nothing written: the request goes on anonymously. */
        public static final Outcome ANONYMOUS = new Outcome(null, null, false, false, null);
        static final Outcome REFUSED = new Outcome(null, null, true, false, null);
        static final Outcome REDIRECTED = new Outcome(null, null, true, true, null);

        private final VerifiedToken token;
        private final String authType;
        private final boolean answered;
        private final boolean redirected;
        /** Where the CSRF proof of a cookie-authenticated caller comes from; {@code null} for any other. */
        private final BrowserAccess proofs;

        private Outcome(VerifiedToken token, String authType, boolean answered, boolean redirected,
                        BrowserAccess proofs) {
            this.token = token;
            this.authType = authType;
            this.answered = answered;
            this.redirected = redirected;
            this.proofs = proofs;
        }

        /**
         * @return the CSRF proof of a caller known by the access cookie, for the page's forms and scripts
         *         ({@link #CSRF_ATTRIBUTE}); {@code null} for a Bearer caller or none. Worked out when asked:
         *         most requests never render a form
         */
        public String csrfProof() {
            return proofs == null ? null : proofs.proofOf(token.sessionId());
        }

        /** @return the caller's verified token, or {@code null} if there is no caller */
        public VerifiedToken token() {
            return token;
        }

        /** @return {@link #BEARER_AUTH_TYPE} or {@link #COOKIE_AUTH_TYPE} for a caller, else {@code null} */
        public String authType() {
            return authType;
        }

        /** @return whether the response has been written (a refusal or a redirect): the request stops here */
        public boolean answered() {
            return answered;
        }

        /** @return whether the answer is a redirect of a browser (to sign in or through renewal) */
        public boolean redirected() {
            return redirected;
        }
    }
}
