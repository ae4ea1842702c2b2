package io.github.servletauth.servlet.internal;

import io.github.servletauth.core.InvalidTokenException;
import io.github.servletauth.core.TokenVerifier;
import io.github.servletauth.core.VerifiedToken;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Enumeration;
import java.util.Optional;

/**
 * Extracts the token of an {@code Authorization: Bearer} header (RFC 6750 section 2.1). The scheme is
 * case-insensitive and surrounding spaces are tolerated; several {@code Authorization} headers, a
 * {@code Bearer} without a token, or a token outside the {@code b64token} syntax are refused as invalid rather
 * than guessed at.
 */
public final class BearerToken {

    /** Our tokens are well under 1 KiB; anything far larger is refused before any parsing or crypto. */
    public static final int MAX_LENGTH = 4096;

    private BearerToken() {
    }

    /**
     * @param request the request
     * @return the token, or empty if there is no {@code Authorization} header with the {@code Bearer} scheme
     * @throws InvalidTokenException ({@code MALFORMED}) for a malformed or repeated header
     */
    public static Optional<String> from(HttpServletRequest request) {
        // runs on every request through the filter: a character loop, no regular expressions or copies
        Enumeration<String> headers = request.getHeaders("Authorization");
        if (headers == null || !headers.hasMoreElements()) {
            return Optional.empty();
        }
        String value = headers.nextElement();
        if (headers.hasMoreElements()) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED);
        }
        int end = value.length();
        int start = 0;
        while (start < end && isSpace(value.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(value.charAt(end - 1))) {
            end--;
        }
        int schemeEnd = start;
        while (schemeEnd < end && !isSpace(value.charAt(schemeEnd))) {
            schemeEnd++;
        }
        if (!value.regionMatches(true, start, "Bearer", 0, 6) || schemeEnd - start != 6) {
            // another scheme (Basic, ...) is not ours to judge: for us there simply is no bearer token
            return Optional.empty();
        }
        int tokenStart = schemeEnd;
        while (tokenStart < end && isSpace(value.charAt(tokenStart))) {
            tokenStart++;
        }
        if (tokenStart == end || end - tokenStart > MAX_LENGTH || !isB64Token(value, tokenStart, end)) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED);
        }
        return Optional.of(value.substring(tokenStart, end));
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    /** RFC 6750 {@code b64token}: {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. */
    private static boolean isB64Token(String s, int from, int to) {
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/') {
                i++;
            } else {
                break;
            }
        }
        if (i == from) {
            return false;
        }
        while (i < to && s.charAt(i) == '=') {
            i++;
        }
        return i == to;
    }

    /**
     * @param request a request that must carry a valid bearer token
     * @param verifier checks the token
     * @param errors supplies the challenge of the 401 when the token is missing
     * @return the verified token
     * @throws HttpError 401 if there is no token
     * @throws InvalidTokenException if the token is refused
     */
    public static VerifiedToken require(HttpServletRequest request, TokenVerifier verifier, ErrorResponses errors) {
        String token = from(request).orElseThrow(() -> HttpError.tokenRequired(errors.challenge()));
        return verifier.verify(token);
    }
}
