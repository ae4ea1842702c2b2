package io.github.servletauth.servlet.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal decided by the HTTP layer itself (wrong method, content type, size, malformed JSON, missing
 * token). Its message goes to the client as {@code "error"}, so it never contains request content.
 */
public final class HttpError extends RuntimeException {
    /** Not meant to be serialised; declared because RuntimeException is Serializable. */
    private static final long serialVersionUID = 1L;

    /** The HTTP status to answer with. */
    private final int status;
    private final transient Map<String, String> headers;

    HttpError(int status, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.headers = new LinkedHashMap<>(headers);
    }

    /**
     * @param message a client-safe message
     * @return a 400
     */
    public static HttpError badRequest(String message) {
        return new HttpError(400, message, Map.of());
    }

    /**
     * @param message a client-safe message
     * @return a 403: the caller is known, or the request is refused whatever its credentials
     */
    public static HttpError forbidden(String message) {
        return new HttpError(403, message, Map.of());
    }

    /** @return a 404 for a path under the API's mapping that names no endpoint */
    public static HttpError notFound() {
        return new HttpError(404, "Not found", Map.of());
    }

    /**
     * @param allowed the allowed method, for the {@code Allow} header
     * @return a 405
     */
    public static HttpError methodNotAllowed(String allowed) {
        return new HttpError(405, "Method not allowed", Map.of("Allow", allowed));
    }

    /**
     * @param limit the size limit in bytes
     * @return a 413; the connection is closed because the rest of the body is never read
     */
    public static HttpError tooLarge(int limit) {
        return new HttpError(413, "Request body larger than " + limit + " bytes", Map.of("Connection", "close"));
    }

    /** @return a 415 naming the accepted types */
    public static HttpError unsupportedMediaType() {
        return new HttpError(415, "Content-Type must be application/json or application/x-www-form-urlencoded, in UTF-8",
                Map.of("Accept-Post", "application/json, application/x-www-form-urlencoded"));
    }

    /**
     * @param challenge the {@code WWW-Authenticate} value
     * @return a 401 for a request that carries no bearer token
     */
    public static HttpError tokenRequired(String challenge) {
        return new HttpError(401, "Token missing", Map.of("WWW-Authenticate", challenge));
    }

    int status() {
        return status;
    }

    Map<String, String> headers() {
        return headers;
    }
}
