/**
 * Internals of auth-servlet: request parsing, the strict JSON reader and writer, error mapping. Not API: may
 * change in any release without notice.
 */
package io.github.servletauth.servlet.internal;
