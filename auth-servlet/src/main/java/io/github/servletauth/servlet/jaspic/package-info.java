/**
 * Container-managed security with our tokens: {@link io.github.servletauth.servlet.jaspic.JaspicRegistration}
 * registers a Jakarta Authentication (JASPIC) provider for the webapp, so that its {@code <security-constraint>}
 * rules, {@code isUserInRole} and {@code request.authenticate()} work with the tokens JwtFilter reads.
 */
package io.github.servletauth.servlet.jaspic;
