/**
 * Not API: implementation of auth-core; may change in any release.
 *
 * <p>Access tokens: {@link io.github.servletauth.core.internal.token.TokenKeys} holds the keys of the one
 * configured algorithm, {@link io.github.servletauth.core.internal.token.AccessTokenCodec} issues and verifies
 * RFC 9068 JWTs with jose4j, {@link io.github.servletauth.core.internal.token.EmbeddedSecret} keeps the HS256
 * secret of embedded mode in the data directory.
 */
package io.github.servletauth.core.internal.token;
