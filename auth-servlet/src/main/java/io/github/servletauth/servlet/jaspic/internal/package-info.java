/**
 * The Jakarta Authentication module behind {@link io.github.servletauth.servlet.jaspic.JaspicRegistration}: the
 * provider, its server configuration and context, and the module. Not API: may change in any release without
 * notice.
 */
package io.github.servletauth.servlet.jaspic.internal;
