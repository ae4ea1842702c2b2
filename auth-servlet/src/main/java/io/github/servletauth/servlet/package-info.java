/**
 * The servlet side of servlet-auth: {@link io.github.servletauth.servlet.AuthContextListener} builds the
 * service, {@link io.github.servletauth.servlet.AuthApiServlet} exposes the whole HTTP API under one mapping
 * (or the endpoint servlets {@code RegisterServlet}, {@code LoginServlet}, {@code ValidateServlet},
 * {@code RefreshServlet}, {@code LogoutServlet}, {@code PasswordServlet}, {@code JwksServlet} one by one), and
 * {@link io.github.servletauth.servlet.JwtFilter} authenticates requests of any webapp by their bearer token. All bodies are JSON ({@code application/json; charset=utf-8}); requests may also be HTML forms;
 * error bodies always carry an {@code "error"} string.
 */
package io.github.servletauth.servlet;
