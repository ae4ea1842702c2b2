package io.github.servletauth.servlet.internal;

import io.github.servletauth.core.InvalidTokenException;
import io.github.servletauth.core.TokenVerifier;
import io.github.servletauth.core.VerifiedToken;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Extracts the token of an {@code Authorization: Bearer} header (RFC 6750 section 2.1). The scheme is
 * case-insensitive and surrounding spaces are tolerated; several {@code Authorization} headers, a
 * {@code Bearer} without a token, or a token outside the {@code b64token} syntax are refused as invalid rather
 * than guessed at.
 */
public final class BearerToken {

    /** Our tokens are well under 1 KiB; anything far larger is refused before any parsing or crypto. */
    public static final int MAX_LENGTH = 4096;

    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    private static final Pattern SPACES = Pattern.compile("[ \t]+");

    private BearerToken() {
    }

    /**
     * @param request the request
     * @return the token, or empty if there is no {@code Authorization} header with the {@code Bearer} scheme
     * @throws InvalidTokenException ({@code MALFORMED}) for a malformed or repeated header
     */
    public static Optional<String> from(HttpServletRequest request) {
        List<String> headers = Collections.list(request.getHeaders("Authorization"));
        if (headers.isEmpty()) {
            return Optional.empty();
        }
        if (headers.size() > 1) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED);
        }
        String value = headers.get(0).strip();
        String[] parts = SPACES.split(value, -1);
        if (!parts[0].equalsIgnoreCase("Bearer")) {
            // another scheme (Basic, ...) is not ours to judge: for us there simply is no bearer token
            return Optional.empty();
        }
        if (parts.length != 2 || parts[1].length() > MAX_LENGTH || !B64TOKEN.matcher(parts[1]).matches()) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED);
        }
        return Optional.of(parts[1]);
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
