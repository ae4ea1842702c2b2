package io.github.servletauth.servlet.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one servlet's handler: refuses other methods with 405, and hands every failure to
 * {@link ErrorResponses}. Servlets stay a few lines: parse, call the service, write the outcome.
 * An endpoint usually allows one method; the sign-in page allows {@code GET} (the page) and {@code POST} (its form).
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

    private final List<String> methods;
    private final String allowHeader;
    private final ErrorResponses errors;
    private final Handler handler;

    /**
     * @param methods the HTTP methods allowed, comma-separated ({@code "POST"}, {@code "GET, POST"}); a GET
     *                endpoint also answers HEAD (RFC 9110 section 9.3.2), the container sending no body for it
     * @param errors how failures are answered
     * @param handler the work
     */
    public Endpoint(String methods, ErrorResponses errors, Handler handler) {
        List<String> allowed = new ArrayList<>();
        for (String m : methods.split(",")) {
            allowed.add(m.trim());
        }
        if (allowed.contains("GET")) {
            allowed.add(allowed.indexOf("GET") + 1, "HEAD");
        }
        this.methods = List.copyOf(allowed);
        this.allowHeader = String.join(", ", allowed);
        this.errors = errors;
        this.handler = handler;
    }

    /**
     * @param request the request
     * @param response the response
     * @throws IOException if the response cannot be written
     */
    public void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            if (!methods.contains(request.getMethod())) {
                throw HttpError.methodNotAllowed(allowHeader);
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
