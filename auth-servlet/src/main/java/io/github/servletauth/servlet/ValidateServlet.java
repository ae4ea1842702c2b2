package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthService;
import io.github.servletauth.core.VerifiedToken;
import io.github.servletauth.servlet.internal.BearerToken;
import io.github.servletauth.servlet.internal.HttpError;
import io.github.servletauth.servlet.internal.Responses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * {@code POST} with {@code Authorization: Bearer <token>}: answers 200
 * {@code {valid:true, user_id, username, roles, expires_at}} ({@code expires_at} in seconds since the epoch,
 * like the JWT {@code exp}); 400 {@code {"error":"Token missing"}} without a token; 401
 * {@code {valid:false, error}} with {@code WWW-Authenticate: Bearer error="invalid_token"} for a bad, expired
 * or revoked token, and for a token whose account does not exist or is disabled ({@link AuthService#validate});
 * 503 if the account cannot be looked up. Any body is ignored.
 */
public final class ValidateServlet extends AuthEndpointServlet {
    private static final long serialVersionUID = 1L;

    /** For web.xml: the service is looked up in the context attribute {@link AuthContextListener#SERVICE_ATTRIBUTE}. */
    public ValidateServlet() {
        super(ApiRoute.VALIDATE, null);
    }

    /**
     * For code: uses the given service.
     *
     * @param auth the service
     */
    public ValidateServlet(AuthService auth) {
        super(ApiRoute.VALIDATE, Objects.requireNonNull(auth, "auth"));
    }

    static void handle(ApiRoute.Context api, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String token = BearerToken.from(request, api.auth().tokenVerifier())
                .orElseThrow(() -> HttpError.badRequest("Token missing"));
        VerifiedToken verified = api.auth().validate(token);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("valid", true);
        body.put("user_id", verified.userId());
        body.put("username", verified.username());
        body.put("roles", new TreeSet<>(verified.roles()));
        body.put("expires_at", verified.expiresAt().getEpochSecond());
        Responses.noStore(response);
        Responses.json(response, 200, body);
    }
}
