package io.github.servletauth.servlet.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Runs one servlet's handler: refuses other methods with 405, and hands every failure to
 * {@link ErrorResponses}. Servlets stay a few lines: parse, call the service, write the outcome.
 */
public final class Endpoint {

    /** The work of one endpoint. */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param request the request
         * @param response the response
         * @throws Exception anything; mapped to a response by {@link ErrorResponses}
         */
        void handle(HttpServletRequest request, HttpServletResponse response) throws Exception;
    }

    private final String method;
    private final ErrorResponses errors;
    private final Handler handler;

    /**
     * @param method the one HTTP method allowed
     * @param errors how failures are answered
     * @param handler the work
     */
    public Endpoint(String method, ErrorResponses errors, Handler handler) {
        this.method = method;
        this.errors = errors;
        this.handler = handler;
    }

    /** A GET endpoint also answers HEAD (RFC 9110 section 9.3.2); the container sends no body for it. */
    private boolean allows(String requested) {
        return method.equals(requested) || (method.equals("GET") && "HEAD".equals(requested));
    }

    /**
     * @param request the request
     * @param response the response
     * @throws IOException if the response cannot be written
     */
    public void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            if (!allows(request.getMethod())) {
                throw HttpError.methodNotAllowed(method.equals("GET") ? "GET, HEAD" : method);
            }
            // refused here for every endpoint, including those that never read the body
            if (request.getContentLengthLong() > RequestBody.MAX_BYTES) {
                throw HttpError.tooLarge(RequestBody.MAX_BYTES);
            }
            handler.handle(request, response);
            RequestBody.drain(request);
        } catch (Exception e) {
            if (!(e instanceof HttpError h && h.status() == 413)) {
                // answering before the client finished sending makes the container close the connection,
                // and the TCP reset can destroy our answer in flight; a body within the limit is cheap to read
                RequestBody.drain(request);
            }
            errors.write(response, e);
        }
    }
}
