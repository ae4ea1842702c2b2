package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthService;
import io.github.servletauth.core.IssuedTokens;
import io.github.servletauth.servlet.internal.RequestBody;
import io.github.servletauth.servlet.internal.RequestFields;
import io.github.servletauth.servlet.internal.Responses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST}: logs in with {@code {username, password}} (JSON or form) and answers 200
 * {@code {token, access_token, refresh_token, token_type, expires_in}} ({@code access_token} repeats {@code token}
 * for OAuth-style clients); 401 {@code {"error":"Invalid credentials"}} alike for an unknown user and a wrong
 * password; 429 with {@code Retry-After} while throttled.
 *
 * <p>Throttling counts failures per client address: {@code getRemoteAddr()}, or, when the init-param (or
 * context init-param) {@code auth.http.trusted-proxies} (addresses and CIDR ranges, such as
 * {@code 10.0.0.0/8, fd00::/8}) covers the direct peer, the right-most hop of {@code X-Forwarded-For} or RFC 7239
 * {@code Forwarded} that is not itself a trusted proxy. Ports and spellings do not make a new address; an IPv6
 * client counts per /64. A malformed entry stops the servlet's {@code init()} naming the entry. Registration
 * is throttled per client address the same way.
 */
public final class LoginServlet extends AuthEndpointServlet {
    private static final long serialVersionUID = 1L;

    /** For web.xml: the service is looked up in the context attribute {@link AuthContextListener#SERVICE_ATTRIBUTE}. */
    public LoginServlet() {
        super(ApiRoute.LOGIN, null);
    }

    /**
     * For code: uses the given service.
     *
     * @param auth the service
     */
    public LoginServlet(AuthService auth) {
        super(ApiRoute.LOGIN, Objects.requireNonNull(auth, "auth"));
    }

    static void handle(ApiRoute.Context api, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        RequestFields in = RequestBody.read(request);
        String username = in.required("username");
        String password = in.required("password");
        in.check();
        IssuedTokens tokens = api.auth().login(username, password, api.clientAddress(request));
        Responses.tokens(response, 200, Map.of(), tokens, api.auth().config().clock().instant());
    }
}
