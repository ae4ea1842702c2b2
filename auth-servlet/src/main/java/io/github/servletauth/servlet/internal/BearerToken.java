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
 *
 * <p>The {@code b64token} check reads every character of every token, on every request through the filter; a
 * verifier that {@linkplain TokenVerifier#checksCompactSyntax() refuses anything but a compact JWS itself}
 * (ours do, and only after the lookup of tokens it verified before) makes it redundant, so it is skipped for
 * such a verifier: a repeated token then costs no scan at all. The outcome for a malformed token is the same
 * either way: {@code MALFORMED}.
 */
public final class BearerToken {

    /** Our tokens are well under 1 KiB; anything far larger is refused before any parsing or crypto. */
    public static final int MAX_LENGTH = 4096;

    private BearerToken() {
    }

    /**
     * @param request the request
     * @param verifier the verifier the token is for: the {@code b64token} check is left to it if it
     *                 {@linkplain TokenVerifier#checksCompactSyntax() checks the syntax itself}
     * @return the token, or empty if there is no {@code Authorization} header with the {@code Bearer} scheme
     * @throws InvalidTokenException ({@code MALFORMED}) for a malformed or repeated header
     */
    public static Optional<String> from(HttpServletRequest request, TokenVerifier verifier) {
        return from(request, !verifier.checksCompactSyntax());
    }

    /**
     * @param request the request
     * @param checkSyntax whether to check the token against RFC 6750's {@code b64token} syntax (only the
     *                    length otherwise, for a verifier that checks the syntax itself)
     * @return the token, or empty if there is no {@code Authorization} header with the {@code Bearer} scheme
     * @throws InvalidTokenException ({@code MALFORMED}) for a malformed or repeated header
     */
    public static Optional<String> from(HttpServletRequest request, boolean checkSyntax) {
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
        if (tokenStart == end || end - tokenStart > MAX_LENGTH || checkSyntax && !isB64Token(value, tokenStart, end)) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED);
        }
        return Optional.of(value.substring(tokenStart, end));
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    /** The characters of RFC 6750 {@code b64token} before its trailing {@code "="}s, by code. */
    private static final boolean[] B64TOKEN_CHAR = new boolean[128];

    static {
        for (char c = 'A'; c <= 'Z'; c++) {
            B64TOKEN_CHAR[c] = true;
            B64TOKEN_CHAR[Character.toLowerCase(c)] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            B64TOKEN_CHAR[c] = true;
        }
        for (char c : "-._~+/".toCharArray()) {
            B64TOKEN_CHAR[c] = true;
        }
    }

    /**
     * RFC 6750 {@code b64token}: {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. Runs
     * over every character of every token the filter sees, hence one table lookup per character.
     */
    private static boolean isB64Token(String s, int from, int to) {
        boolean[] allowed = B64TOKEN_CHAR;
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (c >= allowed.length || !allowed[c]) {
                break;
            }
            i++;
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
        String token = from(request, verifier).orElseThrow(() -> HttpError.tokenRequired(errors.challenge()));
        return verifier.verify(token);
    }
}
