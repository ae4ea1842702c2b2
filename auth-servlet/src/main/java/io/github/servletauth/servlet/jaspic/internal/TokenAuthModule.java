package io.github.servletauth.servlet.jaspic.internal;

import io.github.servletauth.core.VerifiedToken;
import io.github.servletauth.servlet.internal.TokenGate;
import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.MessagePolicy;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.callback.GroupPrincipalCallback;
import jakarta.security.auth.message.module.ServerAuthModule;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;

/**
 * The server authentication module: asks the {@link TokenGate} JwtFilter uses who the caller is, and tells the
 * container through the callbacks of the Servlet Container Profile: the username as the caller principal, the
 * token's roles as its groups (containers map groups to the roles of {@code <auth-constraint>} and
 * {@code isUserInRole} one to one unless told otherwise).
 *
 * <p>{@code validateRequest} answers, for a request the container
 * {@linkplain #MANDATORY_KEY does not require a caller for}, {@code SUCCESS} with or without a caller (an
 * unconstrained path passes untouched; a valid token there still names its caller); for one it does,
 * {@code SUCCESS} with a caller, {@code SEND_CONTINUE} after redirecting a browser to sign in, or
 * {@code SEND_FAILURE} after writing a 401 (no token, invalid token, with the RFC 6750 challenge) or 403 (a
 * cookie-authenticated unsafe request without the CSRF proof). It never asks the container to keep the caller
 * in an {@code HttpSession}: the token is checked again on every request.
 *
 * <p>Only API of JASPIC 1.1 is used (hence the raw {@code Map}s), so the {@code -javax} jar runs on Tomcat 9.
 */
final class TokenAuthModule implements ServerAuthModule {

    /** The MessageInfo property saying whether the container requires a caller (a String, "true" or "false"). */
    static final String MANDATORY_KEY = MessagePolicy.class.getName() + ".isMandatory";
    /** The MessageInfo property the container reads for {@code getAuthType()} (Servlet Container Profile). */
    static final String AUTH_TYPE_KEY = HttpServletRequest.class.getPackageName() + ".authType";
    /** The MessageInfo property asking the container to keep the caller in its session: we ask it not to. */
    static final String REGISTER_SESSION_KEY = HttpServletRequest.class.getPackageName() + ".registerSession";

    private static final Class<?>[] SUPPORTED = {HttpServletRequest.class, HttpServletResponse.class};

    private final TokenGate gate;
    private CallbackHandler handler;

    /** @param gate finds the caller, shared with nothing else but as configured as JwtFilter's */
    TokenAuthModule(TokenGate gate) {
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    @Override
    @SuppressWarnings("rawtypes") // JASPIC 1.1 declares a raw Map
    public void initialize(MessagePolicy requestPolicy, MessagePolicy responsePolicy, CallbackHandler handler,
                           Map options) {
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    @Override
    @SuppressWarnings("rawtypes") // JASPIC 1.1 declares a raw Class[]
    public Class[] getSupportedMessageTypes() {
        return SUPPORTED.clone();
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"}) // JASPIC 1.1 declares a raw Map
    public AuthStatus validateRequest(MessageInfo messageInfo, Subject clientSubject, Subject serviceSubject)
            throws AuthException {
        if (!(messageInfo.getRequestMessage() instanceof HttpServletRequest request)
                || !(messageInfo.getResponseMessage() instanceof HttpServletResponse response)) {
            throw new AuthException("not an HTTP servlet request and response");
        }
        Map map = messageInfo.getMap();
        boolean mandatory = "true".equalsIgnoreCase(String.valueOf(map.get(MANDATORY_KEY)));
        TokenGate.Outcome outcome;
        try {
            outcome = gate.admit(request, response, !mandatory);
        } catch (IOException e) {
            throw failure("the answer could not be written", e);
        }
        if (outcome.answered()) {
            return outcome.redirected() ? AuthStatus.SEND_CONTINUE : AuthStatus.SEND_FAILURE;
        }
        VerifiedToken token = outcome.token();
        if (token == null) {
            // no caller: the container lets the request through only where its constraints ask for none
            return AuthStatus.SUCCESS;
        }
        try {
            // one call with both: some containers (Tomcat) build the principal with its roles per call
            handler.handle(new Callback[] {
                new CallerPrincipalCallback(clientSubject, token.username()),
                new GroupPrincipalCallback(clientSubject, token.roles().toArray(new String[0]))
            });
        } catch (IOException | UnsupportedCallbackException e) {
            throw failure("the container refused the caller", e);
        }
        String proof = outcome.csrfProof();
        if (proof != null) {
            request.setAttribute(TokenGate.CSRF_ATTRIBUTE, proof);
        }
        map.put(AUTH_TYPE_KEY, outcome.authType());
        map.put(REGISTER_SESSION_KEY, "false");
        return AuthStatus.SUCCESS;
    }

    /** Nothing to add to a response: the token travels in the request only. */
    @Override
    public AuthStatus secureResponse(MessageInfo messageInfo, Subject serviceSubject) {
        return AuthStatus.SEND_SUCCESS;
    }

    /** The principals are the container's (it built them in the callbacks): nothing of ours to remove. */
    @Override
    public void cleanSubject(MessageInfo messageInfo, Subject subject) {
    }

    private static AuthException failure(String message, Exception cause) {
        AuthException e = new AuthException(message);
        e.initCause(cause); // JASPIC 1.1's AuthException has no constructor with a cause
        return e;
    }
}
