/**
 * The building blocks of browser sign-in: reading and writing the token cookies, the CSRF proof, safe return
 * targets and telling a page visit from a script's call. Each is small, stateless and free of policy; the
 * filter and the sign-in, renew and sign-out handlers combine them. Not API: may change in any release
 * without notice.
 */
package io.github.servletauth.servlet.internal.browser;
