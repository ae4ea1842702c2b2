/**
 * The public API of auth-core: {@link io.github.servletauth.core.AuthService} (the entry point),
 * {@link io.github.servletauth.core.AuthConfig}, the value types it hands out and the exception hierarchy
 * rooted at {@link io.github.servletauth.core.AuthException}. Nothing here depends on the servlet API.
 */
package io.github.servletauth.core;
