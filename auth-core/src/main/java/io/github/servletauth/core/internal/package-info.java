/** Not API: implementation of auth-core; may change in any release. */
package io.github.servletauth.core.internal;
