package io.github.servletauth.servlet.internal.browser;

import io.github.servletauth.core.AuthException;
import io.github.servletauth.core.AuthService;
import io.github.servletauth.core.BrowserSettings;
import io.github.servletauth.core.InvalidCredentialsException;
import io.github.servletauth.core.InvalidInputException;
import io.github.servletauth.core.InvalidTokenException;
import io.github.servletauth.core.IssuedTokens;
import io.github.servletauth.core.ServiceBusyException;
import io.github.servletauth.core.StoreUnavailableException;
import io.github.servletauth.core.ThrottledException;
import io.github.servletauth.core.VerifiedToken;
import io.github.servletauth.servlet.internal.HttpError;
import io.github.servletauth.servlet.internal.RequestBody;
import io.github.servletauth.servlet.internal.RequestFields;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Signs browsers in and out with cookies, over the same {@link AuthService} calls as the JSON API: the sign-in
 * page and its form ({@code signin}), silent renewal with the refresh cookie ({@code renew}) and sign-out
 * ({@code signout}), all beside the API under its mapping. Nothing is kept on the server between requests; no
 * {@code HttpSession} is ever created.
 *
 * <p>The access cookie lives as long as the refresh token (not the access token), so that a filter seeing an
 * <em>expired</em> access token knows the browser had a session and sends it through renewal rather than to
 * the sign-in page. The refresh cookie is sent only to the renewal and sign-out paths; the sign-out needs it to end
 * a session whose access token has already expired.
 */
public final class BrowserSessions {

    private static final Logger LOG = LoggerFactory.getLogger(BrowserSessions.class);
    /** How long a sign-in form stays usable. */
    private static final Duration SIGN_IN_PROOF_TTL = Duration.ofHours(2);
    private static final String UNAVAILABLE_RETRY_AFTER = "5";
    /** 32 random bytes in base64url without padding, as {@link CsrfProof#random()} makes them. */
    private static final int SIGN_IN_PROOF_LENGTH = 43;

    private final AuthService auth;
    private final Function<HttpServletRequest, String> clientAddress;
    private final String customPage;
    private final BrowserSettings settings;
    private final CookieSpec cookies;

    /**
     * @param auth the service
     * @param clientAddress the address sign-in attempts are throttled by
     * @param customPage the context-relative path of the webapp's own sign-in page, or {@code null} for the
     *                   built-in one
     */
    public BrowserSessions(AuthService auth, Function<HttpServletRequest, String> clientAddress, String customPage) {
        this.auth = auth;
        this.clientAddress = clientAddress;
        this.customPage = customPage;
        this.settings = auth.config().browser();
        this.cookies = new CookieSpec(settings, auth.config().clock());
    }

    /**
     * {@code GET}: the page; {@code POST}: signs in with {@code username}, {@code password}, {@code return} and
     * the form's {@code _csrf}, sets the cookies and redirects (303) to the return target.
     *
     * @param request the request
     * @param response the response
     * @throws IOException if the request or response fails
     * @throws ServletException if the webapp's own page fails
     */
    public void signIn(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        if (!"POST".equals(request.getMethod())) {
            String target = ReturnTargets.safe(ReturnTargets.fromQuery(request.getQueryString()),
                    defaultTarget(request));
            SignInPage.show(request, response, 200, form(request, response, target, null, null), customPage);
            return;
        }
        RequestFields in = RequestBody.read(request);
        String target = ReturnTargets.safe(in.optional("return"), defaultTarget(request));
        String proof = in.optional(CsrfProof.FIELD);
        String username = in.optional("username");
        String password = in.optional("password");
        if (!CsrfProof.fromOwnSite(request, settings.cookieDomain())
                || !CsrfProof.matches(proof, Cookies.single(request, cookies.signInProofName(request)))) {
            refuse(request, response, target, username, 403,
                    "This sign-in form has expired or was sent from another site. Please sign in again.");
            return;
        }
        if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
            refuse(request, response, target, username, 400, "Enter your username and password.");
            return;
        }
        IssuedTokens tokens;
        try {
            tokens = auth.login(username, password, clientAddress.apply(request));
        } catch (InvalidCredentialsException | InvalidInputException e) {
            refuse(request, response, target, username, 401, "The username or password is not right.");
            return;
        } catch (ThrottledException e) {
            response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
            refuse(request, response, target, username, 429,
                    "Too many failed sign-ins. Try again in " + inWords(e.retryAfterSeconds()) + ".");
            return;
        } catch (ServiceBusyException | StoreUnavailableException e) {
            unavailableHeader(response, e);
            refuse(request, response, target, username, 503,
                    "The service is temporarily unavailable. Try again in a moment.");
            return;
        }
        setCookies(request, response, tokens);
        redirect(response, 303, target);
    }

    /**
     * {@code GET ?return=}: exchanges the refresh cookie for new tokens, sets both cookies and redirects (303)
     * back; without a usable refresh cookie, redirects to the sign-in page with the same return target.
     *
     * @param request the request
     * @param response the response
     * @throws IOException if the response cannot be written
     */
    public void renew(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String target = ReturnTargets.safe(ReturnTargets.fromQuery(request.getQueryString()), defaultTarget(request));
        String refreshToken = Cookies.single(request, cookies.refreshName(request));
        if (refreshToken == null) {
            redirect(response, 303, ReturnTargets.withReturn(prefix(request) + "/signin", target));
            return;
        }
        try {
            setCookies(request, response, auth.renew(refreshToken));
            redirect(response, 303, target);
        } catch (InvalidTokenException e) {
            if (e.reason() == InvalidTokenException.Reason.SUPERSEDED) {
                // another tab renewed this session a moment ago and its cookies are in the browser by now
                redirect(response, 303, target);
                return;
            }
            LOG.debug("browser renewal refused: {}", e.reason());
            cookies.clear(request, response, refreshPaths(request));
            redirect(response, 303, ReturnTargets.withReturn(prefix(request) + "/signin", target));
        } catch (ServiceBusyException | StoreUnavailableException e) {
            // an outage is not a reason to sign anybody out: keep the cookies, say so, let them retry
            unavailableHeader(response, e);
            SignInPage.message(response, 503, "Temporarily unavailable",
                    "The service is temporarily unavailable. Try again in a moment.",
                    ReturnTargets.withReturn(request.getRequestURI(), target));
        }
    }

    /**
     * {@code POST}: ends the session of the browser's cookies (checked by its CSRF proof, {@code _csrf} or
     * {@code X-CSRF-Token}), clears the cookies and redirects (303) to the sign-in page; 204 for a client that
     * asked for JSON.
     *
     * @param request the request
     * @param response the response
     * @throws IOException if the request or response fails
     */
    public void signOut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        RequestFields in = RequestBody.read(request);
        String target = ReturnTargets.safe(in.optional("return"), defaultTarget(request));
        String formProof = in.optional(CsrfProof.FIELD);
        String headerProof = request.getHeader(CsrfProof.HEADER);
        String proof = headerProof != null ? headerProof : formProof;
        String accessToken = Cookies.single(request, cookies.accessName(request));
        String refreshToken = Cookies.single(request, cookies.refreshName(request));
        VerifiedToken token = null;
        if (accessToken != null) {
            try {
                token = auth.tokenVerifier().verify(accessToken);
            } catch (InvalidTokenException e) {
                token = null;
            }
        }
        try {
            Optional<String> session = token != null ? Optional.of(token.sessionId())
                    : refreshToken == null ? Optional.empty() : auth.sessionOfRefreshToken(refreshToken);
            if (session.isPresent()) {
                if (!CsrfProof.fromOwnSite(request, settings.cookieDomain())
                        || !CsrfProof.matches(proof, CsrfProof.forSession(session.get()))) {
                    if (Navigation.wantsJson(request)) {
                        throw HttpError.forbidden("CSRF check failed");
                    }
                    SignInPage.message(response, 403, "Not signed out",
                            "The sign-out request came from another site or its page has expired. Reload the page "
                                    + "and sign out again.", target);
                    return;
                }
                if (token != null) {
                    auth.logout(token, refreshToken);
                } else {
                    auth.endSession(refreshToken);
                }
            }
        } catch (StoreUnavailableException e) {
            // the session could not be ended: say so and keep the cookies, rather than pretend
            unavailableHeader(response, e);
            if (Navigation.wantsJson(request)) {
                throw e;
            }
            SignInPage.message(response, 503, "Not signed out", "The service is temporarily unavailable, so you "
                    + "are still signed in. Try again in a moment.", target);
            return;
        }
        cookies.clear(request, response, refreshPaths(request));
        response.setHeader("Cache-Control", "no-store");
        if (Navigation.wantsJson(request)) {
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        } else {
            redirect(response, 303, ReturnTargets.withReturn(prefix(request) + "/signin", target));
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String target, String username,
                        int status, String why) throws IOException, ServletException {
        SignInPage.show(request, response, status, form(request, response, target, username, why), customPage);
    }

    private SignInPage.Form form(HttpServletRequest request, HttpServletResponse response, String target,
                                 String username, String error) {
        String proof = Cookies.single(request, cookies.signInProofName(request));
        if (proof == null || proof.length() != SIGN_IN_PROOF_LENGTH) {
            proof = CsrfProof.random();
        }
        // sent again on every page, so a form left open in another tab stays usable as long as the newest one
        cookies.setSignInProof(request, response, proof, SIGN_IN_PROOF_TTL);
        return new SignInPage.Form(prefix(request) + "/signin", target, proof, username, error);
    }

    private void setCookies(HttpServletRequest request, HttpServletResponse response, IssuedTokens tokens) {
        Duration lifetime = auth.config().refreshTokenTtl();
        cookies.setAccess(request, response, tokens.accessToken(), lifetime);
        cookies.setRefresh(request, response, tokens.refreshToken(), lifetime, refreshPaths(request));
        response.setHeader("Cache-Control", "no-store");
    }

    private static List<String> refreshPaths(HttpServletRequest request) {
        String prefix = prefix(request);
        return List.of(prefix + "/renew", prefix + "/signout");
    }

    /** Where the API is mapped: {@code /app/auth} for {@code /app/auth/signin}. */
    private static String prefix(HttpServletRequest request) {
        return request.getContextPath() + request.getServletPath();
    }

    private static String defaultTarget(HttpServletRequest request) {
        return request.getContextPath() + "/";
    }

    private static void redirect(HttpServletResponse response, int status, String location) {
        response.setStatus(status);
        response.setHeader("Location", location);
        response.setHeader("Cache-Control", "no-store");
    }

    private static void unavailableHeader(HttpServletResponse response, AuthException e) {
        if (e instanceof ServiceBusyException busy) {
            response.setHeader("Retry-After", Long.toString(busy.retryAfterSeconds()));
        } else {
            LOG.warn("account database unavailable during browser sign-in: {}", e.getClass().getSimpleName());
            response.setHeader("Retry-After", UNAVAILABLE_RETRY_AFTER);
        }
    }

    private static String inWords(long seconds) {
        if (seconds < 120) {
            return seconds + (seconds == 1 ? " second" : " seconds");
        }
        long minutes = (seconds + 59) / 60;
        return minutes + " minutes";
    }
}
