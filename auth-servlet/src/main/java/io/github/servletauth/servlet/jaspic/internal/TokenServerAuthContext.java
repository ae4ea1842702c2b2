package io.github.servletauth.servlet.jaspic.internal;

import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.config.ServerAuthContext;

import javax.security.auth.Subject;

/** The one authentication context of the webapp: its module, nothing else (no chaining of modules). */
final class TokenServerAuthContext implements ServerAuthContext {

    private final TokenAuthModule module;

    TokenServerAuthContext(TokenAuthModule module) {
        this.module = module;
    }

    @Override
    public AuthStatus validateRequest(MessageInfo messageInfo, Subject clientSubject, Subject serviceSubject)
            throws AuthException {
        return module.validateRequest(messageInfo, clientSubject, serviceSubject);
    }

    @Override
    public AuthStatus secureResponse(MessageInfo messageInfo, Subject serviceSubject) {
        return module.secureResponse(messageInfo, serviceSubject);
    }

    @Override
    public void cleanSubject(MessageInfo messageInfo, Subject subject) {
        module.cleanSubject(messageInfo, subject);
    }
}
