package io.github.servletauth.servlet.internal;

import io.github.servletauth.core.IssuedTokens;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes JSON responses; the token responses carry the RFC 6749 section 5.1 cache headers. */
public final class Responses {

    /** The content type of every body we send. */
    public static final String JSON = "application/json; charset=utf-8";

    private Responses() {
    }

    /**
     * @param response the response
     * @param status the HTTP status
     * @param body a value {@link JsonWriter} can write
     * @throws IOException if the response cannot be written
     */
    public static void json(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] bytes = JsonWriter.write(body).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(JSON);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /**
     * Writes freshly issued tokens as an OAuth-style token response.
     *
     * @param response the response
     * @param status 200 or 201
     * @param prefix fields to put first (register adds {@code user_id} and {@code username}); may be empty
     * @param tokens the tokens
     * @param now the service's current time, for {@code expires_in}
     * @throws IOException if the response cannot be written
     */
    public static void tokens(HttpServletResponse response, int status, Map<String, Object> prefix,
                              IssuedTokens tokens, Instant now) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>(prefix);
        body.put("token", tokens.accessToken());
        // the same value under its OAuth 2.0 name (RFC 6749 section 5.1), so OAuth-style clients work unchanged
        body.put("access_token", tokens.accessToken());
        body.put("refresh_token", tokens.refreshToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", tokens.expiresInSeconds(now));
        noStore(response);
        json(response, status, body);
    }

    /**
     * Forbids caching: token responses and anything derived from a bearer token.
     *
     * @param response the response
     */
    public static void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
    }
}
