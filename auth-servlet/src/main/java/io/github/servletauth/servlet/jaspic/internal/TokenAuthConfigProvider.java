package io.github.servletauth.servlet.jaspic.internal;

import io.github.servletauth.servlet.internal.TokenGate;
import jakarta.security.auth.message.config.AuthConfigProvider;
import jakarta.security.auth.message.config.ClientAuthConfig;
import jakarta.security.auth.message.config.ServerAuthConfig;

import java.util.Objects;
import javax.security.auth.callback.CallbackHandler;

/**
 * The provider registered for one webapp: server configurations whose module authenticates with our tokens.
 * The configuration is kept for the container's callback handler, as containers hand the same one each time.
 */
public final class TokenAuthConfigProvider implements AuthConfigProvider {

    private final TokenGate gate;
    private volatile TokenServerAuthConfig last;

    /** @param gate finds the caller of each request */
    public TokenAuthConfigProvider(TokenGate gate) {
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    @Override
    public ServerAuthConfig getServerAuthConfig(String layer, String appContext, CallbackHandler handler) {
        TokenServerAuthConfig config = last;
        if (config == null || config.handler() != handler || !Objects.equals(config.getAppContext(), appContext)
                || !Objects.equals(config.getMessageLayer(), layer)) {
            config = new TokenServerAuthConfig(layer, appContext, handler, new TokenAuthModule(gate));
            last = config;
        }
        return config;
    }

    /** @return {@code null}: this provider authenticates requests a server receives, it sends none */
    @Override
    public ClientAuthConfig getClientAuthConfig(String layer, String appContext, CallbackHandler handler) {
        return null;
    }

    @Override
    public void refresh() {
        // the configuration does not change while the webapp runs
    }
}
