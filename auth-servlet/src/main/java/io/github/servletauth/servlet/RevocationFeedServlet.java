package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthService;
import io.github.servletauth.core.InvalidInputException;
import io.github.servletauth.servlet.internal.Responses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * {@code GET ?since=<cursor>}: the revocation feed ({@link AuthService#revocationFeed(String)}), which webapps
 * that only verify tokens poll ({@link JwtFilter} with {@code auth.revocation.feed-url}): the sessions revoked
 * while their access tokens can still be accepted, with a cursor so that each poll gets only what is new. No
 * authentication: it lists the ids of dead sessions and times, nothing personal. {@code Cache-Control: no-store};
 * a malformed or repeated {@code since} is a 400 naming it.
 */
public final class RevocationFeedServlet extends AuthEndpointServlet {
    private static final long serialVersionUID = 1L;

    /** For web.xml: the service is looked up in the context attribute {@link AuthContextListener#SERVICE_ATTRIBUTE}. */
    public RevocationFeedServlet() {
        super(ApiRoute.REVOCATIONS, null);
    }

    /**
     * For code: uses the given service.
     *
     * @param auth the service
     */
    public RevocationFeedServlet(AuthService auth) {
        super(ApiRoute.REVOCATIONS, Objects.requireNonNull(auth, "auth"));
    }

    static void handle(ApiRoute.Context api, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        byte[] body = api.auth().revocationFeed(since(request.getQueryString())).getBytes(StandardCharsets.UTF_8);
        // what is revoked changes from one second to the next: never from a cache
        Responses.noStore(response);
        response.setStatus(200);
        response.setContentType(Responses.JSON);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /**
     * The {@code since} parameter as sent, read from the raw query: a cursor is base64url and dots, which need no
     * escaping, so anything else (an escape included) is left for the service to refuse as malformed.
     */
    static String since(String query) {
        if (query == null) {
            return null;
        }
        String since = null;
        for (String part : query.split("&", -1)) {
            int eq = part.indexOf('=');
            if ((eq < 0 ? part : part.substring(0, eq)).equals("since")) {
                if (since != null) {
                    throw new InvalidInputException("since", "must be given once");
                }
                since = eq < 0 ? "" : part.substring(eq + 1);
            }
        }
        return since;
    }
}
