/**
 * Not API: implementation of auth-core; may change in any release.
 *
 * <p>Access tokens: {@link io.github.servletauth.core.internal.token.TokenKeys} holds the keys of the one
 * configured algorithm, {@link io.github.servletauth.core.internal.token.AccessTokenCodec} issues and verifies
 * RFC 9068 JWTs with jose4j, {@link io.github.servletauth.core.internal.token.EmbeddedSecret} keeps the HS256
 * secret of embedded mode in the data directory, and
 * {@link io.github.servletauth.core.internal.token.RemoteJwks} keeps a verifier's key set fetched in the
 * background.
 *
 * <p>Tokens of another issuer ({@code auth.jwt.issuer-uri}): {@code IssuerDiscovery} finds its JWK Set from its
 * metadata, {@code IssuerKeys} keeps the set's signature keys, {@code ForeignTokenCodec} verifies its access
 * tokens and {@code ClaimMapping} turns their claims into a {@link io.github.servletauth.core.VerifiedToken}
 * (and refuses ID tokens).
 */
package io.github.servletauth.core.internal.token;
