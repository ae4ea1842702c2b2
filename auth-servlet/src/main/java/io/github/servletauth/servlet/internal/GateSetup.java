package io.github.servletauth.servlet.internal;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.AuthService;
import io.github.servletauth.core.JwtVerifier;
import io.github.servletauth.servlet.internal.browser.BrowserAccess;
import jakarta.servlet.ServletContext;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link TokenGate} from named settings, the same names whether they are {@code JwtFilter}'s
 * init-params or the Jakarta Authentication module's context-params: {@code realm}, {@code verifier}
 * ({@code auto}, {@code service}, {@code standalone}), {@code cookies}, {@code signin-url}, {@code renew-url}, and
 * the {@code auth.*} keys of a standalone verifier. Every value is checked here, once, and a bad one is refused
 * with a message naming the setting as the webapp spells it.
 */
public final class GateSetup {

    private final ServletContext context;
    private final Map<String, String> params;
    private final String describe;

    /**
     * @param context the webapp, where the AuthService and the context's {@code auth.*} params are found
     * @param params the component's settings by their short names; its {@code auth.*} entries override the
     *               context's
     * @param describe what stands before a short name in a message, e.g. {@code "JwtFilter init-param "}
     */
    public GateSetup(ServletContext context, Map<String, String> params, String describe) {
        this.context = Objects.requireNonNull(context, "context");
        this.params = Objects.requireNonNull(params, "params");
        this.describe = Objects.requireNonNull(describe, "describe");
    }

    /**
     * @param name a short name
     * @return its value, or {@code null}
     */
    public String param(String name) {
        return params.get(name);
    }

    /**
     * @param name a short name
     * @param fallback the value when unset
     * @return the value
     * @throws IllegalArgumentException naming the setting if it is neither {@code true} nor {@code false}
     */
    public boolean booleanParam(String name, boolean fallback) {
        String value = params.get(name);
        if (value == null) {
            return fallback;
        }
        if (!value.trim().equalsIgnoreCase("true") && !value.trim().equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(describe + name + ": must be true or false");
        }
        return Boolean.parseBoolean(value.trim());
    }

    /**
     * @param anonymous whether requests without any token pass everywhere
     * @param component who asks, for the message when the AuthService it needs is missing
     * @return the gate; close it at shutdown (it may own a verifier)
     * @throws IllegalArgumentException naming the setting at fault, or if {@code verifier=service} finds no
     *                                  AuthService
     * @throws io.github.servletauth.core.ConfigurationException if the {@code auth.*} keys are unusable
     */
    public TokenGate build(boolean anonymous, String component) {
        ErrorResponses errors;
        try {
            errors = new ErrorResponses(checkRealm(Objects.requireNonNullElse(params.get("realm"), "servlet-auth")),
                    false);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describe + "realm: " + e.getMessage(), e);
        }
        boolean cookies = booleanParam("cookies", true);
        String mode = Objects.requireNonNullElse(params.get("verifier"), "auto").toLowerCase(Locale.ROOT);
        AuthService service = ServiceLookup.find(context);
        switch (mode) {
            case "service" -> {
                if (service == null) {
                    throw new IllegalArgumentException(component + " found no AuthService in the servlet context "
                            + "attribute '" + ServiceLookup.ATTRIBUTE + "': add "
                            + "io.github.servletauth.servlet.AuthContextListener to web.xml before it");
                }
            }
            case "standalone" -> service = null;
            case "auto" -> {
                // the context's service if the webapp has one, else a verifier of our own
            }
            default -> throw new IllegalArgumentException(describe + "verifier: must be auto, service or standalone");
        }
        AuthConfig settings = service != null ? service.config() : AuthConfig.forWebapp(authParams());
        JwtVerifier owned = service == null ? JwtVerifier.create(settings) : null;
        try {
            BrowserAccess browser = null;
            if (cookies) {
                String signIn = params.get("signin-url");
                if (signIn == null && service != null) {
                    // the accounts webapp: its own sign-in page, where the documented snippet maps the API
                    signIn = context.getContextPath() + "/auth/signin";
                }
                try {
                    browser = new BrowserAccess(settings.browser(), signIn, params.get("renew-url"));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(describe + e.getMessage(), e);
                }
            }
            return new TokenGate(service != null ? service.tokenVerifier() : owned, errors, browser, anonymous, owned);
        } catch (RuntimeException e) {
            if (owned != null) {
                owned.close();
            }
            throw e;
        }
    }

    /** The context's {@code auth.*} params (not auth-servlet's own {@code auth.http.*}), then the component's. */
    private Map<String, String> authParams() {
        Map<String, String> auth = new LinkedHashMap<>();
        for (String name : Collections.list(context.getInitParameterNames())) {
            if (name.startsWith("auth.") && !name.startsWith("auth.http.")) {
                auth.put(name, context.getInitParameter(name));
            }
        }
        params.forEach((name, value) -> {
            if (name.startsWith("auth.")) {
                auth.put(name, value);
            }
        });
        return auth;
    }

    /**
     * The realm goes into a quoted header value: refuse what would break out of the quotes.
     *
     * @param realm the realm
     * @return the realm
     * @throws IllegalArgumentException if it is not 1-100 printable ASCII characters without quotes or backslashes
     */
    public static String checkRealm(String realm) {
        if (!realm.matches("[\\x20-\\x7e&&[^\"\\\\]]{1,100}")) {
            throw new IllegalArgumentException("realm must be 1-100 printable ASCII characters without quotes "
                    + "or backslashes");
        }
        return realm;
    }
}
