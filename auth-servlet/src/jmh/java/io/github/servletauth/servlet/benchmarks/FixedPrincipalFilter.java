package io.github.servletauth.servlet.benchmarks;

import io.github.servletauth.core.VerifiedToken;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.io.IOException;
import java.security.Principal;
import java.time.Instant;
import java.util.Set;

/**
 * Benchmark-only baseline of {@link FilterBenchmark} and of the load script
 * ({@code example-webapp/src/load/load.sh}, which copies this class into the WAR it measures): gives every
 * request the same fixed user, without reading or checking any token, so {@code /open/whoami} does exactly the
 * servlet work {@code /api/whoami} does behind {@code JwtFilter}, minus the token verification being measured.
 * A test class: never part of a jar or WAR we ship.
 */
public final class FixedPrincipalFilter implements Filter {
    private static final VerifiedToken USER = new VerifiedToken(1, "loadtest", Set.of("user"), "sid", "jti",
            Instant.EPOCH, Instant.now().plusSeconds(86_400));
    private static final Principal PRINCIPAL = USER::username;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        request.setAttribute("io.github.servletauth.token", USER);
        chain.doFilter(new HttpServletRequestWrapper((HttpServletRequest) request) {
            @Override
            public Principal getUserPrincipal() {
                return PRINCIPAL;
            }

            @Override
            public String getRemoteUser() {
                return USER.username();
            }

            @Override
            public boolean isUserInRole(String role) {
                return USER.hasRole(role);
            }
        }, response);
    }
}
