/**
 * The example webapp's own code: what a legacy servlet looks like once {@code JwtFilter} is in front of it.
 * The wiring of the library itself is all in {@code WEB-INF/web.xml}.
 */
package io.github.servletauth.example;
