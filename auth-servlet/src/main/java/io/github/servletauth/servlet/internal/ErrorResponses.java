package io.github.servletauth.servlet.internal;

import io.github.servletauth.core.AccountNotFoundException;
import io.github.servletauth.core.DuplicateUsernameException;
import io.github.servletauth.core.InvalidCredentialsException;
import io.github.servletauth.core.InvalidInputException;
import io.github.servletauth.core.InvalidTokenException;
import io.github.servletauth.core.RevocationsUnavailableException;
import io.github.servletauth.core.ThrottledException;
import io.github.servletauth.core.ServiceBusyException;
import io.github.servletauth.core.StoreUnavailableException;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place where a failure becomes an HTTP response. Known library exceptions map to their status and
 * a client-safe message; an {@link IOException} (the client's connection failed) is a 400 without a stack
 * trace; anything else is logged here (with its stack trace, server-side only) and answered with a bare 500, so
 * no library message or stack trace reaches a client.
 */
public final class ErrorResponses {

    /** Seconds a client should wait after a 503; the pool's connect timeout makes shorter waits pointless. */
    static final String STORE_RETRY_AFTER = "5";

    /** For the API servlets: no realm. */
    public static final ErrorResponses API = new ErrorResponses(null, false);

    /** For the validate servlet: token failures also say {@code "valid": false}. */
    public static final ErrorResponses VALIDATE = new ErrorResponses(null, true);

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    private final String realm;
    private final boolean reportValidity;

    /**
     * @param realm the realm named in {@code WWW-Authenticate} challenges, or {@code null} for none
     * @param reportValidity whether token failures also carry {@code "valid": false} (the validate endpoint)
     */
    public ErrorResponses(String realm, boolean reportValidity) {
        this.realm = realm;
        this.reportValidity = reportValidity;
    }

    /** @return the challenge for a request without a token: {@code Bearer} or {@code Bearer realm="..."} */
    public String challenge() {
        return realm == null ? "Bearer" : "Bearer realm=\"" + realm + "\"";
    }

    /**
     * Answers {@code failure}; if the response is already committed, only logs.
     *
     * @param response the response to write
     * @param failure what went wrong
     * @throws IOException if the response cannot be written
     */
    public void write(HttpServletResponse response, Throwable failure) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        int status;
        if (failure instanceof HttpError e) {
            status = e.status();
            body.put("error", e.getMessage());
            if (response.isCommitted()) {
                return;
            }
            e.headers().forEach(response::setHeader);
        } else if (failure instanceof InvalidInputException e) {
            status = 400;
            body.put("error", "Invalid input");
            body.put("fields", e.fields());
        } else if (failure instanceof InvalidTokenException e) {
            status = 401;
            LOG.debug("token refused: {}", e.reason());
            if (reportValidity) {
                body.put("valid", false);
            }
            body.put("error", e.getMessage());
            response.setHeader("WWW-Authenticate", invalidTokenChallenge());
        } else if (failure instanceof AccountNotFoundException) {
            // the token verified but its account is gone: the token is as good as revoked
            status = 401;
            body.put("error", "Invalid token: token revoked");
            response.setHeader("WWW-Authenticate", invalidTokenChallenge());
        } else if (failure instanceof InvalidCredentialsException e) {
            status = 401;
            body.put("error", e.getMessage());
        } else if (failure instanceof DuplicateUsernameException e) {
            status = 409;
            body.put("error", e.getMessage());
        } else if (failure instanceof ThrottledException e) {
            status = 429;
            body.put("error", e.getMessage());
            response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        } else if (failure instanceof ServiceBusyException e) {
            // every password-hashing slot is taken: shed load quickly rather than queue (not logged: a flood
            // would flood the log too)
            status = 503;
            body.put("error", "Service temporarily unavailable");
            response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        } else if (failure instanceof RevocationsUnavailableException e) {
            // a verifier failing closed while the revocation feed is unreadable: the token may be fine, so not a
            // 401 (the verifier logs the outage once; one line per request would flood the log)
            status = 503;
            body.put("error", "Service temporarily unavailable");
            response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        } else if (failure instanceof StoreUnavailableException) {
            status = 503;
            // one line per request, not a stack trace: an outage would otherwise flood the log
            LOG.warn("account database unavailable: {}", rootCause(failure));
            body.put("error", "Service temporarily unavailable");
            response.setHeader("Retry-After", STORE_RETRY_AFTER);
        } else if (failure instanceof IOException) {
            // only the client's connection does I/O here: it went away or sent less than it announced. That is
            // the client's doing, so one line at debug, not a stack trace per request that anyone could provoke
            LOG.debug("request connection failed: {}", failure.getClass().getName());
            status = 400;
            body.put("error", "Request could not be read");
        } else {
            status = 500;
            LOG.error("unexpected failure answering a request", failure);
            body.put("error", "Internal error");
        }
        if (response.isCommitted()) {
            return;
        }
        if (failure instanceof IOException) {
            try {
                Responses.json(response, status, body);
            } catch (IOException gone) {
                // the connection is gone: there is nobody left to answer
            }
            return;
        }
        Responses.json(response, status, body);
    }

    /** The innermost cause's class and message: a driver's message names the host, never a credential. */
    private static String rootCause(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.toString();
    }

    private String invalidTokenChallenge() {
        return realm == null ? "Bearer error=\"invalid_token\""
                : "Bearer realm=\"" + realm + "\", error=\"invalid_token\"";
    }
}
