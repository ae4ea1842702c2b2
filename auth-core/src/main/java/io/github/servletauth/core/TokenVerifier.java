package io.github.servletauth.core;

/**
 * Verifies access tokens locally: signature, allowed algorithm, {@code iss}, {@code aud}, {@code exp},
 * {@code sub} and, where the verifier knows of revocations, revocation. Implementations are thread-safe and
 * do not touch the database per call. {@link AuthService#tokenVerifier()} returns the one that also checks
 * revocations.
 */
@FunctionalInterface
public interface TokenVerifier {

    /**
     * @param accessToken the compact JWS, without the {@code Bearer } prefix
     * @return the verified claims
     * @throws InvalidTokenException if the token is refused, with the reason
     */
    VerifiedToken verify(String accessToken);

    /**
     * Whether {@link #verify(String)} itself refuses, with {@link InvalidTokenException.Reason#MALFORMED},
     * every string that is not a compact JWS (three base64url parts joined by two dots, RFC 7515 section 7.1).
     * A caller that takes tokens from the network may then leave the character check to the verifier instead
     * of scanning every token first (e.g. for RFC 6750's {@code b64token} syntax, of which compact JWS is a
     * subset), so that a repeated token costs no more than the verifier's lookup. The verifiers of this
     * library ({@link AuthService#tokenVerifier()}, {@link JwtVerifier}) do; the default, for other
     * implementations, is {@code false}.
     *
     * @return whether {@code verify} refuses every string outside the compact JWS syntax as malformed
     */
    default boolean checksCompactSyntax() {
        return false;
    }
}
