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
}
