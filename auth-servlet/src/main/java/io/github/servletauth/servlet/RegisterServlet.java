package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthService;
import io.github.servletauth.core.IssuedTokens;
import io.github.servletauth.servlet.internal.RequestBody;
import io.github.servletauth.servlet.internal.RequestFields;
import io.github.servletauth.servlet.internal.Responses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST}: registers an account from {@code {username, password, email?}} (JSON or form) and answers
 * 201 {@code {user_id, username, token, refresh_token, token_type, expires_in}}; 400 with
 * {@code fields} naming refused input; 409 if the username is taken; 429 with {@code Retry-After} while the client
 * address is throttled (counted like {@link LoginServlet} counts it).
 */
public final class RegisterServlet extends AuthEndpointServlet {
    private static final long serialVersionUID = 1L;

    /** For web.xml: the service is looked up in the context attribute {@link AuthContextListener#SERVICE_ATTRIBUTE}. */
    public RegisterServlet() {
        super(ApiRoute.REGISTER, null);
    }

    /**
     * For code: uses the given service.
     *
     * @param auth the service
     */
    public RegisterServlet(AuthService auth) {
        super(ApiRoute.REGISTER, Objects.requireNonNull(auth, "auth"));
    }

    static void handle(ApiRoute.Context api, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        RequestFields in = RequestBody.read(request);
        String username = in.required("username");
        String password = in.required("password");
        String email = in.optional("email");
        in.check();
        IssuedTokens tokens = api.auth().register(username, password, email, api.clientAddress(request));
        Map<String, Object> who = new LinkedHashMap<>();
        who.put("user_id", tokens.account().userId());
        who.put("username", tokens.account().username());
        Responses.tokens(response, 201, who, tokens, api.auth().config().clock().instant());
    }
}
