package io.github.servletauth.servlet.jaspic.internal;

import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.config.ServerAuthConfig;
import jakarta.security.auth.message.config.ServerAuthContext;

import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;

/**
 * The webapp's server configuration for the {@code HttpServlet} layer: one context for every request, built
 * once (Tomcat asks for it on every request).
 */
final class TokenServerAuthConfig implements ServerAuthConfig {

    /** The id of the one context: every request is authenticated the same way. */
    static final String CONTEXT_ID = "servlet-auth-token";

    private final String layer;
    private final String appContext;
    private final CallbackHandler handler;
    private final ServerAuthContext context;

    TokenServerAuthConfig(String layer, String appContext, CallbackHandler handler, TokenAuthModule module) {
        this.layer = layer;
        this.appContext = appContext;
        this.handler = handler;
        module.initialize(null, null, handler, Map.of());
        this.context = new TokenServerAuthContext(module);
    }

    /** @return the callback handler this configuration's module reports callers to */
    CallbackHandler handler() {
        return handler;
    }

    @Override
    @SuppressWarnings("rawtypes") // JASPIC 1.1 declares a raw Map
    public ServerAuthContext getAuthContext(String authContextID, Subject serviceSubject, Map properties) {
        return context;
    }

    @Override
    public String getMessageLayer() {
        return layer;
    }

    @Override
    public String getAppContext() {
        return appContext;
    }

    @Override
    public String getAuthContextID(MessageInfo messageInfo) {
        return CONTEXT_ID;
    }

    @Override
    public void refresh() {
        // nothing is read again after start-up: the settings are the webapp's context-params
    }

    @Override
    public boolean isProtected() {
        return false;
    }
}
